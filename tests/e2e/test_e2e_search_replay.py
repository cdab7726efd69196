"""Rebuilding the index: a new consumer group with an empty database replays the catalog's
code topic and ends with the same index, and the same answers, as the live search service."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg
import pytest

from devstack.catch_up import groups_caught_up
from devstack.stack import RunningStack
from search.app import create_app
from search.domain.queries import search_request
from search.domain.thesaurus import reviewed_thesaurus
from search.relevance import relevance_queries
from search.searching import search_codes
from search.settings import SearchSettings

pytestmark = pytest.mark.e2e

INDEX_COLUMNS = (
    "system, code, short_title, title, status, billable, release_id, terms_text,"
    " effective_date, termination_date, names"
)


async def _answers(pool: asyncpg.Pool) -> dict[str, tuple[int, Sequence[str]]]:
    answers: dict[str, tuple[int, Sequence[str]]] = {}
    for query in relevance_queries():
        page = await search_codes(pool, search_request(query.query, 10, None), reviewed_thesaurus())
        answers[query.query] = (page.total, [f"{h.system.value}:{h.code}" for h in page.hits])
    return answers


async def _fingerprint(pool: asyncpg.Pool) -> tuple[int, str]:
    row = await pool.fetchrow(
        f"SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY system, code)) AS digest"
        f" FROM (SELECT {INDEX_COLUMNS} FROM indexed_codes) AS t"
    )
    assert row is not None
    return int(row["n"]), str(row["digest"])


async def test_replaying_the_topic_into_an_empty_index_gives_the_same_results(
    stack: RunningStack,
) -> None:
    live = SearchSettings()
    replay = SearchSettings(
        search_index_group="search-replay",
        search_database_name="search_replay",
        search_query_events=False,
    )
    prefix = live.kafka_topic_prefix
    app = create_app(replay)
    async with app.router.lifespan_context(app):
        assert await groups_caught_up(
            live.kafka_bootstrap_servers, prefix, ["search", "search-replay"], timeout=600
        )
        live_pool = await asyncpg.create_pool(live.dsn, min_size=1, max_size=2)
        replay_pool = await asyncpg.create_pool(replay.dsn, min_size=1, max_size=2)
        assert live_pool is not None and replay_pool is not None
        try:
            live_index, replayed_index = (
                await _fingerprint(live_pool),
                await _fingerprint(replay_pool),
            )
            assert replayed_index == live_index and live_index[0] > 180_000
            assert await _answers(replay_pool) == await _answers(live_pool)
        finally:
            await live_pool.close()
            await replay_pool.close()
