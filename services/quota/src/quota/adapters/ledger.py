"""The durable ledger of granted views in PostgreSQL."""

from __future__ import annotations

import asyncpg


async def record_grant(
    conn: asyncpg.Connection, viewer_id: str, window: str, system: str, code: str, plan: str
) -> None:
    await conn.execute(
        'INSERT INTO view_ledger (viewer_id, "window", system, code, plan)'
        " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        viewer_id,
        window,
        system,
        code,
        plan,
    )
