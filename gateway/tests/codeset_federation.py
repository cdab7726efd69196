"""The gateway in front of the code-set subgraphs (conformance_codesets.py), over ASGI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from conformance_codesets import SCHEMAS, Rendezvous
from conformance_subgraphs import CallLog, subgraph_app
from gateway_federation import HostRouting, gateway_over

from gateway.composition.compose import Supergraph
from gateway.engine import Gateway
from gateway.settings import GatewaySettings

CODESET_URLS = {name: f"http://{name}.test/graphql" for name in SCHEMAS}
# Short, for the test of a slow subgraph: its resolver waits for an event the test never sets.
IMPATIENT_TIMEOUT_SECONDS = 0.5


class FlakyRouting(HostRouting):
    """Host routing where a test can take a subgraph down: its calls fail to connect."""

    def __init__(self, apps: dict[str, httpx.ASGITransport]) -> None:
        super().__init__(apps)
        self.down: set[str] = set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host in self.down:
            raise httpx.ConnectError("connection refused", request=request)
        return await super().handle_async_request(request)


@dataclass
class CodeSetFederation:
    client: httpx.AsyncClient
    supergraph: Supergraph
    gateway: Gateway
    logs: dict[str, CallLog]
    routing: FlakyRouting
    rendezvous: Rendezvous

    async def query(self, query: str, **extra: Any) -> dict[str, Any]:
        response = await self.client.post("/graphql", json={"query": query, **extra})
        body: dict[str, Any] = response.json()
        return body

    def take_down(self, subgraph: str) -> None:
        self.routing.down.add(f"{subgraph}.test")

    def calls(self, subgraph: str) -> list[dict[str, Any]]:
        return self.logs[subgraph].calls

    def representations(self, subgraph: str) -> list[dict[str, Any]]:
        """Every entity representation the gateway sent ``subgraph``, in order."""
        return [
            representation
            for call in self.logs[subgraph].entity_calls()
            for representation in call["variables"]["representations"]
        ]


def codeset_routing(rendezvous: Rendezvous, logs: dict[str, CallLog]) -> FlakyRouting:
    context = {"rendezvous": rendezvous}
    return FlakyRouting(
        {
            f"{name}.test": httpx.ASGITransport(subgraph_app(schema, logs[name], context))
            for name, schema in SCHEMAS.items()
        }
    )


@asynccontextmanager
async def codeset_federation(subgraph_timeout: float) -> AsyncIterator[CodeSetFederation]:
    logs = {name: CallLog() for name in SCHEMAS}
    rendezvous = Rendezvous()
    routing = codeset_routing(rendezvous, logs)
    settings = GatewaySettings().model_copy(update={"subgraph_timeout_seconds": subgraph_timeout})
    async with gateway_over(routing, CODESET_URLS, logs.values(), settings) as (
        client,
        supergraph,
        app,
    ):
        yield CodeSetFederation(client, supergraph, app.state.gateway, logs, routing, rendezvous)


@pytest.fixture
async def codesets() -> AsyncIterator[CodeSetFederation]:
    async with codeset_federation(GatewaySettings().subgraph_timeout_seconds) as federation:
        yield federation


@pytest.fixture
async def impatient_codesets() -> AsyncIterator[CodeSetFederation]:
    """The same, with a subgraph timeout no honest in-process answer comes near."""
    async with codeset_federation(IMPATIENT_TIMEOUT_SECONDS) as federation:
        yield federation
