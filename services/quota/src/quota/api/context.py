"""What quota resolvers and routes reach: the metering services, and who is asking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from atlaskit.resources import ServiceResources
from atlaskit.viewer import Viewer, verify_viewer
from quota.metering import CodePageMetering
from quota.question_metering import QuestionMetering

METERING = "metering"
QUESTIONS = "questions"


@dataclass(frozen=True)
class QuotaContext:
    metering: CodePageMetering
    questions: QuestionMetering
    viewer_context_secret: str

    @classmethod
    def of(cls, resources: ServiceResources) -> QuotaContext:
        extras, secret = resources.extras, resources.settings.viewer_context_secret
        return cls(extras[METERING], extras[QUESTIONS], secret)

    def viewer(self, header: str | None) -> Viewer:
        """The viewer the gateway signed for; raises ``InvalidViewerContext`` otherwise."""
        return verify_viewer(self.viewer_context_secret, header, datetime.now(UTC))

    def as_dict(self, viewer_header: str | None) -> dict[str, Any]:
        return {"quota": self, "viewer_header": viewer_header}
