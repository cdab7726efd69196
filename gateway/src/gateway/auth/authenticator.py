"""From a request's credential to the viewer the subgraphs are told about."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import jwt

from atlaskit.viewer import Viewer, ViewerKind, anonymous, sign_viewer
from gateway.auth.credentials import (
    Credential,
    CredentialKind,
    MalformedCredential,
    credential_of,
)
from gateway.auth.identity_client import IdentityClient, IdentityUnavailable, Rejected

ISSUER = "codeatlas-identity"
AUDIENCE = "codeatlas"
ALGORITHMS = ["EdDSA"]


class AuthenticationFailed(Exception):
    """The request carries a credential that is not valid: it is refused, not served."""

    def __init__(self, message: str, code: str = "UNAUTHENTICATED", status: int = 401) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


class Authenticator:
    def __init__(self, identity: IdentityClient, viewer_secret: str) -> None:
        self._identity = identity
        self._secret = viewer_secret
        self._public_keys: dict[str, Any] = {}

    async def viewer_of(self, headers: Mapping[str, str], address: str | None) -> Viewer:
        """The viewer a request's credential names; anonymous when it carries none."""
        try:
            credential = credential_of(headers)
        except MalformedCredential as exc:
            raise AuthenticationFailed(str(exc)) from exc
        if credential is None:
            return anonymous(address)
        try:
            return await self._verified(credential, address)
        except Rejected as exc:
            raise AuthenticationFailed(str(exc)) from exc
        except IdentityUnavailable as exc:
            raise AuthenticationFailed(
                "Sign-in cannot be checked right now; try again shortly.",
                code="IDENTITY_UNAVAILABLE",
                status=503,
            ) from exc

    def signed(self, viewer: Viewer) -> str:
        return sign_viewer(self._secret, viewer, datetime.now(UTC))

    async def _verified(self, credential: Credential, address: str | None) -> Viewer:
        if credential.kind is CredentialKind.GUEST_TOKEN:
            viewer_id = await self._identity.guest_viewer(credential.value)
            return Viewer(viewer_id, ViewerKind.GUEST, "guest", address=address)
        if credential.kind is CredentialKind.API_KEY:
            owner = await self._identity.api_key_owner(credential.value)
            return Viewer(
                owner.viewer_id,
                ViewerKind.PARTNER,
                owner.plan,
                account_id=owner.account_id,
                api_key_id=owner.api_key_id,
                address=address,
            )
        claims = await self._access_claims(credential.value)
        return Viewer(
            str(claims["viewer"]),
            ViewerKind.ACCOUNT,
            str(claims["plan"]),
            account_id=str(claims["sub"]),
            address=address,
        )

    async def _access_claims(self, token: str) -> dict[str, Any]:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError as exc:
            raise Rejected("The access token cannot be read; sign in again.") from exc
        key = await self._key(str(kid))
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=AUDIENCE,
                issuer=ISSUER,
                options={"require": ["exp", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Rejected("The access token has expired; refresh it or sign in again.") from exc
        except jwt.PyJWTError as exc:
            raise Rejected("The access token is not valid; it was not issued here.") from exc
        if "viewer" not in claims or "plan" not in claims:
            raise Rejected("The access token is not valid; it was not issued here.")
        return claims

    async def _key(self, kid: str) -> Any:
        """The public key by id, parsed once per JWK set (not once per request)."""
        for refresh in (False, True):
            if kid in self._public_keys and not refresh:
                return self._public_keys[kid]
            keys = jwt.PyJWKSet.from_dict(await self._identity.jwks(refresh=refresh))
            self._public_keys = {key.key_id: key.key for key in keys.keys if key.key_id}
            if kid in self._public_keys:
                return self._public_keys[kid]
        raise Rejected("The access token was signed with a key this service does not know.")
