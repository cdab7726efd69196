"""How word matches are ordered, and when a search relaxes from all words to any word."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from search.domain.thesaurus import WordGroup

# Below 1: a header (E11) ranks under its billable codes (E11.9) for a specific query.
SPECIFIC_QUERY_HEADER_WEIGHT = 0.8
# A query with this many groups of words (terms) is specific enough to prefer billable codes.
SPECIFIC_QUERY_GROUPS = 2


@dataclass(frozen=True)
class Ranking:
    """Active codes first, then a title equal to the query, then text rank (titles weigh more
    than short titles, short titles more than inclusion terms, short titles win ties), times
    ``header_weight`` for headers (codes that are not billable)."""

    every_group: bool  # False: the relaxed search, when no code matches every group
    header_weight: float


def ranking_for(groups: Sequence[WordGroup], every_group: bool = True) -> Ranking:
    specific = len(groups) >= SPECIFIC_QUERY_GROUPS
    return Ranking(every_group, SPECIFIC_QUERY_HEADER_WEIGHT if specific else 1.0)
