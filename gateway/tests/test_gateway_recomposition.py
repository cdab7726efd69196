"""The supergraph recomposed when a subgraph's schema changes, without dropping requests.

The gateway stands in front of the conformance ``claims`` subgraph and a ``codes`` subgraph
whose schema a test revises by serving another one at the same address (in process, over
ASGI). Tests refresh the gateway themselves, so nothing waits on a clock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import strawberry
from conformance_subgraphs import TITLES, CallLog, System, claims_schema, subgraph_app
from gateway_federation import URLS

from gateway.http.app import create_app
from gateway.recompose import Recomposer, Refresh
from gateway.settings import GatewaySettings

pytestmark = pytest.mark.integration

GRAPHQL_RESPONSE = "application/graphql-response+json"
TITLE = '{ code(system: HCPCS, code: "K0001") { title } }'
STATUS = '{ code(system: HCPCS, code: "K0001") { title status } }'


@dataclass
class Hold:
    """Keeps a title's resolver waiting, once armed, until the test releases it."""

    reached: asyncio.Event = field(default_factory=asyncio.Event)
    released: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.released.set()


@strawberry.federation.type(keys=["system code"], name="Code")
class Code:
    system: System
    code: str

    @strawberry.field
    async def title(self, info: strawberry.Info) -> str:
        hold: Hold = info.context["hold"]
        hold.reached.set()
        await hold.released.wait()
        return TITLES[(self.system.value, self.code)]

    @classmethod
    def resolve_reference(cls, system: str, code: str) -> Code:
        return cls(system=System(system), code=code)


@strawberry.federation.type(keys=["system code"], name="Code")
class RevisedCode(Code):
    @strawberry.field
    def status(self) -> str:
        return "active"


@strawberry.type(name="Query")
class CodesQuery:
    @strawberry.field
    def code(self, system: System, code: str) -> Code:
        return Code(system=system, code=code)


@strawberry.type(name="Query")
class RevisedCodesQuery:
    @strawberry.field
    def code(self, system: System, code: str) -> RevisedCode:
        return RevisedCode(system=system, code=code)


@strawberry.type(name="Query")
class ClashingCodesQuery(CodesQuery):
    # The claims subgraph's Query.claims lists claims, not strings: the two cannot merge.
    @strawberry.field
    def claims(self) -> list[str]:
        return []


codes_schema = strawberry.federation.Schema(query=CodesQuery, types=[Code])
revised_codes_schema = strawberry.federation.Schema(query=RevisedCodesQuery, types=[RevisedCode])
clashing_codes_schema = strawberry.federation.Schema(query=ClashingCodesQuery, types=[Code])


class Switchboard(httpx.AsyncBaseTransport):
    """Sends each request to the app serving its host now; a host taken down refuses it."""

    def __init__(self) -> None:
        self.apps: dict[str, httpx.ASGITransport] = {}
        self.down: set[str] = set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if host in self.down:
            raise httpx.ConnectError(f"{host} refused the connection", request=request)
        return await self.apps[host].handle_async_request(request)


def _codes(schema: strawberry.federation.Schema, hold: Hold) -> httpx.ASGITransport:
    return httpx.ASGITransport(subgraph_app(schema, CallLog(), {"hold": hold}))


@dataclass
class Recomposing:
    client: httpx.AsyncClient
    recomposer: Recomposer
    subgraphs: Switchboard
    hold: Hold

    def serve_codes(self, schema: strawberry.federation.Schema) -> None:
        self.subgraphs.apps["codes.test"] = _codes(schema, self.hold)

    async def post(self, query: str) -> dict[str, Any]:
        response = await self.client.post(
            "/graphql", json={"query": query}, headers={"accept": GRAPHQL_RESPONSE}
        )
        body: dict[str, Any] = response.json()
        return body

    async def supergraph_sdl(self) -> str:
        return (await self.client.get("/supergraph.graphql")).text


