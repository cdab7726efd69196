"""The refresh_tokens table: digests, families, used and revoked marks."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from identity.domain.refresh_tokens import IssuedRefreshToken, StoredRefreshToken


async def save_refresh_token(
    conn: asyncpg.Connection, account_id: str, issued: IssuedRefreshToken
) -> None:
    await conn.execute(
        "INSERT INTO refresh_tokens (token_hash, family_id, account_id, issued_at, expires_at)"
        " VALUES ($1, $2, $3, $4, $5)",
        issued.token_hash,
        issued.family_id,
        account_id,
        issued.issued_at,
        issued.expires_at,
    )


async def refresh_token_for_update(
    conn: asyncpg.Connection, token_hash: str
) -> StoredRefreshToken | None:
    """Locked until the transaction ends, so two uses of one token are told apart."""
    row = await conn.fetchrow(
        "SELECT family_id::text, account_id::text, expires_at, used_at, revoked_at"
        " FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE",
        token_hash,
    )
    if row is None:
        return None
    return StoredRefreshToken(
        row["family_id"], row["account_id"], row["expires_at"], row["used_at"], row["revoked_at"]
    )


async def mark_used(conn: asyncpg.Connection, token_hash: str, now: datetime) -> None:
    await conn.execute(
        "UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1", token_hash, now
    )


async def revoke_family(conn: asyncpg.Connection, family_id: str, now: datetime) -> None:
    await conn.execute(
        "UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL",
        family_id,
        now,
    )
