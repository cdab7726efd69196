"""Partner API keys: ``ca_live_`` and a random part, shown once, kept only as a digest."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from identity.domain.digests import secret_digest

KEY_PREFIX = "ca_live_"
PARTNER_PLAN = "partner"
# Enough of the key to tell one from another in a list, far too little to guess the rest.
DISPLAY_PREFIX_LENGTH = len(KEY_PREFIX) + 4
MAX_NAME_LENGTH = 100
MAX_SCOPES = 20
_SCOPE = re.compile(r"[a-z][a-z0-9_.:-]{0,63}", re.ASCII)
_KEY = re.compile(rf"{KEY_PREFIX}[A-Za-z0-9_-]{{43}}", re.ASCII)


class InvalidApiKeyRequest(ValueError):
    """A name or scopes an API key cannot have; the message says why."""


@dataclass(frozen=True)
class IssuedApiKey:
    key: str  # told to the partner once, never stored
    key_hash: str
    display_prefix: str


@dataclass(frozen=True)
class ApiKey:
    id: str
    account_id: str
    name: str
    display_prefix: str
    scopes: list[str]
    viewer_id: str
    created_at: datetime
    revoked_at: datetime | None

    @property
    def plan(self) -> str:
        return PARTNER_PLAN


def issue_api_key() -> IssuedApiKey:
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    return IssuedApiKey(key, secret_digest(key), key[:DISPLAY_PREFIX_LENGTH])


def is_api_key_shaped(key: str) -> bool:
    return _KEY.fullmatch(key) is not None


def api_key_name(raw: str) -> str:
    name = " ".join(raw.split())
    if not 0 < len(name) <= MAX_NAME_LENGTH:
        raise InvalidApiKeyRequest(
            f"An API key needs a name of 1 to {MAX_NAME_LENGTH} characters, to tell it apart."
        )
    return name


def api_key_scopes(raw: Sequence[str]) -> list[str]:
    """The scopes once each, in the order given."""
    scopes = list(dict.fromkeys(scope.strip() for scope in raw))
    if not scopes:
        raise InvalidApiKeyRequest("An API key needs at least one scope, such as codes:read.")
    if len(scopes) > MAX_SCOPES:
        raise InvalidApiKeyRequest(f"An API key can have at most {MAX_SCOPES} scopes.")
    for scope in scopes:
        if _SCOPE.fullmatch(scope) is None:
            raise InvalidApiKeyRequest(
                "A scope is a lower-case word such as codes:read"
                " (letters, digits and _ . : -, at most 64 characters)."
            )
    return scopes
