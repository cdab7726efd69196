"""The api_keys table."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from identity.domain.api_keys import ApiKey

_COLUMNS = (
    "id::text, account_id::text, name, prefix, scopes, viewer_id::text, created_at, revoked_at"
)


def _api_key(row: asyncpg.Record) -> ApiKey:
    return ApiKey(
        id=row["id"],
        account_id=row["account_id"],
        name=row["name"],
        display_prefix=row["prefix"],
        scopes=list(row["scopes"]),
        viewer_id=row["viewer_id"],
        created_at=row["created_at"],
        revoked_at=row["revoked_at"],
    )


async def insert_api_key(pool: asyncpg.Pool, api_key: ApiKey, key_hash: str) -> None:
    await pool.execute(
        "INSERT INTO api_keys (id, account_id, name, prefix, key_hash, scopes, viewer_id,"
        " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        api_key.id,
        api_key.account_id,
        api_key.name,
        api_key.display_prefix,
        key_hash,
        api_key.scopes,
        api_key.viewer_id,
        api_key.created_at,
    )


async def active_api_key(pool: asyncpg.Pool, key_hash: str) -> ApiKey | None:
    row = await pool.fetchrow(
        f"SELECT {_COLUMNS} FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL", key_hash
    )
    return None if row is None else _api_key(row)


async def api_keys_of(pool: asyncpg.Pool, account_id: str) -> list[ApiKey]:
    rows = await pool.fetch(
        f"SELECT {_COLUMNS} FROM api_keys WHERE account_id = $1 ORDER BY created_at, id",
        account_id,
    )
    return [_api_key(row) for row in rows]


async def revoke_api_key(
    pool: asyncpg.Pool, account_id: str, api_key_id: str, now: datetime
) -> ApiKey | None:
    """The key, revoked now or before; None when the account has no such key."""
    row = await pool.fetchrow(
        f"UPDATE api_keys SET revoked_at = coalesce(revoked_at, $3)"
        f" WHERE id = $1 AND account_id = $2 RETURNING {_COLUMNS}",
        api_key_id,
        account_id,
        now,
    )
    return None if row is None else _api_key(row)
