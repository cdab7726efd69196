"""Internal REST: CasePilot's question decisions, asked by the assistant before it answers.

The viewer is taken only from the gateway's signed viewer context, forwarded as it came, and
checked as for views. A question the plan does not allow today is an answer (``allowed``
false, ``QUESTION_LIMIT_REACHED`` and the plan's sentence), not an error.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from quota.api.errors import QUESTION_LIMIT_REACHED, QUESTIONS_UNMETERED_MESSAGE
from quota.api.rest import SignedViewer, metering_refusals, quota_context
from quota.domain.questions import MAX_QUESTION_ID_LENGTH
from quota.question_metering import MeteredQuestion

question_router = APIRouter(prefix="/internal/questions")


class QuestionAsked(BaseModel):
    # The caller's id for the question: the same id again today is a retry, counted once.
    # Control characters are refused: the id is stored as text in the ledger.
    question_id: Annotated[
        str,
        Field(
            alias="questionId",
            min_length=1,
            max_length=MAX_QUESTION_ID_LENGTH,
            pattern=r"^[^\x00-\x1f\x7f]+$",
        ),
    ]


def _answer(metered: MeteredQuestion) -> dict[str, Any]:
    decision = metered.decision
    return {
        "allowed": decision.allowed,
        "used": decision.used,
        "limit": decision.limit,
        "remaining": decision.remaining,
        "resetsAt": metered.day.resets_at.isoformat(),
        "errorCode": None if decision.allowed else QUESTION_LIMIT_REACHED,
        "reason": decision.reason,
    }


@question_router.post("/decide")
async def decide_question(
    asked: QuestionAsked, viewer: SignedViewer, request: Request
) -> JSONResponse:
    with metering_refusals(QUESTIONS_UNMETERED_MESSAGE):
        metered = await quota_context(request).questions.decide(viewer, asked.question_id)
    return JSONResponse(_answer(metered))
