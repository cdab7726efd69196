"""Guest tokens: signed, checked, expiring."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from identity.domain.guest_tokens import InvalidToken, issue_guest_token, verify_guest_token

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
SECRET = "test-secret"


def test_a_token_names_its_viewer() -> None:
    issued = issue_guest_token(SECRET, NOW)
    assert verify_guest_token(SECRET, issued.token, NOW) == issued.viewer_id
    assert issued.expires_at == NOW + timedelta(days=30)


def test_a_token_signed_elsewhere_is_forged() -> None:
    issued = issue_guest_token("another-secret", NOW)
    with pytest.raises(InvalidToken, match="not issued here"):
        verify_guest_token(SECRET, issued.token, NOW)


def test_changing_the_viewer_breaks_the_signature() -> None:
    issued = issue_guest_token(SECRET, NOW)
    tampered = issued.token.replace(issued.viewer_id, "someone-else")
    with pytest.raises(InvalidToken, match="signature"):
        verify_guest_token(SECRET, tampered, NOW)


def test_an_expired_token_is_refused() -> None:
    issued = issue_guest_token(SECRET, NOW)
    with pytest.raises(InvalidToken, match="expired"):
        verify_guest_token(SECRET, issued.token, NOW + timedelta(days=31))


@pytest.mark.parametrize("garbage", ["", "guest", "bearer.a.b.c", "guest.v.notanumber.sig"])
def test_garbage_is_not_a_token(garbage: str) -> None:
    with pytest.raises(InvalidToken, match="not a CodeAtlas guest token"):
        verify_guest_token(SECRET, garbage, NOW)
