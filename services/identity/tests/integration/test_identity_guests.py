"""Issuing and checking guest tokens through the identity app, on real PostgreSQL."""

from __future__ import annotations

import uuid

import httpx
import pytest

from atlaskit.db import create_pool, drop_database
from devstack.infra import Infrastructure
from identity.app import create_app
from identity.settings import IdentitySettings

pytestmark = pytest.mark.integration

ISSUE = "mutation { issueGuestToken { token viewerId plan expiresAt } }"
VERIFY = "query($t: String!) { verifyGuestToken(token: $t) { viewerId plan } }"


async def test_a_guest_token_is_stored_announced_and_verifiable(infra: Infrastructure) -> None:
    settings = IdentitySettings()
    settings.database_prefix += f"_{uuid.uuid4().hex[:6]}"
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://identity"
        ) as client,
    ):
        issued = (await client.post("/graphql", json={"query": ISSUE})).json()
        guest = issued["data"]["issueGuestToken"]
        assert guest["plan"] == "guest"
        checked = (
            await client.post(
                "/graphql", json={"query": VERIFY, "variables": {"t": guest["token"]}}
            )
        ).json()
        assert checked["data"]["verifyGuestToken"] == {
            "viewerId": guest["viewerId"],
            "plan": "guest",
        }
        forged = (
            await client.post(
                "/graphql", json={"query": VERIFY, "variables": {"t": guest["token"][:-2] + "xx"}}
            )
        ).json()
        assert forged["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    pool = await create_pool(settings.dsn)
    try:
        assert await pool.fetchval("SELECT count(*) FROM guests") == 1
        event = await pool.fetchval("SELECT envelope->>'type' FROM outbox")
        assert event == "identity.guest.issued"
    finally:
        await pool.close()
        await drop_database(settings.dsn)
