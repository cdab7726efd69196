"""Calls to subgraphs: kept-alive connections, trace context, timeouts, clear failures.

A subscription is streamed from its subgraph as server-sent events (graphql-sse, distinct
connections) on a pool of its own, so long streams never hold the connections queries need.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, Awaitable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
from opentelemetry import trace

from atlaskit.sse import COMPLETE, EVENT_STREAM, NEXT, read_events
from atlaskit.tracing import inject_http_headers
from gateway.execution.connections import SubgraphConnectionError, SubgraphConnections

log = logging.getLogger(__name__)
tracer = trace.get_tracer("gateway.fetch")

SUBGRAPH_UNAVAILABLE = "SUBGRAPH_UNAVAILABLE"
SUBGRAPH = "graphql.federation.subgraph"


@dataclass(frozen=True)
class SubgraphRequest:
    """One operation for one subgraph, with the headers it carries there."""

    subgraph: str
    document: str
    variables: dict[str, Any]
    forwarded: Mapping[str, str]
    # Whether an identical request already in flight may answer this one too: never for a
    # mutation, whose every call must reach the subgraph.
    shareable: bool = False

    def encoded(self, accept: str) -> tuple[dict[str, str], bytes]:
        headers = {"content-type": "application/json", "accept": accept, **self.forwarded}
        body = orjson.dumps({"query": self.document, "variables": self.variables})
        return inject_http_headers(headers), body

    def identity(self, body: bytes) -> tuple[str, bytes, tuple[tuple[str, str], ...]]:
        """What makes two calls the same: subgraph, body and the headers the client's
        request put in (a viewer's signed context among them), not the trace context."""
        return self.subgraph, body, tuple(sorted(self.forwarded.items()))


@dataclass
class SubgraphResponse:
    data: dict[str, Any] | None
    errors: list[dict[str, Any]] = field(default_factory=list)


# One result of a subscription, or None when the subgraph only said it is still there.
StreamedResponse = SubgraphResponse | None


class UnreadableAnswer(Exception):
    """The subgraph answered, but not with a GraphQL response (or a whole stream of them)."""


_FAILURES = (httpx.HTTPError, orjson.JSONDecodeError, UnreadableAnswer, SubgraphConnectionError)


class _HttpxLink:
    """Calls through an httpx transport: tests serve their subgraphs in-process through one."""

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        self._url = url
        self._client = client

    async def post(self, headers: Mapping[str, str], body: bytes) -> bytes:
        return (await self._client.post(self._url, content=body, headers=headers)).content

    async def close(self) -> None:
        await self._client.aclose()


class SubgraphFetcher:
    """Sends the gateway's calls to its subgraphs.

    With ``deduplicate``, a shareable call identical to one still in flight waits for that
    one's answer instead of being sent again (Hive Gateway does the same by default): a burst
    of the same query from many clients costs each subgraph one call. Each waiter reads the
    answer's bytes into objects of its own, since a plan run merges into what it reads.
    """

    def __init__(
        self,
        urls: Mapping[str, str],
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
        stream_idle_timeout: float = 45.0,
        deduplicate: bool = True,
    ) -> None:
        self._urls = dict(urls)
        self._timeout = timeout
        self._deduplicate = deduplicate
        self._in_flight: dict[Hashable, asyncio.Task[bytes]] = {}
        # Queries and mutations go over kept-alive connections of their own per subgraph,
        # or through ``transport`` when one is given.
        self._links: dict[str, SubgraphConnections | _HttpxLink] = {
            name: (
                SubgraphConnections(url)
                if transport is None
                else _HttpxLink(url, httpx.AsyncClient(transport=transport, timeout=timeout))
            )
            for name, url in self._urls.items()
        }
        self._streams = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(timeout, read=stream_idle_timeout),
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=20),
        )
        # How many calls were answered by an identical one in flight (tests read it).
        self.shared_calls = 0

    async def close(self) -> None:
        for link in self._links.values():
            await link.close()
        await self._streams.aclose()

    async def fetch(
        self, request: SubgraphRequest, *, entities: int | None = None
    ) -> SubgraphResponse:
        subgraph = request.subgraph
        attributes: dict[str, str | int] = {SUBGRAPH: subgraph}
        if entities is not None:
            attributes["graphql.federation.entities"] = entities
        with tracer.start_as_current_span(
            f"fetch {subgraph}", kind=trace.SpanKind.CLIENT, attributes=attributes
        ) as span:
            headers, body = request.encoded("application/json")
            try:
                async with asyncio.timeout(self._timeout):
                    raw = await self._send(request, headers, body, span)
                answer = _answer(orjson.loads(raw))
            except TimeoutError:
                log.warning("subgraph %s did not answer in %ss", subgraph, self._timeout)
                span.set_status(trace.StatusCode.ERROR, "TimeoutError")
                return _unavailable(subgraph, f"did not answer within {self._timeout:g} seconds")
            except _FAILURES as exc:
                log.warning("subgraph %s failed: %s", subgraph, exc)
                span.set_status(trace.StatusCode.ERROR, type(exc).__name__)
                return _unavailable(subgraph)
            if answer.errors:
                span.set_attribute("graphql.federation.errors", len(answer.errors))
            return answer

    async def _send(
        self, request: SubgraphRequest, headers: dict[str, str], body: bytes, span: trace.Span
    ) -> bytes:
        link = self._links[request.subgraph]
        if not (self._deduplicate and request.shareable):
            return await link.post(headers, body)
        identity = request.identity(body)
        call = self._in_flight.get(identity)
        if call is None:
            call = asyncio.ensure_future(self._bounded(link.post(headers, body)))
            self._in_flight[identity] = call
            call.add_done_callback(lambda done: self._forget(identity, done))
        else:
            self.shared_calls += 1
            span.set_attribute("graphql.federation.deduplicated", True)
        # One waiter giving up (its client's timeout) leaves the call to the others.
        return await asyncio.shield(call)

    async def _bounded(self, post: Awaitable[bytes]) -> bytes:
        """A shared call ends within the timeout even when every waiter has given up."""
        async with asyncio.timeout(self._timeout):
            return await post

    def _forget(self, identity: Hashable, call: asyncio.Task[bytes]) -> None:
        self._in_flight.pop(identity, None)
        if not call.cancelled():
            call.exception()  # read here, so a failure no waiter saw is not logged as lost

    async def subscribe(self, request: SubgraphRequest) -> AsyncGenerator[StreamedResponse, None]:
        """Each result the subgraph streams, until it completes; a subgraph that cannot be
        reached, refuses the stream or breaks it off ends it with one SUBGRAPH_UNAVAILABLE."""
        subgraph = request.subgraph
        with tracer.start_as_current_span(
            f"subscribe {subgraph}", kind=trace.SpanKind.CLIENT, attributes={SUBGRAPH: subgraph}
        ) as span:
            headers, body = request.encoded(EVENT_STREAM)
            results = 0
            try:
                async with self._streams.stream(
                    "POST", self._urls[subgraph], content=body, headers=headers
                ) as response:
                    _require_event_stream(response)
                    async for event in read_events(response.aiter_lines()):
                        if event.event == COMPLETE:
                            return
                        if event.heartbeat:
                            yield None
                        elif event.event == NEXT:
                            results += 1
                            span.set_attribute("graphql.subscription.results", results)
                            yield _answer(orjson.loads(event.data))
                    raise UnreadableAnswer("the stream ended before its complete event")
            except _FAILURES as exc:
                log.warning("subscription to subgraph %s failed: %s", subgraph, exc)
                span.set_status(trace.StatusCode.ERROR, type(exc).__name__)
            yield _unavailable(subgraph)


def _require_event_stream(response: httpx.Response) -> None:
    content_type = response.headers.get("content-type", "")
    if response.status_code != 200 or not content_type.startswith(EVENT_STREAM):
        raise UnreadableAnswer(f"it answered {response.status_code} {content_type or 'no content'}")


def _answer(payload: Any) -> SubgraphResponse:
    if not isinstance(payload, dict):
        raise UnreadableAnswer("the answer is not a JSON object")
    return SubgraphResponse(payload.get("data"), list(payload.get("errors") or []))


def _unavailable(subgraph: str, why: str = "did not answer") -> SubgraphResponse:
    return SubgraphResponse(
        None,
        [
            {
                "message": f"The {subgraph} service {why}; try again shortly.",
                "extensions": {"code": SUBGRAPH_UNAVAILABLE, "serviceName": subgraph},
            }
        ],
    )
