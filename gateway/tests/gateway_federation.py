"""The gateway in front of the conformance subgraphs, all in process over ASGI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from conformance_subgraphs import CallLog, claims_schema, codes_schema, subgraph_app

from gateway.composition.compose import Supergraph
from gateway.http.app import create_app
from gateway.settings import GatewaySettings
from gateway.supergraph_loader import load_subgraphs

URLS = {"claims": "http://claims.test/graphql", "codes": "http://codes.test/graphql"}


class HostRouting(httpx.AsyncBaseTransport):
    """Sends each request to the ASGI app serving its host."""

    def __init__(self, apps: dict[str, httpx.ASGITransport]) -> None:
        self._apps = apps

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._apps[request.url.host].handle_async_request(request)


@dataclass
class Federation:
    client: httpx.AsyncClient
    supergraph: Supergraph
    claims: CallLog
    codes: CallLog


@pytest.fixture
async def federation() -> AsyncIterator[Federation]:
    claims_log, codes_log = CallLog(), CallLog()
    transport = HostRouting(
        {
            "claims.test": httpx.ASGITransport(subgraph_app(claims_schema, claims_log)),
            "codes.test": httpx.ASGITransport(subgraph_app(codes_schema, codes_log)),
        }
    )
    from gateway.composition.compose import compose

    async with httpx.AsyncClient(transport=transport) as loader:
        subgraphs = await load_subgraphs(URLS, 5.0, client=loader)
    supergraph = compose(subgraphs)
    app = create_app(GatewaySettings(), supergraph, transport=transport)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app), base_url="http://gateway.test"
        ) as client,
    ):
        claims_log.calls.clear()
        codes_log.calls.clear()
        yield Federation(client, supergraph, claims_log, codes_log)
