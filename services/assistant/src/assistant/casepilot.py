"""CasePilot: read the question (continuing the thread), answer from the tools, guard every
code in the answer, remember the turn."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

import asyncpg

from assistant.adapters import facts, threads
from assistant.adapters.phrasing import PhrasingFailed
from assistant.answering import Progress, Tools, answer_intent
from assistant.domain.answers import Answer, Outcome
from assistant.domain.guard import guarded, rephrasing_keeps_to_the_facts, tokens_to_check
from assistant.domain.intents import Intent
from assistant.domain.questions import read_intent

log = logging.getLogger(__name__)
PHRASED = "llm.phrase"


class ThreadNotFound(LookupError):
    """A thread that does not exist, or is another viewer's (the two are not told apart)."""


@dataclass(frozen=True)
class Reply:
    answer: Answer
    thread_id: uuid.UUID
    turn: int


async def _silent(_: str) -> None:
    return None


class Phraser(Protocol):
    async def phrase(self, question: str, answer: Answer) -> str: ...


@dataclass(frozen=True)
class CasePilot:
    pool: asyncpg.Pool
    tools: Tools
    phraser: Phraser | None = None  # an optional language model that rewords answers

    async def ask(
        self,
        question: str,
        viewer_id: str,
        thread_id: uuid.UUID | None = None,
        progress: Progress = _silent,
        date_of_service: date | None = None,
    ) -> Reply:
        previous: Intent | None = None
        if thread_id is not None:
            if await threads.thread_owner(self.pool, thread_id) != viewer_id:
                raise ThreadNotFound(f"There is no thread {thread_id} of yours to continue.")
            previous = await threads.last_intent(self.pool, thread_id)
        intent = read_intent(question, previous, date_of_service)
        answer = await self.answer(question, intent, progress)
        thread = thread_id or uuid.uuid4()
        turn = await threads.record_turn(self.pool, thread, viewer_id, question, intent, answer)
        return Reply(answer, thread, turn)

    async def answer(self, question: str, intent: Intent, progress: Progress = _silent) -> Answer:
        answer = await answer_intent(self.tools, intent, progress)
        unchecked = tokens_to_check(answer, question)
        if unchecked:
            await progress("checking every code in the answer against the catalog...")
        grounded = guarded(answer, unchecked, await facts.existing_codes(self.tools.db, unchecked))
        if self.phraser is None or grounded.outcome is not Outcome.ANSWERED:
            return grounded
        await progress("phrasing the answer...")
        return await self._phrased(question, grounded, self.phraser)

    @staticmethod
    async def _phrased(question: str, grounded: Answer, phraser: Phraser) -> Answer:
        """The model's words when they keep to the grounded facts, else the grounded ones."""
        try:
            text = await phraser.phrase(question, grounded)
        except PhrasingFailed:
            return grounded
        if not rephrasing_keeps_to_the_facts(grounded, text, question):
            log.warning("the language model's words named codes or numbers beyond the facts")
            return grounded
        return replace(grounded, text=text, tools_used=(*grounded.tools_used, PHRASED))
