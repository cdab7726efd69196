"""The assistant subgraph's SDL: what the gateway composes."""

from __future__ import annotations

import pytest

from assistant.api.schema import schema

pytestmark = pytest.mark.unit


async def test_ask_answers_with_citations_in_threads_and_streams() -> None:
    result = await schema.execute("{ _service { sdl } }")
    assert result.errors is None and result.data is not None
    sdl = result.data["_service"]["sdl"]
    assert "ask(\n" in sdl and "threadId: ID = null" in sdl and "): Answer!" in sdl
    assert "askStream(\n" in sdl and "): AnswerEvent!" in sdl
    assert "thread(id: ID!): Thread!" in sdl
    assert "outcome: AnswerOutcome!" in sdl
    assert "toolsUsed: [String!]!" in sdl
    assert "releaseId: String!" in sdl
