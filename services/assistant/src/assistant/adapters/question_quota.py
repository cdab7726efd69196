"""The quota service's word on a CasePilot question, asked before the question is answered.

Each question has an id of the caller's (one per question, kept when a request is retried):
the same id again on the same UTC day is not counted twice. The viewer is the gateway's
signed context, forwarded as it came (``atlaskit.quota_client``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from opentelemetry import trace

from atlaskit.quota_client import MeteringUnavailable, QuotaClient, ViewerRefused

tracer = trace.get_tracer(__name__)


class QuestionMeteringUnavailable(MeteringUnavailable):
    """The quota service could not decide (down, slow, its Redis down): answer nothing."""


class QuestionViewerRefused(ViewerRefused):
    """The quota service did not accept the viewer context."""


@dataclass(frozen=True)
class QuestionDecision:
    allowed: bool
    used: int  # the viewer's questions today, this one included when allowed
    limit: int | None  # None: unlimited
    remaining: int | None  # None: unlimited
    resets_at: datetime  # the next midnight (UTC), when the count starts again
    error_code: str | None  # "QUESTION_LIMIT_REACHED" when not allowed
    reason: str | None  # the plan's sentence to show when not allowed

    @classmethod
    def from_answer(cls, answer: dict[str, Any]) -> QuestionDecision:
        return cls(
            allowed=bool(answer["allowed"]),
            used=int(answer["used"]),
            limit=answer["limit"],
            remaining=answer["remaining"],
            resets_at=datetime.fromisoformat(answer["resetsAt"]),
            error_code=answer["errorCode"],
            reason=answer["reason"],
        )


class QuestionQuota(QuotaClient):
    """``QuestionQuota(base_url, timeout_seconds)``; ``aclose()`` when done."""

    async def decide(self, viewer_header: str | None, question_id: str) -> QuestionDecision:
        """Counts the question if the viewer's plan allows another today."""
        body = {"questionId": question_id}
        with tracer.start_as_current_span("decide a CasePilot question"):
            try:
                answer = await self.post("/internal/questions/decide", viewer_header, body)
            except ViewerRefused as exc:
                raise QuestionViewerRefused(str(exc)) from exc
            except MeteringUnavailable as exc:
                raise QuestionMeteringUnavailable(str(exc)) from exc
        try:
            return QuestionDecision.from_answer(answer)
        except (KeyError, TypeError, ValueError) as exc:
            raise QuestionMeteringUnavailable(f"the quota service answered {answer!r}") from exc
