"""Refresh tokens: random, stored as a digest, good once; a second use is a theft signal."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from identity.domain.refresh_tokens import (
    RefreshRefused,
    RefreshVerdict,
    StoredRefreshToken,
    issue_refresh_token,
    judge_refresh,
)

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
FAMILY = "f4d1e2a0-8c3b-4f6e-9a7d-5b2c1e0f3a94"


def _stored(**changes: datetime | None) -> StoredRefreshToken:
    fields: dict[str, datetime | None] = {
        "expires_at": NOW + timedelta(days=1),
        "used_at": None,
        "revoked_at": None,
    }
    fields.update(changes)
    return StoredRefreshToken(FAMILY, "an-account", **fields)  # type: ignore[arg-type]


def test_a_token_is_random_kept_as_its_digest_and_lasts_thirty_days() -> None:
    first, second = issue_refresh_token(FAMILY, NOW), issue_refresh_token(FAMILY, NOW)
    assert first.token != second.token
    assert len(first.token) >= 43
    assert first.token_hash == hashlib.sha256(first.token.encode()).hexdigest()
    assert first.token not in first.token_hash
    assert (first.family_id, first.expires_at) == (FAMILY, NOW + timedelta(days=30))


def test_a_fresh_token_is_rotated() -> None:
    assert judge_refresh(_stored(), NOW) is RefreshVerdict.ROTATE


@pytest.mark.parametrize(
    ("stored", "verdict"),
    [
        (None, RefreshVerdict.UNKNOWN),
        (_stored(used_at=NOW - timedelta(minutes=1)), RefreshVerdict.REUSED),
        (_stored(revoked_at=NOW - timedelta(minutes=1)), RefreshVerdict.REVOKED),
        (_stored(expires_at=NOW), RefreshVerdict.EXPIRED),
        # A used token is a theft signal even after its family was ended or it expired.
        (_stored(used_at=NOW, revoked_at=NOW), RefreshVerdict.REUSED),
        (_stored(used_at=NOW, expires_at=NOW - timedelta(days=1)), RefreshVerdict.REUSED),
    ],
)
def test_anything_but_a_fresh_token_is_refused(
    stored: StoredRefreshToken | None, verdict: RefreshVerdict
) -> None:
    assert judge_refresh(stored, NOW) is verdict


def test_each_refusal_says_what_to_do() -> None:
    assert str(RefreshRefused(RefreshVerdict.REUSED)) == (
        "This refresh token was already used; sign in again."
    )
    for verdict in RefreshVerdict:
        if verdict is not RefreshVerdict.ROTATE:
            assert str(RefreshRefused(verdict)).endswith("sign in again.")
