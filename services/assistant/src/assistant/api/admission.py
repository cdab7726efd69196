"""Before CasePilot answers: the question must be readable, the viewer the gateway's, and
the viewer's plan must allow another question today (the quota service decides)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from assistant.adapters.question_quota import QuestionMeteringUnavailable, QuestionViewerRefused
from assistant.api.context import AssistantContext
from assistant.domain.questions import InvalidQuestion, check_question
from atlaskit.errors import AtlasError, BadUserInput, Unauthenticated
from atlaskit.viewer import (
    METERING_UNAVAILABLE,
    QUESTION_LIMIT_REACHED,
    QUESTIONS_UNMETERED_MESSAGE,
    InvalidViewerContext,
    Viewer,
    unauthenticated_message,
    verify_viewer,
)

MAX_QUESTION_ID = 100


def thread_of(thread_id: str | None) -> uuid.UUID | None:
    if thread_id is None:
        return None
    try:
        return uuid.UUID(thread_id)
    except ValueError as exc:
        raise BadUserInput(
            f"{thread_id!r} is not a thread id; pass the threadId of an answer."
        ) from exc


def viewer_of(context: AssistantContext) -> Viewer:
    """Who asks, as the gateway signed it; raises UNAUTHENTICATED otherwise."""
    try:
        return verify_viewer(context.viewer_secret, context.viewer_header, datetime.now(UTC))
    except InvalidViewerContext as exc:
        raise Unauthenticated(unauthenticated_message(str(exc))) from exc


async def admit(context: AssistantContext, question: str, question_id: str | None) -> str:
    """The asking viewer's id, once the question is counted; raises the error to show."""
    try:
        check_question(question)
    except InvalidQuestion as exc:
        raise BadUserInput(str(exc)) from exc
    if question_id is not None and not 0 < len(question_id) <= MAX_QUESTION_ID:
        raise BadUserInput(f"A questionId has between 1 and {MAX_QUESTION_ID} characters.")
    viewer = viewer_of(context)
    try:
        decision = await context.quota.decide(
            context.viewer_header, question_id or str(uuid.uuid4())
        )
    except QuestionViewerRefused as exc:
        raise Unauthenticated(str(exc)) from exc
    except QuestionMeteringUnavailable as exc:
        raise AtlasError(METERING_UNAVAILABLE, QUESTIONS_UNMETERED_MESSAGE) from exc
    if not decision.allowed:
        raise AtlasError(
            decision.error_code or QUESTION_LIMIT_REACHED,
            decision.reason or "Your plan allows no more CasePilot questions today.",
            used=decision.used,
            limit=decision.limit,
            resetsAt=decision.resets_at.isoformat(),
        )
    return viewer.viewer_id
