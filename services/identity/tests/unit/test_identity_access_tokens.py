"""Access tokens: EdDSA JWTs with the claims the gateway reads, verified against the keyring."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from identity.domain.access_tokens import (
    AUDIENCE,
    ISSUER,
    InvalidAccessToken,
    access_claims,
    sign_access_token,
    verify_access_token,
)
from identity.domain.accounts import Account
from identity.domain.signing_keys import Keyring, new_signing_key, signing_key_from_pem

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 29, 12, 0, 30, 250_000, tzinfo=UTC)
ACCOUNT = Account(
    id="0b7f4e3c-1f52-4c55-8a3e-1d7e0c9b2a61",
    email="coder@example.com",
    plan="free",
    viewer_id="6f1c2a9e-4b7d-4c1e-9a53-0d2e8f7b6a41",
    created_at=NOW,
)
KEY = new_signing_key(NOW)
KEYRING = Keyring([KEY])


def _token(now: datetime = NOW) -> str:
    return sign_access_token(access_claims(ACCOUNT, now), KEY)


def _parts(token: str) -> tuple[dict[str, object], dict[str, object]]:
    header, payload, _ = token.split(".")
    return _json(header), _json(payload)


def _json(part: str) -> dict[str, object]:
    decoded: dict[str, object] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return decoded


def test_the_token_carries_who_whose_views_which_plan_and_for_how_long() -> None:
    header, claims = _parts(_token())
    assert header == {"alg": "EdDSA", "typ": "JWT", "kid": KEY.kid}
    issued = int(NOW.replace(microsecond=0).timestamp())
    assert claims == {
        "iss": "codeatlas-identity",
        "aud": "codeatlas",
        "sub": ACCOUNT.id,
        "viewer": ACCOUNT.viewer_id,
        "plan": "free",
        "kind": "account",
        "iat": issued,
        "exp": issued + 15 * 60,
        "jti": claims["jti"],
    }


def test_every_token_has_its_own_id() -> None:
    assert _parts(_token())[1]["jti"] != _parts(_token())[1]["jti"]


def test_a_token_verifies_until_it_expires() -> None:
    claims = verify_access_token(_token(), KEYRING.public_keys(), NOW + timedelta(minutes=14))
    assert (claims.account_id, claims.viewer_id, claims.plan) == (
        ACCOUNT.id,
        ACCOUNT.viewer_id,
        "free",
    )
    with pytest.raises(InvalidAccessToken, match="expired"):
        verify_access_token(_token(), KEYRING.public_keys(), NOW + timedelta(minutes=15))


def test_a_token_signed_by_another_key_with_the_same_kid_is_forged() -> None:
    impostor = new_signing_key(NOW)
    forged = sign_access_token(access_claims(ACCOUNT, NOW), impostor)
    forged_with_our_kid = jwt.encode(
        access_claims(ACCOUNT, NOW).as_jwt(),
        impostor.private_key,
        algorithm="EdDSA",
        headers={"kid": KEY.kid},
    )
    with pytest.raises(InvalidAccessToken, match="key this service does not know"):
        verify_access_token(forged, KEYRING.public_keys(), NOW)
    with pytest.raises(InvalidAccessToken, match="not issued here"):
        verify_access_token(forged_with_our_kid, KEYRING.public_keys(), NOW)


def test_changing_a_claim_breaks_the_signature() -> None:
    token = _token()
    header, _, signature = token.split(".")
    claims = _parts(token)[1]
    richer = base64.urlsafe_b64encode(json.dumps({**claims, "plan": "pro"}).encode())
    tampered = f"{header}.{richer.rstrip(b'=').decode()}.{signature}"
    with pytest.raises(InvalidAccessToken, match="not issued here"):
        verify_access_token(tampered, KEYRING.public_keys(), NOW)


@pytest.mark.parametrize(
    ("claims", "algorithm"),
    [
        ({"aud": "someone-else"}, "EdDSA"),
        ({"iss": "someone-else"}, "EdDSA"),
        ({"kind": "partner"}, "EdDSA"),
        ({"viewer": None}, "EdDSA"),
    ],
)
def test_a_token_for_another_audience_issuer_or_kind_is_refused(
    claims: dict[str, object], algorithm: str
) -> None:
    body = {**access_claims(ACCOUNT, NOW).as_jwt(), **claims}
    body = {name: value for name, value in body.items() if value is not None}
    token = jwt.encode(body, KEY.private_key, algorithm=algorithm, headers={"kid": KEY.kid})
    with pytest.raises(InvalidAccessToken, match="not issued here"):
        verify_access_token(token, KEYRING.public_keys(), NOW)


def test_an_hmac_token_naming_our_kid_is_refused() -> None:
    body = access_claims(ACCOUNT, NOW).as_jwt()
    token = jwt.encode(body, "a shared secret of 32 bytes or more!", headers={"kid": KEY.kid})
    with pytest.raises(InvalidAccessToken, match="not issued here"):
        verify_access_token(token, KEYRING.public_keys(), NOW)


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "guest.x.1.y", "é" * 50])
def test_anything_else_is_not_an_access_token(garbage: str) -> None:
    with pytest.raises(InvalidAccessToken, match="not a CodeAtlas access token"):
        verify_access_token(garbage, KEYRING.public_keys(), NOW)


def test_the_published_jwk_verifies_what_the_key_signed() -> None:
    jwks = KEYRING.jwks()
    assert jwks["keys"][0]["kty"] == "OKP"
    assert jwks["keys"][0]["crv"] == "Ed25519"
    assert "d" not in jwks["keys"][0]
    public = jwt.PyJWKSet.from_dict(jwks)[KEY.kid].key
    claims = jwt.decode(
        _token(datetime.now(UTC)), public, algorithms=["EdDSA"], audience=AUDIENCE, issuer=ISSUER
    )
    assert claims["sub"] == ACCOUNT.id


def test_a_key_survives_its_pem_and_the_newest_key_signs() -> None:
    again = signing_key_from_pem(KEY.kid, KEY.private_pem(), KEY.created_at)
    assert again.public_jwk() == KEY.public_jwk()
    newer = new_signing_key(NOW + timedelta(days=90))
    assert Keyring([KEY, newer]).current == newer
    assert {key["kid"] for key in Keyring([newer, KEY]).jwks()["keys"]} == {KEY.kid, newer.kid}
