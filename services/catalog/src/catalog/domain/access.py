"""Whether a viewer may read a code page's gated sections in this operation, and why not."""

from __future__ import annotations

from dataclasses import dataclass

from atlaskit.errors import UNAUTHENTICATED
from atlaskit.viewer import (
    METERING_UNAVAILABLE,
    METERING_UNAVAILABLE_MESSAGE,
    unauthenticated_message,
)

LOCKED = "CODE_PAGE_LOCKED"
RATE_LIMITED = "RATE_LIMITED"

# What the quota service decided, by its verdict, as the error a locked section carries.
_REFUSALS = {"denied": LOCKED, "rate_limited": RATE_LIMITED}
_OPENS = frozenset({"granted", "already_viewed"})


@dataclass(frozen=True)
class PageAccess:
    """One code page's gated sections for one operation: open, or locked with a reason."""

    opened: bool
    refusal: str | None = None  # the ``extensions.code`` of a locked section
    reason: str | None = None  # the sentence a locked section shows
    used: int | None = None
    limit: int | None = None
    remaining: int | None = None

    @classmethod
    def decided(
        cls, verdict: str, reason: str | None, used: int, limit: int | None, remaining: int | None
    ) -> PageAccess:
        if verdict in _OPENS:
            return cls(True, used=used, limit=limit, remaining=remaining)
        refusal = _REFUSALS.get(verdict, LOCKED)
        sentence = reason or "This code page is locked for your plan."
        return cls(False, refusal, sentence, used, limit, remaining)

    @classmethod
    def for_service(cls) -> PageAccess:
        """A CodeAtlas service's own read: open, and no viewer's page views are counted."""
        return cls(True)

    @classmethod
    def unmetered(cls) -> PageAccess:
        return cls(False, METERING_UNAVAILABLE, METERING_UNAVAILABLE_MESSAGE)

    @classmethod
    def without_viewer(cls, problem: str) -> PageAccess:
        """``problem``: why the viewer context was refused, as a sentence."""
        return cls(False, UNAUTHENTICATED, unauthenticated_message(problem))
