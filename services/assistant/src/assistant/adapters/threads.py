"""Threads in PostgreSQL: who owns each, and its turns in order."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

import asyncpg

from assistant.domain.answers import Answer
from assistant.domain.intent_codec import dump_intent, load_intent
from assistant.domain.intents import Intent


@dataclass(frozen=True)
class Turn:
    turn: int
    question: str
    answer: str
    outcome: str
    citations: list[dict[str, str | None]]
    tools_used: list[str]


async def thread_owner(db: asyncpg.Pool, thread_id: uuid.UUID) -> str | None:
    owner: str | None = await db.fetchval("SELECT viewer_id FROM threads WHERE id = $1", thread_id)
    return owner


async def last_intent(db: asyncpg.Pool, thread_id: uuid.UUID) -> Intent | None:
    stored = await db.fetchval(
        "SELECT intent FROM thread_turns WHERE thread_id = $1 ORDER BY turn DESC LIMIT 1",
        thread_id,
    )
    return load_intent(json.loads(stored)) if stored else None


async def record_turn(
    db: asyncpg.Pool,
    thread_id: uuid.UUID,
    viewer_id: str,
    question: str,
    intent: Intent,
    answer: Answer,
) -> int:
    """Appends a turn (creating the thread on its first); returns the turn's number."""
    citations = [
        {
            "system": c.system.value if c.system else None,
            "code": c.code,
            "releaseId": c.release_id,
            "source": c.source,
        }
        for c in answer.citations
    ]
    async with db.acquire() as conn, conn.transaction():
        await conn.execute(
            "INSERT INTO threads (id, viewer_id) VALUES ($1, $2)"
            " ON CONFLICT (id) DO UPDATE SET updated_at = now()",
            thread_id,
            viewer_id,
        )
        # The thread's row is locked by the upsert, so turns are numbered one at a time.
        turn: int = await conn.fetchval(
            "INSERT INTO thread_turns (thread_id, turn, question, answer, outcome, intent,"
            " citations, tools_used) SELECT $1, COALESCE(MAX(turn), 0) + 1, $2, $3, $4, $5, $6,"
            " $7 FROM thread_turns WHERE thread_id = $1 RETURNING turn",
            thread_id,
            question,
            answer.text,
            answer.outcome.value,
            json.dumps(dump_intent(intent)),
            json.dumps(citations),
            list(answer.tools_used),
        )
    return turn


async def turns_of(db: asyncpg.Pool, thread_id: uuid.UUID) -> list[Turn]:
    rows = await db.fetch(
        "SELECT turn, question, answer, outcome, citations, tools_used FROM thread_turns"
        " WHERE thread_id = $1 ORDER BY turn",
        thread_id,
    )
    return [
        Turn(
            r["turn"],
            r["question"],
            r["answer"],
            r["outcome"],
            json.loads(r["citations"]),
            list(r["tools_used"]),
        )
        for r in rows
    ]
