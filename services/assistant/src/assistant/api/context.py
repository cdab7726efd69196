"""What every assistant resolver can reach: CasePilot, the question meter and who asks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from strawberry.types import Info

from assistant.adapters.question_quota import QuestionQuota
from assistant.casepilot import CasePilot


@dataclass(frozen=True)
class AssistantContext:
    pilot: CasePilot
    quota: QuestionQuota
    viewer_secret: str
    viewer_header: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"assistant": self}


def assistant_context(info: Info) -> AssistantContext:
    context: AssistantContext = info.context["assistant"]
    return context
