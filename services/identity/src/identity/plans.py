"""Moving an account to another plan, announced so that metering follows."""

from __future__ import annotations

from dataclasses import dataclass, replace

import asyncpg

from atlaskit.events.topics import IDENTITY_ACCOUNTS
from atlaskit.outbox import OutgoingEvent, add_to_outbox
from identity.adapters.accounts import account_by_email_for_update, set_plan
from identity.domain.accounts import Account, NoSuchAccount, account_plan, canonical_email
from identity.domain.events import plan_changed
from identity.settings import IdentitySettings


@dataclass(frozen=True)
class PlanChange:
    account: Account
    previous_plan: str


async def change_plan(
    pool: asyncpg.Pool, settings: IdentitySettings, typed_email: str, plan: str
) -> PlanChange:
    """Nothing is announced when the account is on that plan already."""
    chosen = account_plan(plan)
    async with pool.acquire() as conn, conn.transaction():
        account = await account_by_email_for_update(conn, canonical_email(typed_email))
        if account is None:
            raise NoSuchAccount()
        if account.plan == chosen:
            return PlanChange(account, account.plan)
        changed = replace(account, plan=chosen)
        await set_plan(conn, account.id, chosen)
        event = plan_changed(changed, account.plan)
        await add_to_outbox(
            conn, [OutgoingEvent(settings.topic(IDENTITY_ACCOUNTS), account.viewer_id, event)]
        )
        return PlanChange(changed, account.plan)
