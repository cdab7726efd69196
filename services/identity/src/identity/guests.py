"""Issuing a guest identity: stored, signed, announced."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import asyncpg

from atlaskit.events import Envelope
from atlaskit.events.topics import GUEST_ISSUED, IDENTITY_ACCOUNTS
from atlaskit.outbox import OutgoingEvent, add_to_outbox
from identity.adapters.guests import save_guest
from identity.domain.guest_tokens import GUEST_PLAN, IssuedGuestToken, issue_guest_token
from identity.settings import IdentitySettings


async def issue_guest(pool: asyncpg.Pool, settings: IdentitySettings) -> IssuedGuestToken:
    token = issue_guest_token(settings.token_secret, uuid.uuid4(), datetime.now(UTC))
    event = Envelope(
        type=GUEST_ISSUED,
        source="identity",
        subject=token.viewer_id,
        data={"viewerId": token.viewer_id, "plan": GUEST_PLAN},
    )
    async with pool.acquire() as conn, conn.transaction():
        await save_guest(conn, token.viewer_id, token.expires_at)
        await add_to_outbox(
            conn, [OutgoingEvent(settings.topic(IDENTITY_ACCOUNTS), token.viewer_id, event)]
        )
    return token
