"""CasePilot's GraphQL types: an answer, the facts it cites, threads and streamed steps."""

from __future__ import annotations

import uuid
from enum import Enum
from typing import Self

import strawberry

from assistant.adapters.threads import Turn
from assistant.casepilot import Reply
from assistant.domain import answers
from atlaskit.schema_types import CodeSystem


@strawberry.enum(description="How an answer ends.")
class AnswerOutcome(Enum):
    ANSWERED = "answered"
    NOT_IN_CATALOG = "not_in_catalog"
    DECLINED = "declined"
    UNKNOWN = "unknown"


@strawberry.type(description="A fact an answer rests on.")
class Citation:
    system: CodeSystem | None = strawberry.field(
        description="The code system; null for a guideline, a place of service or a document."
    )
    code: str = strawberry.field(description="The code, or the guideline's or document's id.")
    release_id: str = strawberry.field(description="The release the cited text comes from.")
    source: str = strawberry.field(
        description='Where the fact was read: "catalog", "ncci_ptp", "ncci_mue", "pfs_rvu"...'
    )

    @classmethod
    def of(cls, citation: answers.Citation) -> Self:
        return cls(
            system=citation.system,
            code=citation.code,
            release_id=citation.release_id,
            source=citation.source,
        )

    @classmethod
    def stored(cls, citation: dict[str, str | None]) -> Self:
        system = citation["system"]
        return cls(
            system=CodeSystem(system) if system else None,
            code=citation["code"] or "",
            release_id=citation["releaseId"] or "",
            source=citation["source"] or "",
        )


@strawberry.type(description="CasePilot's answer, with the facts it cites.")
class Answer:
    text: str
    outcome: AnswerOutcome
    citations: list[Citation]
    tools_used: list[str] = strawberry.field(
        description='What the assistant consulted, e.g. "catalog.ncci_check".'
    )
    thread_id: strawberry.ID = strawberry.field(
        description="Pass it with the next question to continue the conversation."
    )
    turn: int

    @classmethod
    def of(cls, reply: Reply) -> Self:
        answer = reply.answer
        return cls(
            text=answer.text,
            outcome=AnswerOutcome(answer.outcome.value),
            citations=[Citation.of(c) for c in answer.citations],
            tools_used=list(answer.tools_used),
            thread_id=strawberry.ID(str(reply.thread_id)),
            turn=reply.turn,
        )


@strawberry.type(description="One question of a thread and the answer it got.")
class ThreadTurn:
    turn: int
    question: str
    answer: str
    outcome: AnswerOutcome
    citations: list[Citation]
    tools_used: list[str]

    @classmethod
    def of(cls, turn: Turn) -> Self:
        return cls(
            turn=turn.turn,
            question=turn.question,
            answer=turn.answer,
            outcome=AnswerOutcome(turn.outcome),
            citations=[Citation.stored(c) for c in turn.citations],
            tools_used=turn.tools_used,
        )


@strawberry.type(description="A CasePilot conversation.")
class Thread:
    id: strawberry.ID
    turns: list[ThreadTurn]

    @classmethod
    def of(cls, thread_id: uuid.UUID, turns: list[Turn]) -> Self:
        return cls(id=strawberry.ID(str(thread_id)), turns=[ThreadTurn.of(t) for t in turns])


@strawberry.type(
    description=(
        "One event of a streamed answer: progress steps first (step set), then the answer"
        " (answer set), last."
    )
)
class AnswerEvent:
    step: str | None = None
    answer: Answer | None = None
