"""Partner API keys: made by a signed-in account, shown once, checked for the gateway,
revoked by their account."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from identity.adapters import api_keys as stored_keys
from identity.domain.api_keys import (
    ApiKey,
    api_key_name,
    api_key_scopes,
    is_api_key_shaped,
    issue_api_key,
)
from identity.domain.digests import secret_digest


class InvalidApiKey(ValueError):
    def __init__(self) -> None:
        super().__init__("This API key is not valid or was revoked.")


class NoSuchApiKey(LookupError):
    def __init__(self) -> None:
        super().__init__("Your account has no API key with this id.")


@dataclass(frozen=True)
class CreatedApiKey:
    key: str
    api_key: ApiKey


async def create_api_key(
    pool: asyncpg.Pool, account_id: str, name: str, scopes: list[str], now: datetime
) -> CreatedApiKey:
    """The key has a viewer id of its own, so that each key is metered on its own."""
    issued = issue_api_key()
    api_key = ApiKey(
        id=str(uuid.uuid4()),
        account_id=account_id,
        name=api_key_name(name),
        display_prefix=issued.display_prefix,
        scopes=api_key_scopes(scopes),
        viewer_id=str(uuid.uuid4()),
        created_at=now,
        revoked_at=None,
    )
    await stored_keys.insert_api_key(pool, api_key, issued.key_hash)
    return CreatedApiKey(issued.key, api_key)


async def revoke_api_key(
    pool: asyncpg.Pool, account_id: str, api_key_id: str, now: datetime
) -> ApiKey:
    try:
        key_id = str(uuid.UUID(api_key_id))
    except ValueError as exc:
        raise NoSuchApiKey() from exc
    revoked = await stored_keys.revoke_api_key(pool, account_id, key_id, now)
    if revoked is None:
        raise NoSuchApiKey()
    return revoked


async def api_key_in_use(pool: asyncpg.Pool, key: str) -> ApiKey:
    """The key's record, if the key is one of ours and not revoked."""
    if not is_api_key_shaped(key):
        raise InvalidApiKey()
    found = await stored_keys.active_api_key(pool, secret_digest(key))
    if found is None:
        raise InvalidApiKey()
    return found


async def api_keys_of(pool: asyncpg.Pool, account_id: str) -> list[ApiKey]:
    return await stored_keys.api_keys_of(pool, account_id)
