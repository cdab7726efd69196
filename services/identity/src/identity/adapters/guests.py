"""The guests table."""

from __future__ import annotations

from datetime import datetime

import asyncpg


async def save_guest(conn: asyncpg.Connection, viewer_id: str, expires_at: datetime) -> None:
    await conn.execute(
        "INSERT INTO guests (viewer_id, expires_at) VALUES ($1, $2)", viewer_id, expires_at
    )
