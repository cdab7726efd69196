"""Guest tokens: signed, checked, expiring."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from identity.domain.guest_tokens import InvalidToken, issue_guest_token, verify_guest_token

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
SECRET = "test-secret"
VIEWER = uuid.UUID("6f1c2a9e-4b7d-4c1e-9a53-0d2e8f7b6a41")


def test_a_token_names_its_viewer_and_its_expiry() -> None:
    issued = issue_guest_token(SECRET, VIEWER, NOW)
    expires = int(issued.expires_at.timestamp())
    assert re.fullmatch(rf"guest\.{VIEWER}\.{expires}\.[\w-]{{43}}", issued.token)
    assert issued.expires_at == NOW + timedelta(days=30)
    assert verify_guest_token(SECRET, issued.token, NOW) == str(VIEWER)


def test_a_token_signed_with_another_secret_is_forged() -> None:
    issued = issue_guest_token("another-secret", VIEWER, NOW)
    with pytest.raises(InvalidToken, match="not issued here"):
        verify_guest_token(SECRET, issued.token, NOW)


def test_changing_the_viewer_or_the_expiry_breaks_the_signature() -> None:
    token = issue_guest_token(SECRET, VIEWER, NOW).token
    someone_else = token.replace(str(VIEWER), str(uuid.uuid4()))
    _, viewer, expires, signature = token.split(".")
    extended = f"guest.{viewer}.{int(expires) + 86_400}.{signature}"
    for tampered in (someone_else, extended):
        with pytest.raises(InvalidToken, match="signature"):
            verify_guest_token(SECRET, tampered, NOW)


def test_a_token_expires_after_thirty_days() -> None:
    issued = issue_guest_token(SECRET, VIEWER, NOW)
    last_second = NOW + timedelta(days=30) - timedelta(seconds=1)
    assert verify_guest_token(SECRET, issued.token, last_second) == str(VIEWER)
    with pytest.raises(InvalidToken, match="expired"):
        verify_guest_token(SECRET, issued.token, NOW + timedelta(days=30))


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "guest",
        "bearer.a.b.c",
        f"guest.{VIEWER}.notanumber.{'s' * 43}",
        f"guest.not-a-uuid.1800000000.{'s' * 43}",
        f"guest.{VIEWER}.1800000000.{'é' * 43}",
        f"guest.{VIEWER}.{'9' * 40}.{'s' * 43}",
        "guest." + "x" * 100_000,
    ],
)
def test_anything_else_is_not_a_token(garbage: str) -> None:
    with pytest.raises(InvalidToken, match="not a CodeAtlas guest token"):
        verify_guest_token(SECRET, garbage, NOW)
