"""The ``code_facts`` read model in PostgreSQL: one row per code, as the catalog last said."""

from __future__ import annotations

from typing import TypeAlias

import asyncpg

from assistant.domain.facts import CodeFact, CodeStatus
from atlaskit.coding import CodeSystem

Database: TypeAlias = asyncpg.Connection | asyncpg.Pool


async def upsert_fact(conn: asyncpg.Connection, fact: CodeFact) -> None:
    await conn.execute(
        "INSERT INTO code_facts (system, code, title, short_title, status, release_id)"
        " VALUES ($1, $2, $3, $4, $5, $6)"
        " ON CONFLICT (system, code) DO UPDATE SET title = EXCLUDED.title,"
        " short_title = EXCLUDED.short_title, status = EXCLUDED.status,"
        " release_id = EXCLUDED.release_id, updated_at = now()",
        fact.system.value,
        fact.code,
        fact.title,
        fact.short_title,
        fact.status.value,
        fact.release_id,
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
