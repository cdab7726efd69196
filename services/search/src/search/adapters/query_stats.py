"""Searches counted per query from the query events, for reviewing queries that found nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from atlaskit.events import Envelope
from search.adapters.index import Database


@dataclass(frozen=True)
class QueryStat:
    query: str
    searches: int
    zero_results: int
    last_result_count: int
    last_searched_at: datetime


async def count_queries(conn: asyncpg.Connection, events: Sequence[Envelope]) -> None:
    """Adds each search (type-ahead requests aside) to its query's counts."""
    rows: dict[str, list[object]] = {}
    for event in events:
        data = event.data
        if data["kind"] == "autocomplete":
            continue
        key = " ".join(data["query"].lower().split())
        found = int(data["resultCount"])
        at = datetime.fromisoformat(event.time)
        row = rows.setdefault(key, [key, data["query"], 0, 0, found, at])
        row[2] = int(str(row[2])) + 1
        row[3] = int(str(row[3])) + (found == 0)
        row[4], row[5] = found, at
    if not rows:
        return
    await conn.executemany(
        "INSERT INTO query_stats AS s (query_key, query, searches, zero_results,"
        " last_result_count, last_searched_at) VALUES ($1, $2, $3, $4, $5, $6)"
        " ON CONFLICT (query_key) DO UPDATE SET searches = s.searches + EXCLUDED.searches,"
        " zero_results = s.zero_results + EXCLUDED.zero_results,"
        " last_result_count = EXCLUDED.last_result_count,"
        " last_searched_at = EXCLUDED.last_searched_at, query = EXCLUDED.query",
        [tuple(row) for row in sorted(rows.values(), key=lambda r: str(r[0]))],
    )


async def zero_result_queries(db: Database, first: int) -> list[QueryStat]:
    """Queries that found nothing at least once, the most often unanswered first."""
    rows = await db.fetch(
        "SELECT query, searches, zero_results, last_result_count, last_searched_at"
        " FROM query_stats WHERE zero_results > 0"
        " ORDER BY zero_results DESC, searches DESC, query_key LIMIT $1",
        first,
    )
    return [QueryStat(**dict(row)) for row in rows]
