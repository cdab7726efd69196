"""The optional language model: its words are used only when they keep to the grounded
facts (no new code, no changed number); otherwise, or when it fails, the grounded words."""

from __future__ import annotations

import json

import httpx
import pytest

from assistant.adapters.phrasing import ChatPhraser, PhrasingFailed
from assistant.casepilot import PHRASED, CasePilot
from assistant.domain.answers import Answer, Citation
from assistant.domain.guard import rephrasing_keeps_to_the_facts
from atlaskit.coding import CodeSystem

pytestmark = pytest.mark.unit

GROUNDED = Answer(
    "The MUE for CPT 97110 is 4 units of service per patient (MAI 3), release NCCI-MUE-2024-07-01.",
    (Citation(CodeSystem.CPT, "97110", "NCCI-MUE-2024-07-01", "ncci_mue"),),
    ("catalog.code_page",),
)
QUESTION = "MUE for 97110?"


@pytest.mark.parametrize(
    ("phrased", "kept"),
    [
        ("You can bill up to 4 units of 97110 per patient (MAI 3, NCCI-MUE-2024-07-01).", True),
        ("You can bill up to 6 units of 97110 per patient.", False),
        ("Up to 4 units of 97110; for group therapy use 97150.", False),
    ],
)
def test_a_rewording_may_not_bring_in_a_code_or_change_a_number(phrased: str, kept: bool) -> None:
    assert rephrasing_keeps_to_the_facts(GROUNDED, phrased, QUESTION) is kept


class _Model:
    def __init__(self, text: str | None) -> None:
        self.text = text

    async def phrase(self, question: str, answer: Answer) -> str:
        if self.text is None:
            raise PhrasingFailed("down")
        return self.text


async def test_words_that_keep_to_the_facts_replace_the_grounded_ones() -> None:
    words = "Up to 4 units of 97110 may be billed per patient (MAI 3)."
    phrased = await CasePilot._phrased(QUESTION, GROUNDED, _Model(words))
    assert phrased.text == words and phrased.citations == GROUNDED.citations
    assert phrased.tools_used == (*GROUNDED.tools_used, PHRASED)


@pytest.mark.parametrize("words", ["Up to 9 units of 97110.", None])
async def test_otherwise_the_grounded_words_stay(words: str | None) -> None:
    assert await CasePilot._phrased(QUESTION, GROUNDED, _Model(words)) is GROUNDED


async def test_the_chat_endpoint_is_asked_with_the_question_and_the_grounded_answer() -> None:
    seen: list[dict[str, object]] = []

    def endpoint(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/chat/completions"
        assert request.headers["authorization"] == "Bearer key"
        seen.append(json.loads(request.content))
        reply = {"choices": [{"message": {"role": "assistant", "content": " Four units. "}}]}
        return httpx.Response(200, json=reply)

    phraser = ChatPhraser("http://llm.test/v1", "model-x", "key", 5, httpx.MockTransport(endpoint))
    assert await phraser.phrase(QUESTION, GROUNDED) == "Four units."
    messages = seen[0]["messages"]
    assert isinstance(messages, list) and GROUNDED.text in messages[1]["content"]
    assert seen[0]["model"] == "model-x" and seen[0]["temperature"] == 0


async def test_an_endpoint_that_fails_is_a_phrasing_failure() -> None:
    failing = httpx.MockTransport(lambda _: httpx.Response(500, json={"error": "x"}))
    phraser = ChatPhraser("http://llm.test/v1", "m", None, 5, failing)
    with pytest.raises(PhrasingFailed):
        await phraser.phrase(QUESTION, GROUNDED)
