"""How word matches are ordered, and when a search relaxes from all words to any word."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from search.domain.codes import plain_name
from search.domain.thesaurus import WordGroup

# A query with this many groups of words (terms) is specific: it prefers billable codes more.
SPECIFIC_QUERY_GROUPS = 2
# Below 1: headers (E11) rank under billable codes (E11.9), more so for a specific query.
HEADER_WEIGHT = 0.8
SPECIFIC_QUERY_HEADER_WEIGHT = 0.6
# Above 1: the catch-all code of a concept ("..., unspecified", "without complications")
# is what a query without further detail should find first.
UNSPECIFIED_WEIGHT = 2.0
# Below 1: a subsequent encounter or sequela (7th character D, G, K, S...) ranks under the
# initial encounter of the same injury.
LATER_ENCOUNTER_WEIGHT = 0.5
# Matches in the inclusion terms count this much of a match in the titles.
TERMS_WEIGHT = 0.5


@dataclass(frozen=True)
class Ranking:
    """Active codes first, then codes the query names exactly (title or an inclusion term,
    nonessential modifiers aside), then the score: per group of words, the text rank of the
    titles plus ``terms_weight`` times that of the inclusion terms for the best alternative;
    times ``header_weight`` for codes that are not billable, ``unspecified_weight`` for
    catch-all codes and ``later_encounter_weight`` for later encounters and sequelae.
    Shorter titles win ties."""

    every_group: bool  # False: the relaxed search, when no code matches every group
    header_weight: float
    unspecified_weight: float = UNSPECIFIED_WEIGHT
    later_encounter_weight: float = LATER_ENCOUNTER_WEIGHT
    terms_weight: float = TERMS_WEIGHT


def ranking_for(groups: Sequence[WordGroup], every_group: bool = True) -> Ranking:
    specific = len(groups) >= SPECIFIC_QUERY_GROUPS
    return Ranking(every_group, SPECIFIC_QUERY_HEADER_WEIGHT if specific else HEADER_WEIGHT)


def names_asked(groups: Sequence[WordGroup]) -> list[str]:
    """The names a query could mean exactly: as typed, and (one group) as each synonym."""
    typed = plain_name(" ".join(group.typed for group in groups))
    if len(groups) != 1:
        return [typed]
    return list(dict.fromkeys([typed, *(plain_name(a) for a in groups[0].alternatives)]))
