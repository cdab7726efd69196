"""Account events match their schemas, so the outbox accepts them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from atlaskit.events import EventSchemaError, validate_event
from identity.domain.accounts import Account
from identity.domain.events import account_registered, plan_changed

pytestmark = pytest.mark.unit

ACCOUNT = Account(
    id="0b7f4e3c-1f52-4c55-8a3e-1d7e0c9b2a61",
    email="coder@example.com",
    plan="free",
    viewer_id="6f1c2a9e-4b7d-4c1e-9a53-0d2e8f7b6a41",
    created_at=datetime(2026, 11, 29, tzinfo=UTC),
)


@pytest.mark.parametrize("guest", [None, ACCOUNT.viewer_id])
def test_a_registration_names_the_account_its_viewer_and_the_guest_it_was(
    guest: str | None,
) -> None:
    event = account_registered(ACCOUNT, guest)
    validate_event(event)
    assert (event.type, event.subject) == ("identity.account.registered", ACCOUNT.id)
    assert event.data == {
        "accountId": ACCOUNT.id,
        "viewerId": ACCOUNT.viewer_id,
        "plan": "free",
        "guestViewerId": guest,
    }


def test_a_plan_change_names_both_plans() -> None:
    event = plan_changed(Account(**{**ACCOUNT.__dict__, "plan": "pro"}), "free")
    validate_event(event)
    assert event.type == "identity.account.plan_changed"
    assert (event.data["plan"], event.data["previousPlan"]) == ("pro", "free")


def test_a_plan_no_account_can_be_on_is_refused_by_the_schema() -> None:
    with pytest.raises(EventSchemaError, match="plan"):
        validate_event(plan_changed(Account(**{**ACCOUNT.__dict__, "plan": "gold"}), "free"))
