"""Ed25519 keys that sign access tokens, and the public half published as a JWK set."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
)

ALGORITHM = "EdDSA"


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: Ed25519PrivateKey
    created_at: datetime

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    def private_pem(self) -> str:
        return self.private_key.private_bytes(
            Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
        ).decode()

    def public_jwk(self) -> dict[str, str]:
        raw = self.public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
        x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        return {
            "kty": "OKP",
            "crv": "Ed25519",
            "x": x,
            "kid": self.kid,
            "alg": ALGORITHM,
            "use": "sig",
        }


def new_signing_key(now: datetime) -> SigningKey:
    kid = f"{now:%Y%m%d}-{secrets.token_hex(4)}"
    return SigningKey(kid, Ed25519PrivateKey.generate(), now)


def signing_key_from_pem(kid: str, pem: str, created_at: datetime) -> SigningKey:
    key = load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"signing key {kid!r} is not an Ed25519 key")
    return SigningKey(kid, key, created_at)


@dataclass(frozen=True)
class Keyring:
    """Every key still published; the newest one signs."""

    keys: Sequence[SigningKey]

    def __post_init__(self) -> None:
        if not self.keys:
            raise ValueError("a keyring needs at least one signing key")

    @property
    def current(self) -> SigningKey:
        return max(self.keys, key=lambda key: (key.created_at, key.kid))

    def public_keys(self) -> dict[str, Ed25519PublicKey]:
        return {key.kid: key.public_key for key in self.keys}

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        return {"keys": [key.public_jwk() for key in self.keys]}
