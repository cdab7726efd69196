"""The signing_keys table, shared by every identity process."""

from __future__ import annotations

from datetime import UTC, datetime

import asyncpg

from identity.domain.signing_keys import Keyring, new_signing_key, signing_key_from_pem

# Taken while the first key is made, so that processes starting together make only one.
_FIRST_KEY_LOCK = 7_210_332


async def load_keyring(pool: asyncpg.Pool) -> Keyring:
    """Every stored key; when there is none yet, one is made and stored first."""
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _FIRST_KEY_LOCK)
        rows = await conn.fetch("SELECT kid, private_key_pem, created_at FROM signing_keys")
        if not rows:
            key = new_signing_key(datetime.now(UTC))
            await conn.execute(
                "INSERT INTO signing_keys (kid, private_key_pem, created_at) VALUES ($1, $2, $3)",
                key.kid,
                key.private_pem(),
                key.created_at,
            )
            return Keyring([key])
    return Keyring(
        [signing_key_from_pem(r["kid"], r["private_key_pem"], r["created_at"]) for r in rows]
    )
