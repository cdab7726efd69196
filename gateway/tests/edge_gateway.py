"""The gateway on a local port (uvicorn, real HTTP) in front of the conformance subgraphs, with
the edge settings a test asks for; its rate-limit counters are the test's own in Redis. Given
an identity app, the gateway checks credentials with it, as it does in production."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from conformance_subgraphs import CallLog, claims_schema, codes_schema, subgraph_app
from gateway_federation import URLS, HostRouting
from starlette.types import ASGIApp

from devstack.asgi import listening
from gateway.composition.compose import compose
from gateway.http.app import create_app
from gateway.settings import GatewaySettings
from gateway.supergraph_loader import load_subgraphs

GRAPHQL_RESPONSE = "application/graphql-response+json"
CLAIM = '{ claim(id: "c1") { id } }'
IDENTITY_URL = "http://identity.test"


@dataclass
class EdgeGateway:
    url: str
    http: httpx.AsyncClient
    claims: CallLog
    codes: CallLog

    async def post(self, body: dict[str, Any], **headers: str) -> httpx.Response:
        return await self.http.post(
            "/graphql", json=body, headers={"accept": GRAPHQL_RESPONSE, **headers}
        )

    async def raw(self, head: str, body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
        """Sends ``head`` (and then ``body``) on a socket of its own and reads the answer, so
        a test can send less of a body than it declares."""
        host, port = self.url.removeprefix("http://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            writer.write(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
            await writer.drain()
            status = int((await reader.readline()).split()[1])
            headers = {}
            while (line := (await reader.readline()).strip()) != b"":
                name, _, value = line.decode().partition(":")
                headers[name.lower()] = value.strip()
            content = await reader.readexactly(int(headers.get("content-length", "0")))
        finally:
            writer.close()
        return status, headers, content


def code_of(response: httpx.Response) -> str:
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


@asynccontextmanager
async def edge_gateway(
    identity: ASGIApp | None = None, **settings: Any
) -> AsyncIterator[EdgeGateway]:
    """``settings`` by their environment names (``GATEWAY_MAX_DEPTH=3``). ``identity``, when
    given, is served at IDENTITY_URL; the test runs its lifespan (it owns its database)."""
    claims, codes = CallLog(), CallLog()
    apps = {
        "claims.test": httpx.ASGITransport(subgraph_app(claims_schema, claims)),
        "codes.test": httpx.ASGITransport(subgraph_app(codes_schema, codes)),
    }
    if identity is not None:
        apps["identity.test"] = httpx.ASGITransport(identity)
        settings = {"GATEWAY_IDENTITY_URL": IDENTITY_URL, **settings}
    transport = HostRouting(apps)
    async with httpx.AsyncClient(transport=transport) as loader:
        supergraph = compose(await load_subgraphs(URLS, 5.0, client=loader))
    configured = GatewaySettings.model_validate(
        {"GATEWAY_RATE_LIMIT_PREFIX": f"test-{uuid.uuid4().hex}", **settings}
    )
    app = create_app(configured, supergraph, transport=transport)
    async with listening(app) as url, httpx.AsyncClient(base_url=url) as http:
        for log in (claims, codes):
            log.calls.clear()
            log.headers.clear()
        yield EdgeGateway(url, http, claims, codes)
