"""The credentials a request carries, told apart by shape before anything is verified."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

# base64url header.payload.signature: an access token the identity service signed.
_JWT = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$", re.ASCII)
MAX_CREDENTIAL_LENGTH = 4096
API_KEY_HEADER = "x-api-key"
GUEST_TOKEN_HEADER = "x-guest-token"


class CredentialKind(Enum):
    ACCESS_TOKEN = "access_token"
    GUEST_TOKEN = "guest_token"
    API_KEY = "api_key"


@dataclass(frozen=True)
class Credential:
    kind: CredentialKind
    value: str


class MalformedCredential(ValueError):
    """A credential too long to be one of ours."""


def credential_of(headers: Mapping[str, str]) -> Credential | None:
    """The request's credential: ``X-API-Key``, ``X-Guest-Token`` or ``Authorization: Bearer``.

    A bearer value shaped like neither an access token nor a guest token (a service's own
    token, such as the catalog's editor token) is no viewer credential: it is passed on as is.
    """
    for name, kind in ((API_KEY_HEADER, CredentialKind.API_KEY), (GUEST_TOKEN_HEADER, None)):
        value = headers.get(name, "").strip()
        if value:
            _check_length(value)
            return Credential(kind or CredentialKind.GUEST_TOKEN, value)
    scheme, _, value = headers.get("authorization", "").strip().partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value:
        return None
    _check_length(value)
    if value.startswith("guest."):
        return Credential(CredentialKind.GUEST_TOKEN, value)
    if value.startswith("ca_"):
        return Credential(CredentialKind.API_KEY, value)
    if _JWT.match(value):
        return Credential(CredentialKind.ACCESS_TOKEN, value)
    return None


def _check_length(value: str) -> None:
    if len(value) > MAX_CREDENTIAL_LENGTH:
        raise MalformedCredential("The credential is too long to be a CodeAtlas token or key.")
