"""The gateway in front of the conformance subgraphs, all in process over ASGI."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
import pytest
from conformance_subgraphs import CallLog, claims_schema, codes_schema, subgraph_app
from fastapi import FastAPI

from gateway.composition.compose import Supergraph, compose
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
    async with gateway_over(transport, URLS, [claims_log, codes_log]) as (client, supergraph, _):
        yield Federation(client, supergraph, claims_log, codes_log)


@asynccontextmanager
async def gateway_over(
    routing: httpx.AsyncBaseTransport,
    urls: Mapping[str, str],
    logs: Iterable[CallLog],
    settings: GatewaySettings | None = None,
) -> AsyncIterator[tuple[httpx.AsyncClient, Supergraph, FastAPI]]:
    """A client of the gateway composed from the subgraphs ``routing`` serves at ``urls``;
    the calls composing made are cleared from ``logs``, so a test sees only its own."""
    async with httpx.AsyncClient(transport=routing) as loader:
        supergraph = compose(await load_subgraphs(urls, 5.0, client=loader))
    app = create_app(settings or GatewaySettings(), supergraph, transport=routing)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app), base_url="http://gateway.test"
        ) as client,
    ):
        for log in logs:
            log.calls.clear()
        yield client, supergraph, app
