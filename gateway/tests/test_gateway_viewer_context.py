"""The gateway authenticates each request with the real identity service and tells the
subgraphs who is asking, in a signed viewer context; bad credentials are refused."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from conformance_subgraphs import CallLog, claims_schema, codes_schema, subgraph_app
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from gateway_federation import URLS, HostRouting

from atlaskit.db import drop_database
from atlaskit.viewer import VIEWER_HEADER, Viewer, ViewerKind, sign_viewer, verify_viewer
from devstack.infra import Infrastructure
from gateway.composition.compose import compose
from gateway.http.app import create_app
from gateway.settings import GatewaySettings
from gateway.supergraph_loader import load_subgraphs
from identity.app import create_app as create_identity
from identity.settings import IdentitySettings

pytestmark = pytest.mark.integration

CODE = '{ code(system: HCPCS, code: "K0001") { title } }'
REGISTER = """mutation($e: String!, $p: String!, $g: String) {
  register(email: $e, password: $p, guestToken: $g) {
    accessToken account { id viewerId plan } } }"""


@dataclass
class Door:
    gateway: httpx.AsyncClient
    identity: httpx.AsyncClient
    codes: CallLog
    secret: str

    async def ask(self, headers: dict[str, str]) -> httpx.Response:
        self.codes.headers.clear()
        return await self.gateway.post("/graphql", json={"query": CODE}, headers=headers)

    def viewer_seen(self) -> Viewer:
        [headers] = self.codes.headers
        return verify_viewer(self.secret, headers.get(VIEWER_HEADER), datetime.now(UTC))

    async def identity_graphql(
        self, query: str, viewer: Viewer | None = None, **variables: Any
    ) -> dict[str, Any]:
        headers = {}
        if viewer is not None:
            headers[VIEWER_HEADER] = sign_viewer(self.secret, viewer, datetime.now(UTC))
        response = await self.identity.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data


@pytest.fixture
async def door(infra: Infrastructure) -> AsyncIterator[Door]:
    identity_settings = IdentitySettings()
    identity_settings.database_prefix += f"_{uuid.uuid4().hex[:6]}"
    identity_app = create_identity(identity_settings)
    codes = CallLog()
    transport = HostRouting(
        {
            "claims.test": httpx.ASGITransport(subgraph_app(claims_schema, CallLog())),
            "codes.test": httpx.ASGITransport(subgraph_app(codes_schema, codes)),
            "identity.test": httpx.ASGITransport(identity_app),
        }
    )
    async with httpx.AsyncClient(transport=transport) as loader:
        supergraph = compose(await load_subgraphs(URLS, 5.0, client=loader))
    settings = GatewaySettings.model_validate(
        {"GATEWAY_IDENTITY_URL": "http://identity.test", "GATEWAY_API_KEY_CACHE_SECONDS": 0}
    )
    app = create_app(settings, supergraph, transport=transport)
    async with (
        identity_app.router.lifespan_context(identity_app),
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://gw.test") as gw,
        httpx.AsyncClient(transport=transport, base_url="http://identity.test") as identity,
    ):
        yield Door(gw, identity, codes, settings.viewer_context_secret)
    await drop_database(identity_settings.dsn)


async def test_a_request_without_credentials_is_anonymous_with_its_address(door: Door) -> None:
    response = await door.ask({})
    assert response.status_code == 200
    seen = door.viewer_seen()
    assert (seen.kind, seen.viewer_id, seen.address) == (ViewerKind.ANONYMOUS, "", "127.0.0.1")


async def test_a_client_cannot_send_its_own_viewer_context(door: Door) -> None:
    forged = sign_viewer(
        "not-the-secret", Viewer("x", ViewerKind.ACCOUNT, "pro"), datetime.now(UTC)
    )
    await door.ask({VIEWER_HEADER: forged})
    assert door.viewer_seen().kind is ViewerKind.ANONYMOUS


async def test_a_guest_and_the_account_it_becomes_keep_one_viewer_id(door: Door) -> None:
    guest = (await door.identity_graphql("mutation { issueGuestToken { token viewerId } }"))[
        "issueGuestToken"
    ]
    await door.ask({"x-guest-token": guest["token"]})
    assert door.viewer_seen() == Viewer(
        guest["viewerId"], ViewerKind.GUEST, "guest", address="127.0.0.1"
    )
    email = f"coder-{uuid.uuid4().hex[:8]}@example.com"
    session = (
        await door.identity_graphql(REGISTER, e=email, p="correct horse battery", g=guest["token"])
    )["register"]
    await door.ask({"authorization": f"Bearer {session['accessToken']}"})
    seen = door.viewer_seen()
    assert (seen.kind, seen.viewer_id, seen.plan, seen.account_id) == (
        ViewerKind.ACCOUNT,
        guest["viewerId"],
        "free",
        session["account"]["id"],
    )


async def test_an_api_key_names_its_partner_until_it_is_revoked(door: Door) -> None:
    email = f"partner-{uuid.uuid4().hex[:8]}@example.com"
    account = (await door.identity_graphql(REGISTER, e=email, p="correct horse battery"))[
        "register"
    ]["account"]
    owner = Viewer(account["viewerId"], ViewerKind.ACCOUNT, "free", account_id=account["id"])
    created = (
        await door.identity_graphql(
            'mutation { createApiKey(name: "exports", scopes: ["codes:read"]) {'
            " key apiKey { id viewerId } } }",
            owner,
        )
    )["createApiKey"]
    await door.ask({"x-api-key": created["key"]})
    seen = door.viewer_seen()
    assert (seen.kind, seen.plan, seen.api_key_id, seen.viewer_id) == (
        ViewerKind.PARTNER,
        "partner",
        created["apiKey"]["id"],
        created["apiKey"]["viewerId"],
    )
    await door.identity_graphql(
        f'mutation {{ revokeApiKey(id: "{created["apiKey"]["id"]}") {{ id }} }}', owner
    )
    refused = await door.ask({"x-api-key": created["key"]})
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "revoked" in refused.json()["errors"][0]["message"]


def _token_signed_elsewhere(expired: bool = False) -> str:
    now = datetime.now(UTC)
    claims = {
        "iss": "codeatlas-identity",
        "aud": "codeatlas",
        "sub": str(uuid.uuid4()),
        "viewer": str(uuid.uuid4()),
        "plan": "pro",
        "iat": now,
        "exp": now - timedelta(minutes=1) if expired else now + timedelta(minutes=15),
    }
    key = Ed25519PrivateKey.generate()
    return jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": "someone-elses"})


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({"authorization": f"Bearer {_token_signed_elsewhere()}"}, "key this service does not"),
        ({"authorization": "Bearer not.a.token"}, "cannot be read"),
        ({"x-guest-token": "guest.forged"}, "not a CodeAtlas guest token"),
        ({"x-api-key": "ca_live_made_up"}, "not valid or was revoked"),
    ],
)
async def test_a_forged_token_or_key_is_refused_with_a_sentence(
    door: Door, headers: dict[str, str], message: str
) -> None:
    response = await door.ask(headers)
    assert response.status_code == 401
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert message in error["message"]
    assert door.codes.headers == [], "a refused request reaches no subgraph"
