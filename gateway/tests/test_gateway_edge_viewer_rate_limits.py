"""Per-viewer rate limits with viewers the real identity service vouches for (its app in
process, on a PostgreSQL database of its own): each viewer has a budget of its own, even when
they share one address."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from edge_gateway import CLAIM, IDENTITY_URL, code_of, edge_gateway
from fastapi import FastAPI

from atlaskit.db import drop_database
from atlaskit.viewer import VIEWER_HEADER, Viewer, ViewerKind, sign_viewer
from devstack.asgi import serving
from devstack.infra import Infrastructure
from identity.app import create_app as create_identity
from identity.settings import IdentitySettings

pytestmark = pytest.mark.integration

WINDOW_SECONDS = 60
REGISTER = """mutation($e: String!, $p: String!) {
  register(email: $e, password: $p) { accessToken account { id viewerId } } }"""
CREATE_KEY = """mutation { createApiKey(name: "rate limits", scopes: ["codes:read"]) {
  key apiKey { viewerId } } }"""


class Identity:
    """The identity app, and the GraphQL calls that make the viewers a test needs."""

    def __init__(self, app: FastAPI, client: httpx.AsyncClient, secret: str) -> None:
        self.app = app
        self._client = client
        self._secret = secret

    async def _graphql(self, query: str, headers: dict[str, str], **variables: str) -> Any:
        response = await self._client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        body = response.json()
        assert "errors" not in body, body
        return body["data"]

    async def register(self) -> dict[str, Any]:
        """A new account: its access token and the account (id, viewer id)."""
        email = f"rate-{uuid.uuid4().hex[:8]}@example.com"
        registered: dict[str, Any] = (
            await self._graphql(REGISTER, {}, e=email, p="correct horse battery")
        )["register"]
        return registered

    async def api_key(self) -> str:
        """An API key of a new account, created as that account's signed-in viewer would."""
        account = (await self.register())["account"]
        owner = Viewer(account["viewerId"], ViewerKind.ACCOUNT, "free", account_id=account["id"])
        signed = sign_viewer(self._secret, owner, datetime.now(UTC))
        key: str = (await self._graphql(CREATE_KEY, {VIEWER_HEADER: signed}))["createApiKey"]["key"]
        return key


@pytest.fixture
async def identity(infra: Infrastructure) -> AsyncIterator[Identity]:
    settings = IdentitySettings()
    settings.database_prefix += f"_{uuid.uuid4().hex[:6]}"
    app = create_identity(settings)
    try:
        async with serving(app, IDENTITY_URL) as client:
            yield Identity(app, client, settings.viewer_context_secret)
    finally:
        await drop_database(settings.dsn)


async def test_two_viewers_at_one_address_each_have_their_own_budget(
    infra: Infrastructure, identity: Identity
) -> None:
    bearer = {"authorization": f"Bearer {(await identity.register())['accessToken']}"}
    partner = {"x-api-key": await identity.api_key()}
    async with edge_gateway(
        identity.app,
        redis_url=infra.redis_url,
        GATEWAY_RATE_LIMIT_PER_VIEWER=2,
        GATEWAY_RATE_LIMIT_PER_ADDRESS=1000,
        GATEWAY_RATE_LIMIT_WINDOW=WINDOW_SECONDS,
    ) as gateway:
        served = [await gateway.post({"query": CLAIM}, **bearer) for _ in range(2)]
        refused = await gateway.post({"query": CLAIM}, **bearer)
        other = [await gateway.post({"query": CLAIM}, **partner) for _ in range(3)]
        anonymous = await gateway.post({"query": CLAIM})
    assert [r.status_code for r in served] == [200, 200], served[-1].json()
    assert refused.status_code == 429
    assert code_of(refused) == "RATE_LIMITED"
    assert 1 <= int(refused.headers["retry-after"]) <= WINDOW_SECONDS
    assert [r.status_code for r in other] == [200, 200, 429], "the other's budget is its own"
    assert anonymous.status_code == 200, "the address's budget is not the viewers'"
    assert len(gateway.claims.calls) == 5, "the refused request reached no subgraph"
