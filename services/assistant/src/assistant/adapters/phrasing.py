"""An optional language model that rephrases a grounded answer: any OpenAI-compatible chat
completions endpoint (``ASSISTANT_LLM_URL``, ``ASSISTANT_LLM_MODEL``, ``ASSISTANT_LLM_API_KEY``).
It is given the question and the facts already composed, never the catalog itself, and what
it writes passes the guard before it is used (see ``casepilot``)."""

from __future__ import annotations

import logging
from typing import Any

import httpx
from opentelemetry import trace

from assistant.domain.answers import Answer

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

INSTRUCTIONS = (
    "You rephrase answers for professional medical coders. Rewrite the GROUNDED ANSWER so it"
    " reads naturally and answers the QUESTION directly. Use only facts in the grounded"
    " answer. Keep every code, number, date and release id exactly as written; never add a"
    " code, a number or a fact that is not in it. If the grounded answer says it does not"
    " know or that a code is not in the catalog, say exactly that. Answer in at most 120"
    " words, plain text, no markdown."
)


class PhrasingFailed(Exception):
    """The model did not answer usefully; the grounded words are used as they are."""


class ChatPhraser:
    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None,
        timeout_seconds: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        headers = {"authorization": f"Bearer {api_key}"} if api_key else {}
        self._model = model
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            timeout=timeout_seconds,
            headers=headers,
            transport=transport,
        )

    async def close(self) -> None:
        await self._http.aclose()

    async def phrase(self, question: str, answer: Answer) -> str:
        body = {
            "model": self._model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": INSTRUCTIONS},
                {
                    "role": "user",
                    "content": f"QUESTION: {question}\n\nGROUNDED ANSWER: {answer.text}",
                },
            ],
        }
        with tracer.start_as_current_span("phrase an answer"):
            try:
                response = await self._http.post("/chat/completions", json=body)
                response.raise_for_status()
                reply: dict[str, Any] = response.json()
                text = str(reply["choices"][0]["message"]["content"]).strip()
            except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as exc:
                log.warning("the language model did not phrase the answer: %r", exc)
                raise PhrasingFailed(str(exc)) from exc
        if not text:
            raise PhrasingFailed("the language model answered with nothing")
        return text
