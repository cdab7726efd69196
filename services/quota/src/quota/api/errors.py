"""What a client is told about who is asking and about metering, the same over GraphQL and
REST."""

from __future__ import annotations

from atlaskit.errors import AtlasError
from atlaskit.viewer import (
    METERING_UNAVAILABLE,
    METERING_UNAVAILABLE_MESSAGE,
    QUESTION_LIMIT_REACHED,
    QUESTIONS_UNMETERED_MESSAGE,
    unauthenticated_message,
)

__all__ = [
    "METERING_UNAVAILABLE",
    "METERING_UNAVAILABLE_MESSAGE",
    "QUESTIONS_UNMETERED_MESSAGE",
    "QUESTION_LIMIT_REACHED",
    "MeteringUnavailableError",
    "unauthenticated_message",
    "unknown_plan_message",
]


def unknown_plan_message(problem: str) -> str:
    return f"The viewer's plan is not metered here. {problem}"


class MeteringUnavailableError(AtlasError):
    def __init__(self, message: str = METERING_UNAVAILABLE_MESSAGE) -> None:
        super().__init__(METERING_UNAVAILABLE, message)
