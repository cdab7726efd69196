"""Partner API keys: made and revoked by a signed-in account, checked for the gateway."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest

from atlaskit.db import create_pool, drop_database
from atlaskit.viewer import VIEWER_HEADER, Viewer, ViewerKind, sign_viewer
from devstack.asgi import serving
from devstack.infra import Infrastructure
from identity.app import create_app
from identity.settings import IdentitySettings

pytestmark = pytest.mark.integration

REGISTER = """mutation($e: String!, $p: String!) {
  register(email: $e, password: $p) { account { id email plan viewerId } } }"""
CREATE = """mutation($n: String!, $s: [String!]!) {
  createApiKey(name: $n, scopes: $s) {
    key apiKey { id name prefix scopes viewerId createdAt revokedAt } } }"""
REVOKE = "mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }"
MY_KEYS = "{ myApiKeys { id name revokedAt } }"
MY_ACCOUNT = "{ myAccount { id email plan viewerId } }"
SIGN_IN_FIRST = "Only a signed-in account can do this; sign in first."


class Identity:
    def __init__(self, client: httpx.AsyncClient, pool: asyncpg.Pool) -> None:
        self.client = client
        self.pool = pool

    async def graphql(
        self, query: str, viewer: Viewer | None = None, **variables: Any
    ) -> dict[str, Any]:
        headers = {} if viewer is None else {VIEWER_HEADER: _signed(viewer)}
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    async def account(self) -> Viewer:
        """A new account, as the gateway would name it once it has signed in."""
        email = f"partner-{uuid.uuid4().hex[:10]}@example.com"
        answer = await self.graphql(REGISTER, e=email, p="correct horse battery staple")
        account = answer["data"]["register"]["account"]
        return Viewer(account["viewerId"], ViewerKind.ACCOUNT, "free", account_id=account["id"])

    async def create_key(self, owner: Viewer, name: str = "Billing export") -> dict[str, Any]:
        answer = await self.graphql(CREATE, owner, n=name, s=["codes:read", "search:read"])
        created: dict[str, Any] = answer["data"]["createApiKey"]
        return created

    async def verify(self, key: Any) -> httpx.Response:
        return await self.client.post("/internal/api-keys/verify", json={"key": key})


def _signed(viewer: Viewer, now: datetime | None = None) -> str:
    secret = IdentitySettings().viewer_context_secret
    return sign_viewer(secret, viewer, now or datetime.now(UTC))


def _refused(answer: dict[str, Any]) -> tuple[str, str]:
    assert answer["data"] is None, answer
    return answer["errors"][0]["extensions"]["code"], answer["errors"][0]["message"]


@pytest.fixture(scope="module")
async def identity(infra: Infrastructure) -> AsyncIterator[Identity]:
    settings = IdentitySettings()
    settings.database_prefix += f"_{uuid.uuid4().hex[:6]}"
    async with serving(create_app(settings)) as client:
        pool = await create_pool(settings.dsn)
        yield Identity(client, pool)
        await pool.close()
    await drop_database(settings.dsn)


async def test_a_key_is_shown_once_and_the_gateway_can_check_it(identity: Identity) -> None:
    owner = await identity.account()
    created = await identity.create_key(owner, "  Billing   export ")
    key, api_key = created["key"], created["apiKey"]
    assert key.startswith("ca_live_")
    assert key.startswith(api_key["prefix"]) and len(api_key["prefix"]) == 12
    assert (api_key["name"], api_key["scopes"], api_key["revokedAt"]) == (
        "Billing export",
        ["codes:read", "search:read"],
        None,
    )
    stored = await identity.pool.fetchrow("SELECT * FROM api_keys WHERE id = $1", api_key["id"])
    assert key not in {str(value) for value in stored.values()}

    checked = await identity.verify(key)
    assert checked.status_code == 200
    assert checked.json() == {
        "apiKeyId": api_key["id"],
        "accountId": owner.account_id,
        "viewerId": api_key["viewerId"],
        "plan": "partner",
        "scopes": ["codes:read", "search:read"],
    }


async def test_each_key_is_metered_on_its_own(identity: Identity) -> None:
    owner = await identity.account()
    first, second = await identity.create_key(owner), await identity.create_key(owner)
    viewers = {first["apiKey"]["viewerId"], second["apiKey"]["viewerId"], owner.viewer_id}
    assert len(viewers) == 3
    listed = (await identity.graphql(MY_KEYS, owner))["data"]["myApiKeys"]
    assert [key["id"] for key in listed] == [first["apiKey"]["id"], second["apiKey"]["id"]]


async def test_a_revoked_key_stops_working(identity: Identity) -> None:
    owner = await identity.account()
    created = await identity.create_key(owner)
    key_id = created["apiKey"]["id"]
    revoked = (await identity.graphql(REVOKE, owner, id=key_id))["data"]["revokeApiKey"]
    assert revoked["id"] == key_id and revoked["revokedAt"] is not None
    again = (await identity.graphql(REVOKE, owner, id=key_id))["data"]["revokeApiKey"]
    assert again["revokedAt"] == revoked["revokedAt"]

    refused = await identity.verify(created["key"])
    assert refused.status_code == 401
    assert refused.json() == {
        "code": "UNAUTHENTICATED",
        "message": "This API key is not valid or was revoked.",
    }
    listed = (await identity.graphql(MY_KEYS, owner))["data"]["myApiKeys"]
    assert listed[0]["revokedAt"] == revoked["revokedAt"]


async def test_only_the_owning_account_revokes_a_key(identity: Identity) -> None:
    owner, stranger = await identity.account(), await identity.account()
    created = await identity.create_key(owner)
    for key_id in (created["apiKey"]["id"], str(uuid.uuid4()), "not-a-uuid"):
        assert _refused(await identity.graphql(REVOKE, stranger, id=key_id)) == (
            "NOT_FOUND",
            "Your account has no API key with this id.",
        )
    assert (await identity.verify(created["key"])).status_code == 200


async def test_only_a_signed_in_account_manages_keys(identity: Identity) -> None:
    owner = await identity.account()
    guest = Viewer(str(uuid.uuid4()), ViewerKind.GUEST, "guest")
    partner = Viewer(str(uuid.uuid4()), ViewerKind.PARTNER, "partner", account_id=owner.account_id)
    gone = Viewer(str(uuid.uuid4()), ViewerKind.ACCOUNT, "free", account_id=str(uuid.uuid4()))
    odd = Viewer(str(uuid.uuid4()), ViewerKind.ACCOUNT, "free", account_id="not-a-uuid")
    for viewer in (None, guest, partner, gone, odd):
        refused = await identity.graphql(CREATE, viewer, n="Export", s=["codes:read"])
        assert _refused(refused) == ("UNAUTHENTICATED", SIGN_IN_FIRST)
    stale = _signed(owner, datetime.now(UTC) - timedelta(minutes=2))
    forged = _signed(owner)[:-4] + "AAAA"
    for header in (stale, forged, "Bearer whatever"):
        response = await identity.client.post(
            "/graphql",
            json={"query": MY_ACCOUNT},
            headers={VIEWER_HEADER: header},
        )
        assert _refused(response.json()) == ("UNAUTHENTICATED", SIGN_IN_FIRST)
    mine = (await identity.graphql(MY_ACCOUNT, owner))["data"]["myAccount"]
    assert (mine["id"], mine["viewerId"], mine["plan"]) == (
        owner.account_id,
        owner.viewer_id,
        "free",
    )


@pytest.mark.parametrize(
    ("name", "scopes", "reason"),
    [
        ("", ["codes:read"], "a name of 1 to 100 characters"),
        ("Export", [], "at least one scope"),
        ("Export", ["Codes Read"], "lower-case word"),
    ],
)
async def test_a_bad_name_or_scope_is_explained(
    identity: Identity, name: str, scopes: list[str], reason: str
) -> None:
    owner = await identity.account()
    code, message = _refused(await identity.graphql(CREATE, owner, n=name, s=scopes))
    assert code == "BAD_USER_INPUT"
    assert reason in message


async def test_anything_but_a_live_key_is_refused(identity: Identity) -> None:
    for key in ("", "ca_live_short", "ca_live_" + "A" * 43, "x" * 4000):
        refused = await identity.verify(key)
        assert (refused.status_code, refused.json()["code"]) == (401, "UNAUTHENTICATED")
    for body in ({}, {"key": 42}, {"key": "x" * 5000}):
        malformed = await identity.client.post("/internal/api-keys/verify", json=body)
        assert (malformed.status_code, malformed.json()["code"]) == (400, "BAD_USER_INPUT")
