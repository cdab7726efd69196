"""``codeatlas-identity``: what an operator does by hand.

codeatlas-identity set-plan someone@example.com pro
"""

from __future__ import annotations

import argparse
import asyncio

from atlaskit.db import create_pool, prepare_database
from identity.app import MIGRATIONS
from identity.domain.accounts import ACCOUNT_PLANS, NoSuchAccount, UnknownPlan
from identity.plans import change_plan
from identity.settings import IdentitySettings


async def set_plan(settings: IdentitySettings, email: str, plan: str) -> str:
    """What happened, in a sentence; the event leaves with the service's outbox relay."""
    await prepare_database(settings.dsn, [MIGRATIONS])
    pool = await create_pool(settings.dsn, max_size=2)
    try:
        change = await change_plan(pool, settings, email, plan)
    finally:
        await pool.close()
    account = change.account
    if change.previous_plan == account.plan:
        return f"{account.email} is on the {account.plan} plan already."
    return f"{account.email} moved from the {change.previous_plan} plan to {account.plan}."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="codeatlas-identity")
    commands = parser.add_subparsers(dest="command", required=True)
    set_plan_cmd = commands.add_parser("set-plan", help="move an account to another plan")
    set_plan_cmd.add_argument("email")
    set_plan_cmd.add_argument("plan", choices=ACCOUNT_PLANS)
    args = parser.parse_args(argv)
    try:
        print(asyncio.run(set_plan(IdentitySettings(), args.email, args.plan)))
    except (NoSuchAccount, UnknownPlan) as exc:
        print(f"error: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
