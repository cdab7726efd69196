"""The ``code_facts`` read model in PostgreSQL: one row per code, as the catalog last said."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import asyncpg

from assistant.domain.facts import CodeFact
from assistant.domain.intents import CodeLookup
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
    return (await find_facts(db, [CodeLookup(system, code)]))[0]


async def find_facts(db: Database, lookups: Sequence[CodeLookup]) -> list[CodeFact | None]:
    """Each lookup's fact (None where the catalog lacks the code), in one query."""
    rows = await db.fetch(
        "SELECT system, code, title, short_title, status, release_id FROM code_facts"
        " WHERE (system, code) IN (SELECT * FROM unnest($1::text[], $2::text[]))",
        [lookup.system.value for lookup in lookups],
        [lookup.code for lookup in lookups],
    )
    found = {
        (row["system"], row["code"]): CodeFact(
            system=CodeSystem(row["system"]),
            code=row["code"],
            title=row["title"],
            short_title=row["short_title"],
            status=CodeStatus(row["status"]),
            release_id=row["release_id"],
        )
        for row in rows
    }
    return [found.get((lookup.system.value, lookup.code)) for lookup in lookups]


async def existing_codes(db: Database, codes: Sequence[str]) -> set[str]:
    """Which of ``codes`` the catalog holds, in any code system."""
    if not codes:
        return set()
    rows = await db.fetch(
        "SELECT DISTINCT code FROM code_facts WHERE code = ANY($1::text[])", list(codes)
    )
    return {row["code"] for row in rows}
