"""What a client is told about who is asking and about metering, the same over GraphQL and
REST."""

from __future__ import annotations

from atlaskit.errors import AtlasError

METERING_UNAVAILABLE = "METERING_UNAVAILABLE"
METERING_UNAVAILABLE_MESSAGE = (
    "Code page views cannot be metered right now, so gated content is not served;"
    " try again in a moment."
)
GATEWAY_ONLY = "Code pages are metered per viewer: ask through the CodeAtlas gateway."


def unauthenticated_message(problem: str) -> str:
    """``problem``: why the viewer context was refused, as a sentence."""
    return f"{problem} {GATEWAY_ONLY}"


def unknown_plan_message(problem: str) -> str:
    return f"The viewer's plan is not metered here. {problem}"


class MeteringUnavailableError(AtlasError):
    def __init__(self) -> None:
        super().__init__(METERING_UNAVAILABLE, METERING_UNAVAILABLE_MESSAGE)
