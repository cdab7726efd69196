"""The gateway in front of subgraphs with subscriptions, all on local ports (uvicorn in the
test's event loop), so that responses really stream over HTTP: httpx's ASGI transport would
hold each one until it ends."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

import httpx
import pytest
from conformance_subgraphs import CallLog, subgraph_app
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from release_feed import RELEASE, ReleaseFeed, revisions_app, titles_schema

from atlaskit.sse import EVENT_STREAM
from devstack.asgi import listening
from devstack.clients import GatewayClient
from gateway.composition.compose import compose
from gateway.composition.subgraph import read_subgraph
from gateway.http.app import create_app
from gateway.settings import GatewaySettings
from gateway.supergraph_loader import load_subgraphs

SEQUENCES = "subscription($release: String!) { codeRevisions(releaseId: $release) { sequence } }"
VARIABLES = {"release": RELEASE}
# Long enough for any machine; it only turns a gateway that holds events back into a failure
# instead of a hang (no test measures time).
PATIENCE_SECONDS = 10


@dataclass
class Streaming:
    gateway: GatewayClient
    feed: ReleaseFeed
    codes: CallLog
    subgraph_urls: dict[str, str]
    viewer_secret: str

    async def subscription(self, query: str, release: str = RELEASE) -> list[dict[str, Any]]:
        async with asyncio.timeout(PATIENCE_SECONDS):
            return [body async for body in self.gateway.stream(query, {"release": release})]

    async def post(self, accept: str | None) -> httpx.Response:
        async with httpx.AsyncClient() as client:
            if accept is None:
                del client.headers["accept"]
            else:
                client.headers["accept"] = accept
            body = {"query": SEQUENCES, "variables": VARIABLES}
            return await client.post(self.gateway.url, json=body)


@pytest.fixture
async def streaming() -> AsyncIterator[Streaming]:
    feed, codes = ReleaseFeed(), CallLog()
    async with (
        listening(revisions_app(feed)) as revisions,
        listening(subgraph_app(titles_schema, codes)) as titles,
    ):
        urls = {"revisions": f"{revisions}/graphql", "codes": f"{titles}/graphql"}
        # Identity is never asked about a request without credentials, so none is running.
        settings = GatewaySettings.model_validate(
            {"GATEWAY_SUBGRAPHS": urls, "GATEWAY_IDENTITY_URL": "http://identity.invalid"}
        )
        async with listening(create_app(settings)) as gateway:
            codes.calls.clear()
            client = GatewayClient(f"{gateway}/graphql")
            yield Streaming(client, feed, codes, urls, settings.viewer_context_secret)


@asynccontextmanager
async def gateway_with(
    streaming: Streaming, revisions_url: str, transport: httpx.AsyncBaseTransport | None = None
) -> AsyncIterator[str]:
    """Another gateway over the same supergraph, with revisions said to be at
    ``revisions_url`` (and every subgraph reached through ``transport`` when given)."""
    async with httpx.AsyncClient() as loader:
        subgraphs = await load_subgraphs(streaming.subgraph_urls, 5.0, client=loader)
    supergraph = compose(
        [
            read_subgraph(s.name, revisions_url if s.name == "revisions" else s.url, s.sdl)
            for s in subgraphs
        ]
    )
    async with listening(create_app(GatewaySettings(), supergraph, transport)) as gateway:
        yield f"{gateway}/graphql"


async def events_text(url: str, method: str = "POST", **request: Any) -> tuple[httpx.Response, str]:
    """The whole event stream a request gets, as the text on the wire."""
    async with (
        asyncio.timeout(PATIENCE_SECONDS),
        httpx.AsyncClient() as client,
        client.stream(method, url, headers={"accept": EVENT_STREAM}, **request) as response,
    ):
        return response, (await response.aread()).decode()


@contextmanager
def refusing_port() -> Iterator[str]:
    """A local address where nothing listens: the port is bound, never listened on."""
    with socket.socket() as bound:
        bound.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{bound.getsockname()[1]}/graphql"


@cache
def recorded_spans() -> InMemorySpanExporter:
    provider = trace.get_tracer_provider()
    assert isinstance(provider, TracerProvider)
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return exporter
