"""The durable ledger of granted views in PostgreSQL."""

from __future__ import annotations

import asyncpg


async def record_grant(
    conn: asyncpg.Connection, viewer_id: str, window: str, code_key: str, plan: str
) -> None:
    system, _, code = code_key.partition(":")
    await conn.execute(
        'INSERT INTO view_ledger (viewer_id, "window", system, code, plan)'
        " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        viewer_id,
        window,
        system,
        code,
        plan,
    )


async def granted_count(
    conn: asyncpg.Connection | asyncpg.Pool, viewer_id: str, window: str
) -> int:
    value = await conn.fetchval(
        'SELECT count(*) FROM view_ledger WHERE viewer_id = $1 AND "window" = $2',
        viewer_id,
        window,
    )
    return int(value)
