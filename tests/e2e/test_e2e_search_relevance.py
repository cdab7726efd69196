"""The relevance harness over the full index of every code set, through the gateway, against
plain PostgreSQL full text on the same index in the same run. It prints its table and fails
when Recall@10 falls below the level reached minus a small margin."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import asyncpg
import httpx
import pytest

from devstack.stack import RunningStack
from search.domain.queries import search_request
from search.domain.thesaurus import reviewed_thesaurus
from search.relevance import baseline_search, evaluate, relevance_queries, table
from search.searching import search_codes
from search.settings import SearchSettings

pytestmark = pytest.mark.e2e

# Measured on the full demo index (README, "Search relevance"); a drop of more than the
# margin fails the build.
RECALL_AT_10_REACHED = 0.977
MARGIN = 0.02

SEARCH = """
query Search($query: String!) {
  search(query: $query, first: 10) { edges { node { system code } } }
}
"""


@pytest.fixture(scope="module")
async def search_pool(stack: RunningStack) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(SearchSettings().dsn, min_size=1, max_size=4)
    assert pool is not None
    try:
        yield pool
    finally:
        await pool.close()


async def test_relevance_against_plain_full_text(
    stack: RunningStack, search_pool: asyncpg.Pool, capsys: pytest.CaptureFixture[str]
) -> None:
    queries = relevance_queries()
    async with httpx.AsyncClient(timeout=30) as client:

        async def codeatlas(query: str) -> Sequence[str]:
            response = await client.post(
                stack.gateway_url, json={"query": SEARCH, "variables": {"query": query}}
            )
            body = response.json()
            assert "errors" not in body, (query, body)
            edges = body["data"]["search"]["edges"]
            return [f"{e['node']['system']}:{e['node']['code']}" for e in edges]

        ours = await evaluate(codeatlas, queries)

    async def baseline(query: str) -> Sequence[str]:
        return await baseline_search(search_pool, query)

    # Typo tolerance without the reviewed misspellings list: pg_trgm corrections alone.
    without_listed = reviewed_thesaurus(("lay", "abbreviation", "spelling"))

    async def corrections_only(query: str) -> Sequence[str]:
        page = await search_codes(search_pool, search_request(query, 10, None), without_listed)
        return [f"{hit.system.value}:{hit.code}" for hit in page.hits]

    typos = [query for query in queries if query.category == "typo"]
    evaluations = {
        "CodeAtlas": ours,
        "baseline (plain PostgreSQL full text)": await evaluate(baseline, queries),
        "CodeAtlas without the misspellings list": await evaluate(corrections_only, typos),
    }
    misses = [q.query for q in queries if ours.ranks[q.query] is None]
    with capsys.disabled():
        print("\n\nSearch relevance (first right answer in the first 10 results)\n")
        print(table(queries, evaluations))
        print(f"\nCodeAtlas misses ({len(misses)}): {misses}\n")
    overall = ours.overall()
    assert overall.recall_at_10 >= RECALL_AT_10_REACHED - MARGIN
    assert overall.mrr > evaluations["baseline (plain PostgreSQL full text)"].overall().mrr
