"""The events identity publishes about accounts (sent keyed by viewer id, so that what
happens to one viewer, from guest to account to plan, stays in order)."""

from __future__ import annotations

from atlaskit.events import Envelope
from atlaskit.events.topics import ACCOUNT_PLAN_CHANGED, ACCOUNT_REGISTERED
from identity.domain.accounts import Account

SOURCE = "identity"


def _account_event(event_type: str, account: Account, **extra: str | None) -> Envelope:
    return Envelope(
        type=event_type,
        source=SOURCE,
        subject=account.id,
        data={
            "accountId": account.id,
            "viewerId": account.viewer_id,
            "plan": account.plan,
            **extra,
        },
    )


def account_registered(account: Account, guest_viewer_id: str | None) -> Envelope:
    return _account_event(ACCOUNT_REGISTERED, account, guestViewerId=guest_viewer_id)


def plan_changed(account: Account, previous_plan: str) -> Envelope:
    return _account_event(ACCOUNT_PLAN_CHANGED, account, previousPlan=previous_plan)
