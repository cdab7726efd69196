"""Other words for what a searcher typed: lay terms, abbreviations and misspellings mapped to
the clinical words official titles use, from the reviewed list in ``content/synonyms.csv``."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from search.domain.queries import query_words

SYNONYMS_FILE = Path(__file__).resolve().parents[1] / "content" / "synonyms.csv"
KINDS = ("lay", "abbreviation", "misspelling", "spelling")
SPELLING_KINDS = ("misspelling", "spelling")
MAX_COMPLETIONS = 8
MIN_PARTIAL_FOR_TERM = 3


@dataclass(frozen=True)
class Synonym:
    term: str
    expansion: str
    kind: str
    source: str


@dataclass(frozen=True)
class WordGroup:
    """Words that must all be matched, in one of several ways: as typed or as a synonym."""

    typed: str
    alternatives: tuple[str, ...]  # as typed first, then each expansion
    correction: str | None = None  # the right spelling, when the typed words are misspelled

    @property
    def single_word(self) -> bool:
        return len(self.alternatives) == 1 and " " not in self.typed


class Thesaurus:
    def __init__(self, synonyms: Iterable[Synonym]) -> None:
        expansions: defaultdict[tuple[str, ...], list[str]] = defaultdict(list)
        corrections: dict[tuple[str, ...], str] = {}
        for synonym in synonyms:
            term = query_words(synonym.term)
            expansions[term].append(synonym.expansion)
            if synonym.kind in SPELLING_KINDS:
                corrections.setdefault(term, synonym.expansion)
        self._expansions: Mapping[tuple[str, ...], tuple[str, ...]] = {
            term: tuple(dict.fromkeys(found)) for term, found in expansions.items() if term
        }
        self._corrections: Mapping[tuple[str, ...], str] = corrections
        self._longest = max((len(term) for term in self._expansions), default=0)

    def __len__(self) -> int:
        return len(self._expansions)

    def groups(self, words: tuple[str, ...]) -> tuple[WordGroup, ...]:
        """The words in groups, the longest listed term first: "heart attack" is one group."""
        groups: list[WordGroup] = []
        start = 0
        while start < len(words):
            for length in range(min(self._longest, len(words) - start), 0, -1):
                term = words[start : start + length]
                if term in self._expansions:
                    typed = " ".join(term)
                    alternatives = (typed, *self._expansions[term])
                    groups.append(WordGroup(typed, alternatives, self._corrections.get(term)))
                    start += length
                    break
            else:
                groups.append(WordGroup(words[start], (words[start],)))
                start += 1
        return tuple(groups)

    def completing(self, words: tuple[str, ...], partial: str) -> list[tuple[int, str]]:
        """For type-ahead: listed terms that the last typed words and an unfinished word
        start ("broken wri" -> "broken wrist"), as (typed words they take, expansion)."""
        found: list[tuple[int, str]] = []
        for term, expansions in self._expansions.items():
            before, last = term[:-1], term[-1]
            taken = len(before)
            if not last.startswith(partial) or taken > len(words):
                continue
            follows = words[len(words) - taken :] == before
            # A one-word term needs a few letters first: "fl" should not stand for "flu".
            if follows and (taken or len(partial) >= MIN_PARTIAL_FOR_TERM):
                found.extend((taken, expansion) for expansion in expansions)
        return sorted(found, key=lambda item: (-item[0], item[1]))[:MAX_COMPLETIONS]


def read_synonyms(path: Path = SYNONYMS_FILE) -> list[Synonym]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Synonym(row["term"].strip(), row["expansion"].strip(), row["kind"], row["source"])
            for row in csv.DictReader(handle)
        ]


@cache
def reviewed_thesaurus(kinds: tuple[str, ...] = KINDS) -> Thesaurus:
    """The reviewed synonyms of the given kinds (all by default), read once."""
    return Thesaurus(s for s in read_synonyms() if s.kind in kinds)
