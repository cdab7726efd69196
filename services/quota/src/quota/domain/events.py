"""The usage events the quota service publishes: one per decision, and one when a viewer's
plan runs out for the month."""

from __future__ import annotations

from typing import Any

from atlaskit.events import Envelope
from atlaskit.events.topics import VIEW_DECIDED, VIEWS_EXHAUSTED
from atlaskit.viewer import Viewer
from quota.domain.plans import Plan
from quota.domain.views import ViewDecision
from quota.domain.windows import MeteringWindow

SOURCE = "quota"


def _who(viewer: Viewer, plan: Plan, window: MeteringWindow) -> dict[str, Any]:
    return {
        "viewerId": viewer.viewer_id,
        "viewerKind": viewer.kind.value,
        "accountId": viewer.account_id,
        "apiKeyId": viewer.api_key_id,
        "plan": plan.name,
        "window": window.label,
    }


def view_decided(
    viewer: Viewer, plan: Plan, window: MeteringWindow, decision: ViewDecision
) -> Envelope:
    return Envelope(
        type=VIEW_DECIDED,
        source=SOURCE,
        subject=viewer.viewer_id,
        schema_version=2,
        data={
            **_who(viewer, plan, window),
            "system": decision.page.system.value,
            "code": decision.page.code,
            "decision": decision.verdict.value,
            "used": decision.used,
            "limit": decision.limit,
        },
    )


def views_exhausted(
    viewer: Viewer, plan: Plan, window: MeteringWindow, decision: ViewDecision
) -> Envelope:
    return Envelope(
        type=VIEWS_EXHAUSTED,
        source=SOURCE,
        subject=viewer.viewer_id,
        data={
            **_who(viewer, plan, window),
            "system": decision.page.system.value,
            "code": decision.page.code,
            "limit": decision.limit,
            "resetsAt": window.resets_at.isoformat(),
        },
    )


def usage_events(
    viewer: Viewer, plan: Plan, window: MeteringWindow, decisions: list[ViewDecision]
) -> list[Envelope]:
    events: list[Envelope] = []
    for decision in decisions:
        events.append(view_decided(viewer, plan, window, decision))
        if decision.exhausted:
            events.append(views_exhausted(viewer, plan, window, decision))
    return events