@asynccontextmanager
async def recomposing(poll_interval: float) -> AsyncIterator[Recomposing]:
    hold, subgraphs = Hold(), Switchboard()
    subgraphs.apps["claims.test"] = httpx.ASGITransport(subgraph_app(claims_schema, CallLog()))
    subgraphs.apps["codes.test"] = _codes(codes_schema, hold)
    settings = GatewaySettings.model_validate(
        {"GATEWAY_SUBGRAPHS": URLS, "GATEWAY_POLL_INTERVAL": poll_interval}
    )
    # The gateway composes its first supergraph from the subgraphs as it starts.
    app = create_app(settings, transport=subgraphs)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://gateway.test")
    async with app.router.lifespan_context(app), client:
        yield Recomposing(client, app.state.recomposer, subgraphs, hold)


def _told(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "gateway.recompose"]


@pytest.fixture
async def federation() -> AsyncIterator[Recomposing]:
    """The gateway with no poll of its own: each test refreshes it when it means to."""
    async with recomposing(poll_interval=0) as started:
        yield started


async def test_a_field_a_subgraph_gains_is_queryable_after_a_refresh(
    federation: Recomposing, caplog: pytest.LogCaptureFixture
) -> None:
    before = await federation.post(STATUS)
    assert before["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    serving = federation.recomposer.gateway
    federation.serve_codes(revised_codes_schema)
    with caplog.at_level(logging.INFO, logger="gateway.recompose"):
        assert await federation.recomposer.refresh() is Refresh.RECOMPOSED
    assert _told(caplog) == ["supergraph recomposed: codes changed"]
    after = await federation.post(STATUS)
    assert after == {"data": {"code": {"title": "Standard wheelchair", "status": "active"}}}
    assert federation.recomposer.gateway is not serving, "a new gateway, with its own plan cache"
    assert "status: String!" in await federation.supergraph_sdl()
    assert await federation.recomposer.refresh() is Refresh.UNCHANGED


async def test_a_request_in_flight_across_the_swap_completes(federation: Recomposing) -> None:
    federation.hold.released.clear()
    in_flight = asyncio.create_task(federation.post(TITLE))
    await asyncio.wait_for(federation.hold.reached.wait(), 5)
    federation.serve_codes(revised_codes_schema)
    assert await federation.recomposer.refresh() is Refresh.RECOMPOSED
    federation.hold.released.set()
    assert await in_flight == {"data": {"code": {"title": "Standard wheelchair"}}}
    assert (await federation.post(STATUS))["data"]["code"]["status"] == "active"


async def test_a_change_that_does_not_compose_keeps_the_old_supergraph_serving(
    federation: Recomposing, caplog: pytest.LogCaptureFixture
) -> None:
    sdl = await federation.supergraph_sdl()
    federation.serve_codes(clashing_codes_schema)
    with caplog.at_level(logging.ERROR, logger="gateway.recompose"):
        assert await federation.recomposer.refresh() is Refresh.COMPOSITION_FAILED
    problem = federation.recomposer.composition_problem
    assert problem is not None and 'field "Query.claims" has type [Claim!]!' in problem
    [logged] = _told(caplog)
    assert logged.startswith("supergraph not recomposed after codes changed")
    assert problem in logged
    assert await federation.post(TITLE) == {"data": {"code": {"title": "Standard wheelchair"}}}
    assert await federation.supergraph_sdl() == sdl
    federation.serve_codes(codes_schema)
    assert await federation.recomposer.refresh() is Refresh.UNCHANGED
    assert federation.recomposer.composition_problem is None


async def test_an_unreachable_subgraph_keeps_the_old_supergraph_serving(
    federation: Recomposing,
) -> None:
    sdl = await federation.supergraph_sdl()
    federation.serve_codes(revised_codes_schema)
    federation.subgraphs.down.add("claims.test")
    assert await federation.recomposer.refresh() is Refresh.SUBGRAPH_UNREACHABLE
    assert await federation.supergraph_sdl() == sdl
    refused = await federation.post(STATUS)
    assert refused["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert await federation.post(TITLE) == {"data": {"code": {"title": "Standard wheelchair"}}}


async def test_the_gateway_polls_its_subgraphs_in_the_background() -> None:
    async with recomposing(poll_interval=0.01) as started:
        serving = started.recomposer.gateway
        started.serve_codes(revised_codes_schema)
        await asyncio.wait_for(started.recomposer.replaced(serving), 5)
        assert (await started.post(STATUS))["data"]["code"]["status"] == "active"
