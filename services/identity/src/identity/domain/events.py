"""The events identity publishes about accounts (sent keyed by viewer id, so that what
happens to one viewer, from guest to account to plan, stays in order)."""

from __future__ import annotations

from atlaskit.events import Envelope
from atlaskit.events.topics import ACCOUNT_PLAN_CHANGED, ACCOUNT_REGISTERED
from identity.domain.accounts import Account

SOURCE = "identity"


def account_registered(account: Account, guest_viewer_id: str | None) -> Envelope:
    return Envelope(
        type=ACCOUNT_REGISTERED,
        source=SOURCE,
        subject=account.id,
        data={
            "accountId": account.id,
            "viewerId": account.viewer_id,
            "plan": account.plan,
            "guestViewerId": guest_viewer_id,
        },
    )


def plan_changed(account: Account, previous_plan: str) -> Envelope:
    return Envelope(
        type=ACCOUNT_PLAN_CHANGED,
        source=SOURCE,
        subject=account.id,
        data={
            "accountId": account.id,
            "viewerId": account.viewer_id,
            "plan": account.plan,
            "previousPlan": previous_plan,
        },
    )
