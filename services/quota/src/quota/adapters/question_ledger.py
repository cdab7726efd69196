"""The durable ledger of CasePilot questions counted in PostgreSQL: the arbiter of every
day's count, as the view ledger is of every month's."""

from __future__ import annotations

from datetime import date

import asyncpg

from quota.adapters.ledger import lock_window


async def lock_day(conn: asyncpg.Connection, viewer_id: str, day: str) -> None:
    """Serializes a viewer's questions in one day until the transaction ends."""
    await lock_window(conn, viewer_id, f"questions:{day}")


async def questions_counted(conn: asyncpg.Connection, viewer_id: str, day: str) -> int:
    count: int = await conn.fetchval(
        "SELECT count(*) FROM question_ledger WHERE viewer_id = $1 AND day = $2",
        viewer_id,
        date.fromisoformat(day),
    )
    return count


async def is_recorded(conn: asyncpg.Connection, viewer_id: str, day: str, question_id: str) -> bool:
    found = await conn.fetchval(
        "SELECT 1 FROM question_ledger WHERE viewer_id = $1 AND day = $2 AND question_id = $3",
        viewer_id,
        date.fromisoformat(day),
        question_id,
    )
    return found is not None


async def record_question(
    conn: asyncpg.Connection, viewer_id: str, day: str, question_id: str, plan: str
) -> None:
    await conn.execute(
        "INSERT INTO question_ledger (viewer_id, day, question_id, plan)"
        " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        viewer_id,
        date.fromisoformat(day),
        question_id,
        plan,
    )


async def asked_question_ids(pool: asyncpg.Pool, viewer_id: str, day: str) -> list[str]:
    """The questions a viewer asked in a day: to load them into Redis."""
    rows = await pool.fetch(
        "SELECT question_id FROM question_ledger WHERE viewer_id = $1 AND day = $2",
        viewer_id,
        date.fromisoformat(day),
    )
    return [row["question_id"] for row in rows]


async def questions_on_day(pool: asyncpg.Pool, viewer_id: str, day: str) -> int:
    async with pool.acquire() as conn:
        return await questions_counted(conn, viewer_id, day)
