"""Access tokens: short-lived EdDSA JWTs the gateway checks against the published keys."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from identity.domain.accounts import ACCOUNT_KIND, Account
from identity.domain.signing_keys import ALGORITHM, SigningKey

ISSUER = "codeatlas-identity"
AUDIENCE = "codeatlas"
LIFETIME = timedelta(minutes=15)
REQUIRED_CLAIMS = ["iss", "aud", "sub", "iat", "exp", "jti", "viewer", "plan", "kind"]


class InvalidAccessToken(ValueError):
    """An access token that is malformed, forged or expired; the message says which."""


@dataclass(frozen=True)
class AccessClaims:
    account_id: str
    viewer_id: str
    plan: str
    issued_at: datetime
    expires_at: datetime
    token_id: str

    def as_jwt(self) -> dict[str, Any]:
        return {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": self.account_id,
            "viewer": self.viewer_id,
            "plan": self.plan,
            "kind": ACCOUNT_KIND,
            "iat": int(self.issued_at.timestamp()),
            "exp": int(self.expires_at.timestamp()),
            "jti": self.token_id,
        }


def access_claims(account: Account, now: datetime) -> AccessClaims:
    issued_at = now.replace(microsecond=0)
    return AccessClaims(
        account.id,
        account.viewer_id,
        account.plan,
        issued_at,
        issued_at + LIFETIME,
        str(uuid.uuid4()),
    )


def sign_access_token(claims: AccessClaims, key: SigningKey) -> str:
    return jwt.encode(
        claims.as_jwt(), key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid}
    )


def verify_access_token(
    token: str, public_keys: Mapping[str, Ed25519PublicKey], now: datetime
) -> AccessClaims:
    """The claims of a token signed by one of ``public_keys``, if it has not expired at ``now``."""
    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except jwt.PyJWTError as exc:
        raise InvalidAccessToken("This is not a CodeAtlas access token.") from exc
    key = public_keys.get(str(kid))
    if key is None:
        raise InvalidAccessToken(
            "The access token was signed with a key this service does not know."
        )
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            # Expiry is checked against ``now`` below, so that it is checked on one clock.
            options={"require": REQUIRED_CLAIMS, "verify_exp": False, "verify_iat": False},
        )
    except jwt.PyJWTError as exc:
        raise InvalidAccessToken("The access token is not valid; it was not issued here.") from exc
    try:
        read = _read(claims)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InvalidAccessToken("The access token is not valid; it was not issued here.") from exc
    if read.expires_at <= now:
        raise InvalidAccessToken("The access token has expired; refresh it or sign in again.")
    return read


def _read(claims: Mapping[str, Any]) -> AccessClaims:
    if claims["kind"] != ACCOUNT_KIND:
        raise ValueError("not an account's access token")
    return AccessClaims(
        account_id=str(claims["sub"]),
        viewer_id=str(claims["viewer"]),
        plan=str(claims["plan"]),
        issued_at=datetime.fromtimestamp(int(claims["iat"]), UTC),
        expires_at=datetime.fromtimestamp(int(claims["exp"]), UTC),
        token_id=str(claims["jti"]),
    )
