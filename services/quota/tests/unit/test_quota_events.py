"""The usage events match their schemas, pure."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from atlaskit.coding import CodeSystem
from atlaskit.events import validate_event
from atlaskit.events.topics import QUESTION_ASKED, VIEW_DECIDED, VIEWS_EXHAUSTED
from atlaskit.viewer import Viewer, ViewerKind
from quota.domain.arbiter import arbitrate
from quota.domain.events import question_asked, usage_events
from quota.domain.plans import plans_from_config
from quota.domain.questions import QuestionVerdict, arbitrate_question
from quota.domain.views import CodePage, Verdict
from quota.domain.windows import day_containing, window_containing

pytestmark = pytest.mark.unit

PLANS = plans_from_config({})
WINDOW = window_containing(datetime(2026, 11, 29, tzinfo=UTC))


def test_every_decision_is_announced_and_the_last_view_also_as_exhausted() -> None:
    viewer = Viewer("v-1", ViewerKind.ACCOUNT, "free", account_id="acct-1")
    free = PLANS.named("free")
    metered = [
        (CodePage(CodeSystem.HCPCS, "K0001"), Verdict.GRANTED),
        (CodePage(CodeSystem.CPT, "99213"), Verdict.GRANTED),
        (CodePage(CodeSystem.ICD10CM, "E11.9"), Verdict.DENIED),
    ]
    decisions = arbitrate(free, metered, set(), used_before=4).decisions
    events = usage_events(viewer, free, WINDOW, decisions)
    assert [(e.type, e.schema_version) for e in events] == [
        (VIEW_DECIDED, 2),
        (VIEW_DECIDED, 2),
        (VIEWS_EXHAUSTED, 1),
        (VIEW_DECIDED, 2),
    ]
    for event in events:
        validate_event(event)
        assert event.subject == "v-1"
    assert [e.data.get("decision") for e in events] == ["granted", "granted", None, "denied"]
    assert events[1].data | {"viewerKind": "account", "accountId": "acct-1"} == events[1].data
    assert events[2].data["resetsAt"] == "2026-12-01T00:00:00+00:00"
    assert events[2].data["code"] == "99213"


def test_a_rate_limited_partner_view_is_announced() -> None:
    viewer = Viewer("v-2", ViewerKind.PARTNER, "partner", account_id="a", api_key_id="k")
    partner = PLANS.named("partner")
    page = CodePage(CodeSystem.HCPCS, "K0001")
    decisions = arbitrate(partner, [(page, Verdict.RATE_LIMITED)], set(), 3).decisions
    (event,) = usage_events(viewer, partner, WINDOW, decisions)
    validate_event(event)
    assert (event.data["decision"], event.data["apiKeyId"], event.data["window"]) == (
        "rate_limited",
        "k",
        "2026-11",
    )


def test_a_question_counted_is_announced_with_its_day() -> None:
    viewer = Viewer("v-3", ViewerKind.GUEST, "guest")
    guest = PLANS.named("guest")
    day = day_containing(datetime(2026, 11, 29, 15, tzinfo=UTC))
    granted = QuestionVerdict.GRANTED
    decision = arbitrate_question(guest, "q-42", granted, in_ledger=False, asked_before=2).decision
    event = question_asked(viewer, guest, day, decision)
    validate_event(event)
    assert (event.type, event.schema_version, event.subject) == (QUESTION_ASKED, 1, "v-3")
    assert event.data == {
        "viewerId": "v-3",
        "viewerKind": "guest",
        "accountId": None,
        "apiKeyId": None,
        "plan": "guest",
        "window": "2026-11-29",
        "questionId": "q-42",
        "used": 3,
        "limit": 3,
        "resetsAt": "2026-11-30T00:00:00+00:00",
    }
