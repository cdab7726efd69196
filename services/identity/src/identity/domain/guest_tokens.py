"""Guest tokens: ``guest.<viewer id>.<expiry epoch>.<signature>``, HMAC-SHA256 signed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

PREFIX = "guest"
LIFETIME = timedelta(days=30)


class InvalidToken(ValueError):
    """A token that is malformed, forged or expired; the message says which."""


@dataclass(frozen=True)
class GuestToken:
    viewer_id: str
    expires_at: datetime
    token: str


def _signature(secret: str, payload: str) -> str:
    digest = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def issue_guest_token(secret: str, now: datetime, viewer_id: str | None = None) -> GuestToken:
    viewer = viewer_id or str(uuid.uuid4())
    expires_at = (now + LIFETIME).replace(microsecond=0)
    payload = f"{PREFIX}.{viewer}.{int(expires_at.timestamp())}"
    return GuestToken(viewer, expires_at, f"{payload}.{_signature(secret, payload)}")


def verify_guest_token(secret: str, token: str, now: datetime) -> str:
    """The viewer id the token was issued to."""
    parts = token.split(".")
    if len(parts) != 4 or parts[0] != PREFIX or not parts[2].isdigit():
        raise InvalidToken("This is not a CodeAtlas guest token.")
    payload, signature = ".".join(parts[:3]), parts[3]
    if not hmac.compare_digest(signature, _signature(secret, payload)):
        raise InvalidToken("The guest token's signature does not match; it was not issued here.")
    if datetime.fromtimestamp(int(parts[2]), UTC) <= now:
        raise InvalidToken("The guest token has expired; ask for a new one.")
    return parts[1]
