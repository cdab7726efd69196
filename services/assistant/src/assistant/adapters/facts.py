"""The ``code_facts`` read model in PostgreSQL: one row per code, as the catalog last said."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import asyncpg

from assistant.domain.facts import CodeFact
from atlaskit.coding import CodeStatus, CodeSystem

Database: TypeAlias = asyncpg.Connection | asyncpg.Pool


async def upsert_facts(conn: asyncpg.Connection, facts: Sequence[CodeFact]) -> None:
    await conn.executemany(
        "INSERT INTO code_facts (system, code, title, short_title, status, release_id)"
        " VALUES ($1, $2, $3, $4, $5, $6)"
        " ON CONFLICT (system, code) DO UPDATE SET title = EXCLUDED.title,"
        " short_title = EXCLUDED.short_title, status = EXCLUDED.status,"
        " release_id = EXCLUDED.release_id, updated_at = now()",
        [
            (f.system.value, f.code, f.title, f.short_title, f.status.value, f.release_id)
            for f in facts
        ],
    )


async def find_fact(db: Database, system: CodeSystem, code: str) -> CodeFact | None:
    row = await db.fetchrow(
        "SELECT title, short_title, status, release_id FROM code_facts"
        " WHERE system = $1 AND code = $2",
        system.value,
        code,
    )
    if row is None:
        return None
    return CodeFact(
        system=system,
        code=code,
        title=row["title"],
        short_title=row["short_title"],
        status=CodeStatus(row["status"]),
        release_id=row["release_id"],
    )


async def existing_codes(db: Database, codes: Sequence[str]) -> set[str]:
    """Which of ``codes`` the catalog holds, in any code system."""
    if not codes:
        return set()
    rows = await db.fetch(
        "SELECT DISTINCT code FROM code_facts WHERE code = ANY($1::text[])", list(codes)
    )
    return {row["code"] for row in rows}
