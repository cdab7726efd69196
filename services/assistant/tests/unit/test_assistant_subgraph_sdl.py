"""The assistant subgraph's SDL: what the gateway composes."""

from __future__ import annotations

import pytest

from assistant.api.schema import schema

pytestmark = pytest.mark.unit


async def test_ask_answers_with_citations() -> None:
    result = await schema.execute("{ _service { sdl } }")
    assert result.errors is None and result.data is not None
    sdl = result.data["_service"]["sdl"]
    assert "ask(question: String!): Answer!" in sdl
    assert "toolsUsed: [String!]!" in sdl
    assert "releaseId: String!" in sdl
