"""The search index in PostgreSQL: one row per code, full text over its titles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import asyncpg

from atlaskit.coding import CodeSystem
from search.domain.codes import IndexedCode
from search.domain.results import SearchHit

Database: TypeAlias = asyncpg.Connection | asyncpg.Pool

_TEXT_QUERY = "websearch_to_tsquery('english', $1)"
# Normalisation 1 divides by 1 + log(length): without it, long titles that repeat a word
# outrank the short title that is just that word ("Standard wheelchair").
_RANK = "ts_rank(document, query, 1)"
_SNIPPET_OPTIONS = "StartSel=<mark>, StopSel=</mark>"


async def upsert_codes(conn: asyncpg.Connection, codes: Sequence[IndexedCode]) -> None:
    await conn.executemany(
        "INSERT INTO indexed_codes"
        " (system, code, short_title, title, status, billable, release_id)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7)"
        " ON CONFLICT (system, code) DO UPDATE SET short_title = EXCLUDED.short_title,"
        " title = EXCLUDED.title, status = EXCLUDED.status, billable = EXCLUDED.billable,"
        " release_id = EXCLUDED.release_id, updated_at = now()",
        [
            (
                c.system.value,
                c.code,
                c.short_title,
                c.title,
                c.status.value,
                c.billable,
                c.release_id,
            )
            for c in codes
        ],
    )


async def count_code_matches(db: Database, code_key: str) -> int:
    value = await db.fetchval(
        "SELECT count(*) FROM indexed_codes WHERE code_key LIKE $1::text || '%'", code_key
    )
    return int(value)


async def find_code_matches(
    db: Database, code_key: str, limit: int, offset: int
) -> list[SearchHit]:
    """The code itself first, then the codes it starts; active before terminated."""
    rows = await db.fetch(
        "SELECT system, code FROM indexed_codes WHERE code_key LIKE $1::text || '%'"
        " ORDER BY code_key = $1 DESC, status = 'active' DESC, code_key, system"
        " LIMIT $2 OFFSET $3",
        code_key,
        limit,
        offset,
    )
    return [SearchHit(CodeSystem(row["system"]), row["code"], None) for row in rows]


async def count_text_matches(db: Database, text: str) -> int:
    value = await db.fetchval(
        f"SELECT count(*) FROM indexed_codes WHERE document @@ {_TEXT_QUERY}", text
    )
    return int(value)


async def find_text_matches(db: Database, text: str, limit: int, offset: int) -> list[SearchHit]:
    """Active codes before terminated ones, each group by how well the titles match."""
    rows = await db.fetch(
        f"SELECT system, code, ts_headline('english', title, query, '{_SNIPPET_OPTIONS}')"
        f" AS snippet FROM indexed_codes, {_TEXT_QUERY} AS query WHERE document @@ query"
        f" ORDER BY status = 'active' DESC, {_RANK} DESC, code_key, system"
        " LIMIT $2 OFFSET $3",
        text,
        limit,
        offset,
    )
    return [SearchHit(CodeSystem(row["system"]), row["code"], row["snippet"]) for row in rows]
