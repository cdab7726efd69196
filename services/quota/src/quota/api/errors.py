"""What a client is told about its input and about metering, the same over GraphQL and REST."""

from __future__ import annotations

MAX_VIEWER_ID = 128
VIEWER_ID_RULE = f"A viewer id has between 1 and {MAX_VIEWER_ID} characters."

METERING_UNAVAILABLE = "METERING_UNAVAILABLE"
METERING_UNAVAILABLE_MESSAGE = (
    "Code page views cannot be metered right now, so gated content is not served;"
    " try again in a moment."
)
