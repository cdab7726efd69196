"""The usage events the quota service publishes: one per view decision, one when a viewer's
plan runs out of views for the month, and one per CasePilot question counted."""

from __future__ import annotations

from typing import Any

from atlaskit.events import Envelope
from atlaskit.events.topics import QUESTION_ASKED, VIEW_DECIDED, VIEWS_EXHAUSTED
from atlaskit.viewer import Viewer
from quota.domain.plans import Plan
from quota.domain.questions import QuestionDecision
from quota.domain.views import ViewDecision
from quota.domain.windows import MeteringWindow

SOURCE = "quota"


def _usage_event(
    event_type: str,
    viewer: Viewer,
    plan: Plan,
    window: MeteringWindow,
    data: dict[str, Any],
    schema_version: int = 1,
) -> Envelope:
    """An event about a viewer's usage in a window, keyed (subject) by the viewer."""
    who = {
        "viewerId": viewer.viewer_id,
        "viewerKind": viewer.kind.value,
        "accountId": viewer.account_id,
        "apiKeyId": viewer.api_key_id,
        "plan": plan.name,
        "window": window.label,
    }
    return Envelope(
        type=event_type,
        source=SOURCE,
        subject=viewer.viewer_id,
        schema_version=schema_version,
        data={**who, **data},
    )


def view_decided(
    viewer: Viewer, plan: Plan, window: MeteringWindow, decision: ViewDecision
) -> Envelope:
    data = {
        "system": decision.page.system.value,
        "code": decision.page.code,
        "decision": decision.verdict.value,
        "used": decision.used,
        "limit": decision.limit,
    }
    return _usage_event(VIEW_DECIDED, viewer, plan, window, data, schema_version=2)


def views_exhausted(
    viewer: Viewer, plan: Plan, window: MeteringWindow, decision: ViewDecision
) -> Envelope:
    data = {
        "system": decision.page.system.value,
        "code": decision.page.code,
        "limit": decision.limit,
        "resetsAt": window.resets_at.isoformat(),
    }
    return _usage_event(VIEWS_EXHAUSTED, viewer, plan, window, data)


def usage_events(
    viewer: Viewer, plan: Plan, window: MeteringWindow, decisions: list[ViewDecision]
) -> list[Envelope]:
    events: list[Envelope] = []
    for decision in decisions:
        events.append(view_decided(viewer, plan, window, decision))
        if decision.exhausted:
            events.append(views_exhausted(viewer, plan, window, decision))
    return events


def question_asked(
    viewer: Viewer, plan: Plan, day: MeteringWindow, decision: QuestionDecision
) -> Envelope:
    data = {
        "questionId": decision.question_id,
        "used": decision.used,
        "limit": decision.limit,
        "resetsAt": day.resets_at.isoformat(),
    }
    return _usage_event(QUESTION_ASKED, viewer, plan, day, data)
