"""Issuing and checking guest tokens through the identity app, on real PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from atlaskit.db import create_pool, drop_database
from devstack.asgi import serving
from devstack.infra import Infrastructure
from identity.app import create_app
from identity.settings import IdentitySettings

pytestmark = pytest.mark.integration

ISSUE = "mutation { issueGuestToken { token viewerId plan expiresAt } }"
VERIFY = "query($t: String!) { verifyGuestToken(token: $t) { viewerId plan } }"


async def _verify(client: httpx.AsyncClient, token: str) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": VERIFY, "variables": {"t": token}})
    answer: dict[str, Any] = response.json()
    return answer


async def _relayed(pool: asyncpg.Pool) -> asyncpg.Record:
    """The outbox row, once the relay has published it to the broker."""
    for _ in range(500):
        row = await pool.fetchrow(
            "SELECT envelope, topic FROM outbox WHERE published_at IS NOT NULL"
        )
        if row is not None:
            return row
        await asyncio.sleep(0.02)
    raise AssertionError("the guest.issued event was never relayed")


async def test_a_guest_token_is_stored_announced_and_verifiable(infra: Infrastructure) -> None:
    settings = IdentitySettings()
    settings.database_prefix += f"_{uuid.uuid4().hex[:6]}"
    pool = None
    async with serving(create_app(settings)) as client:
        issued = (await client.post("/graphql", json={"query": ISSUE})).json()
        guest = issued["data"]["issueGuestToken"]
        assert guest["plan"] == "guest"
        assert guest["token"].startswith(f"guest.{guest['viewerId']}.")
        checked = await _verify(client, guest["token"])
        assert checked["data"]["verifyGuestToken"] == {
            "viewerId": guest["viewerId"],
            "plan": "guest",
        }
        pool = await create_pool(settings.dsn)
        event = await _relayed(pool)
    envelope = json.loads(event["envelope"])
    assert event["topic"] == settings.topic("identity.accounts")
    assert envelope["type"] == "identity.guest.issued"
    assert envelope["data"] == {"viewerId": guest["viewerId"], "plan": "guest"}
    stored = await pool.fetchval("SELECT viewer_id::text FROM guests")
    assert stored == guest["viewerId"]
    await pool.close()
    await drop_database(settings.dsn)


async def test_forged_and_malformed_tokens_are_unauthenticated(infra: Infrastructure) -> None:
    settings = IdentitySettings()
    settings.database_prefix += f"_{uuid.uuid4().hex[:6]}"
    async with serving(create_app(settings)) as client:
        issued = (await client.post("/graphql", json={"query": ISSUE})).json()
        unsigned = issued["data"]["issueGuestToken"]["token"].rsplit(".", 1)[0]
        forged = f"{unsigned}.{'A' * 43}"
        for bad, reason in [(forged, "signature"), ("guest.é", "not a CodeAtlas guest token")]:
            refused = await _verify(client, bad)
            assert refused["data"] is None
            assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
            assert reason in refused["errors"][0]["message"]
    await drop_database(settings.dsn)
