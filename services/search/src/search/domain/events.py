"""The events search publishes: one per search or type-ahead request, with its result count."""

from __future__ import annotations

from collections.abc import Sequence

from atlaskit.coding import CodeSystem
from atlaskit.events import Envelope
from atlaskit.events.topics import QUERY_PERFORMED
from search.domain.queries import MAX_QUERY_LENGTH, CodeMatch, SearchRequest

SOURCE = "search"


def query_kind(request: SearchRequest, total: int) -> str:
    """ "words" when the words were searched: the query was not a code, or no code matched."""
    if request.code is None or (total == 0 and request.words):
        return "words"
    return "code" if request.code.match is CodeMatch.PREFIX else request.code.match.value


def query_performed(
    query: str,
    kind: str,
    systems: Sequence[CodeSystem],
    result_count: int,
    corrected_query: str | None = None,
) -> Envelope:
    text = " ".join(query.split())[:MAX_QUERY_LENGTH]
    return Envelope(
        type=QUERY_PERFORMED,
        source=SOURCE,
        # Keyed by the query as typed (lower-case), so counts per query can be kept in order.
        subject=text.lower()[:200],
        data={
            "query": text,
            "kind": kind,
            "systems": [system.value for system in systems],
            "resultCount": result_count,
            "correctedQuery": corrected_query,
        },
    )
