"""Guest tokens: ``guest.<viewer id>.<expiry epoch>.<signature>``, HMAC-SHA256 signed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

PREFIX = "guest"
GUEST_PLAN = "guest"
LIFETIME = timedelta(days=30)

# ASCII only and bounded, so that nothing a client sends can make checking it fail oddly.
_TOKEN = re.compile(
    rf"(?P<payload>{PREFIX}\.(?P<viewer>[0-9a-f]{{8}}(?:-[0-9a-f]{{4}}){{3}}-[0-9a-f]{{12}})"
    r"\.(?P<expires>[0-9]{1,12}))\.(?P<signature>[A-Za-z0-9_-]{43})",
    re.ASCII,
)


class InvalidToken(ValueError):
    """A token that is malformed, forged or expired; the message says which."""


@dataclass(frozen=True)
class IssuedGuestToken:
    viewer_id: str
    expires_at: datetime
    token: str


def _signature(secret: str, payload: str) -> str:
    digest = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def issue_guest_token(secret: str, viewer: UUID, now: datetime) -> IssuedGuestToken:
    expires_at = (now + LIFETIME).replace(microsecond=0)
    payload = f"{PREFIX}.{viewer}.{int(expires_at.timestamp())}"
    return IssuedGuestToken(str(viewer), expires_at, f"{payload}.{_signature(secret, payload)}")


def verify_guest_token(secret: str, token: str, now: datetime) -> str:
    """The viewer id the token was issued to."""
    parsed = _TOKEN.fullmatch(token)
    if parsed is None:
        raise InvalidToken("This is not a CodeAtlas guest token.")
    expected = _signature(secret, parsed["payload"])
    if not hmac.compare_digest(parsed["signature"], expected):
        raise InvalidToken("The guest token's signature does not match; it was not issued here.")
    if int(parsed["expires"]) <= now.timestamp():
        raise InvalidToken("The guest token has expired; ask for a new one.")
    return parsed["viewer"]
