"""Type-ahead: what has been typed so far, as the start of a code or as words whose last one
may be unfinished."""

from __future__ import annotations

import re
from dataclasses import dataclass

from atlaskit.coding import CodeSystem
from search.domain.queries import InvalidSearch, query_words

MAX_PREFIX_LENGTH = 100
DEFAULT_LIMIT = 8
MAX_LIMIT = 20
# A lone unfinished word needs this many letters: "e" or "fr" would match half the index.
MIN_PARTIAL = 3

_CODE_START = re.compile(r"^(?=.*[0-9])[A-Z0-9]{2,7}$")


@dataclass(frozen=True)
class SuggestRequest:
    code_key: str | None  # the start of a code, upper-case and dotless
    words: tuple[str, ...]  # words typed in full
    partial: str | None  # the last word, if it may be unfinished
    systems: tuple[CodeSystem, ...]
    limit: int

    @property
    def text(self) -> str:
        return " ".join((*self.words, self.partial or ""))


def suggest_request(
    prefix: str, systems: tuple[CodeSystem, ...] = (), limit: int | None = None
) -> SuggestRequest:
    if len(prefix) > MAX_PREFIX_LENGTH:
        raise InvalidSearch(f"A prefix can have at most {MAX_PREFIX_LENGTH} characters.")
    size = DEFAULT_LIMIT if limit is None else limit
    if not 1 <= size <= MAX_LIMIT:
        raise InvalidSearch(f"limit must be between 1 and {MAX_LIMIT}.")
    compact = prefix.strip().upper().replace(".", "").replace(" ", "")
    if re.fullmatch(r"[A-Z0-9. ]+", prefix.strip().upper() or "-") and _CODE_START.match(compact):
        return SuggestRequest(compact, (), None, systems, size)
    words = query_words(prefix)
    if not words or (len(words) == 1 and prefix[-1:].isalnum() and len(words[0]) < MIN_PARTIAL):
        return SuggestRequest(None, (), None, systems, size)
    if prefix[-1:].isalnum():
        return SuggestRequest(None, words[:-1], words[-1], systems, size)
    return SuggestRequest(None, words, None, systems, size)
