"""Query events counted per query, and the review of searches that found nothing."""

from __future__ import annotations

import asyncpg
import pytest

from atlaskit.coding import CodeSystem
from search.adapters.query_stats import count_queries, zero_result_queries
from search.api.context import SearchContext
from search.api.schema import schema
from search.domain.events import query_performed
from search.domain.thesaurus import reviewed_thesaurus

pytestmark = pytest.mark.integration

REVIEW = "{ zeroResultSearches(first: 5) { query searches zeroResults lastResultCount } }"


async def test_queries_that_found_nothing_are_listed_most_unanswered_first(
    conn: asyncpg.Connection,
) -> None:
    events = [
        query_performed("Zebra stripes", "words", (), 0),
        query_performed("zebra  STRIPES", "words", (CodeSystem.ICD10CM,), 0),
        query_performed("wheelchair", "words", (), 319),
        query_performed("unicorn", "words", (), 0),
        query_performed("zebra stripes", "words", (), 2),
        query_performed("unic", "autocomplete", (), 0),
    ]
    await count_queries(conn, events[:3])
    await count_queries(conn, events[3:])
    stats = await zero_result_queries(conn, 10)
    assert [(s.query, s.searches, s.zero_results, s.last_result_count) for s in stats] == [
        ("zebra stripes", 3, 2, 2),
        ("unicorn", 1, 1, 0),
    ]


async def test_only_a_reviewer_reads_what_people_searched(search_db: asyncpg.Pool) -> None:
    anyone = SearchContext(search_db, reviewed_thesaurus(), None).as_dict()
    refused = await schema.execute(REVIEW, context_value=anyone)
    assert refused.errors is not None
    assert refused.errors[0].extensions == {"code": "UNAUTHENTICATED"}
    reviewer = SearchContext(search_db, reviewed_thesaurus(), None, reviewer=True).as_dict()
    allowed = await schema.execute(REVIEW, context_value=reviewer)
    assert allowed.errors is None and allowed.data is not None
    assert isinstance(allowed.data["zeroResultSearches"], list)
