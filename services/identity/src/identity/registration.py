"""Registering an account: checked, hashed, stored with its event, and signed in at once."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime

import asyncpg

from atlaskit.events.topics import IDENTITY_ACCOUNTS
from atlaskit.outbox import OutgoingEvent, add_to_outbox
from identity.adapters.accounts import insert_account
from identity.domain.accounts import FREE_PLAN, Account, normalize_email
from identity.domain.events import account_registered
from identity.domain.guest_tokens import verify_guest_token
from identity.domain.passwords import check_new_password, hash_password
from identity.domain.signing_keys import Keyring
from identity.sessions import Session, open_session
from identity.settings import IdentitySettings


async def register(
    pool: asyncpg.Pool,
    settings: IdentitySettings,
    keyring: Keyring,
    typed_email: str,
    password: str,
    guest_token: str | None,
    now: datetime,
) -> Session:
    """A guest who registers keeps their viewer id, so the views they used stay counted."""
    email = normalize_email(typed_email)
    check_new_password(password)
    guest_viewer_id = (
        None if guest_token is None else verify_guest_token(settings.token_secret, guest_token, now)
    )
    password_hash = await asyncio.to_thread(hash_password, password)
    account = Account(
        id=str(uuid.uuid4()),
        email=email,
        plan=FREE_PLAN,
        viewer_id=guest_viewer_id or str(uuid.uuid4()),
        created_at=now,
    )
    event = account_registered(account, guest_viewer_id)
    async with pool.acquire() as conn, conn.transaction():
        await insert_account(conn, account, password_hash)
        await add_to_outbox(
            conn, [OutgoingEvent(settings.topic(IDENTITY_ACCOUNTS), account.viewer_id, event)]
        )
        return await open_session(conn, keyring, account, now)
