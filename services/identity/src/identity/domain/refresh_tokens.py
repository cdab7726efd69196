"""Refresh tokens: opaque, rotated on each use, and a token used twice ends its family."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from identity.domain.digests import secret_digest

LIFETIME = timedelta(days=30)


@dataclass(frozen=True)
class IssuedRefreshToken:
    token: str  # told to the client once, never stored
    token_hash: str
    family_id: str
    issued_at: datetime
    expires_at: datetime


def issue_refresh_token(family_id: str, now: datetime) -> IssuedRefreshToken:
    token = secrets.token_urlsafe(32)
    return IssuedRefreshToken(token, secret_digest(token), family_id, now, now + LIFETIME)


@dataclass(frozen=True)
class StoredRefreshToken:
    family_id: str
    account_id: str
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None


class RefreshVerdict(Enum):
    ROTATE = "rotate"
    UNKNOWN = "unknown"
    REUSED = "reused"  # someone else may hold a copy: the whole family is revoked
    REVOKED = "revoked"
    EXPIRED = "expired"


REFUSALS = {
    RefreshVerdict.UNKNOWN: "This refresh token is not valid; sign in again.",
    RefreshVerdict.REUSED: "This refresh token was already used; sign in again.",
    RefreshVerdict.REVOKED: "This session was ended; sign in again.",
    RefreshVerdict.EXPIRED: "This refresh token has expired; sign in again.",
}


class RefreshRefused(ValueError):
    def __init__(self, verdict: RefreshVerdict) -> None:
        super().__init__(REFUSALS[verdict])
        self.verdict = verdict


def judge_refresh(stored: StoredRefreshToken | None, now: datetime) -> RefreshVerdict:
    """Reuse is judged first: it is the sign of a stolen token, whatever else holds."""
    if stored is None:
        return RefreshVerdict.UNKNOWN
    if stored.used_at is not None:
        return RefreshVerdict.REUSED
    if stored.revoked_at is not None:
        return RefreshVerdict.REVOKED
    if stored.expires_at <= now:
        return RefreshVerdict.EXPIRED
    return RefreshVerdict.ROTATE
