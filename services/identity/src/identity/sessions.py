"""Signing in and staying signed in: a password checked within the sign-in limits opens a
session (an access token and a refresh token); refreshing rotates the refresh token, and
signing out ends every token of its family."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from identity.adapters.accounts import account_by_id, account_with_password
from identity.adapters.login_attempts import LoginAttempts
from identity.adapters.refresh_tokens import (
    mark_used,
    refresh_token_for_update,
    revoke_family,
    save_refresh_token,
)
from identity.domain.access_tokens import access_claims, sign_access_token
from identity.domain.accounts import Account, canonical_email
from identity.domain.digests import secret_digest
from identity.domain.login_limits import PER_ACCOUNT, PER_ADDRESS, LoginThrottled
from identity.domain.passwords import password_matches
from identity.domain.refresh_tokens import (
    RefreshRefused,
    RefreshVerdict,
    StoredRefreshToken,
    issue_refresh_token,
    judge_refresh,
)
from identity.domain.signing_keys import Keyring


class WrongCredentials(ValueError):
    def __init__(self) -> None:
        # One sentence for both, so that it does not tell which emails have an account.
        super().__init__("The email or password is not right.")


@dataclass(frozen=True)
class Session:
    account: Account
    access_token: str
    access_token_expires_at: datetime
    refresh_token: str


async def open_session(
    conn: asyncpg.Connection,
    keyring: Keyring,
    account: Account,
    now: datetime,
    family_id: str | None = None,
) -> Session:
    refresh = issue_refresh_token(family_id or str(uuid.uuid4()), now)
    await save_refresh_token(conn, account.id, refresh)
    claims = access_claims(account, now)
    access_token = sign_access_token(claims, keyring.current)
    return Session(account, access_token, claims.expires_at, refresh.token)


async def login(
    pool: asyncpg.Pool,
    keyring: Keyring,
    attempts: LoginAttempts,
    typed_email: str,
    password: str,
    address: str,
    now: datetime,
) -> Session:
    email = canonical_email(typed_email)
    account_key = PER_ACCOUNT.counter_key(email, now)
    address_key = PER_ADDRESS.counter_key(address, now)
    reached = await attempts.reserve([(account_key, PER_ACCOUNT), (address_key, PER_ADDRESS)])
    if reached is not None:
        raise LoginThrottled(reached, now)
    found = await account_with_password(pool, email)
    # Checked even without an account, so that the time taken does not tell which emails
    # have one; argon2 takes a good part of a second of CPU, so off the event loop.
    matches = await asyncio.to_thread(password_matches, found and found[1], password)
    if found is None or not matches:
        raise WrongCredentials()
    await attempts.forgive(account_key, address_key)
    async with pool.acquire() as conn:
        return await open_session(conn, keyring, found[0], now)


async def refresh_session(
    pool: asyncpg.Pool, keyring: Keyring, refresh_token: str, now: datetime
) -> Session:
    token_hash = secret_digest(refresh_token)
    async with pool.acquire() as conn:
        async with conn.transaction():
            stored = await refresh_token_for_update(conn, token_hash)
            verdict = judge_refresh(stored, now)
            if stored is not None and verdict is RefreshVerdict.ROTATE:
                return await _rotate(conn, keyring, stored, token_hash, now)
            if stored is not None and verdict is RefreshVerdict.REUSED:
                # Committed before the refusal is told: the family stays revoked.
                await revoke_family(conn, stored.family_id, now)
        raise RefreshRefused(verdict)


async def _rotate(
    conn: asyncpg.Connection,
    keyring: Keyring,
    stored: StoredRefreshToken,
    token_hash: str,
    now: datetime,
) -> Session:
    account = await account_by_id(conn, stored.account_id)
    if account is None:  # tokens are deleted with their account; for the type checker
        raise RefreshRefused(RefreshVerdict.UNKNOWN)
    await mark_used(conn, token_hash, now)
    return await open_session(conn, keyring, account, now, stored.family_id)


async def logout(pool: asyncpg.Pool, refresh_token: str, now: datetime) -> None:
    """Ends the session the token belongs to, whichever of its tokens it is."""
    async with pool.acquire() as conn, conn.transaction():
        stored = await refresh_token_for_update(conn, secret_digest(refresh_token))
        if stored is None:
            raise RefreshRefused(RefreshVerdict.UNKNOWN)
        await revoke_family(conn, stored.family_id, now)
