"""HTTP calls to subgraphs: pooled connections, trace context, timeouts, clear failures.

A subscription is streamed from its subgraph as server-sent events (graphql-sse, distinct
connections) on a pool of its own, so long streams never hold the connections queries need.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
from opentelemetry import trace

from atlaskit.sse import COMPLETE, EVENT_STREAM, NEXT, read_events
from atlaskit.tracing import inject_http_headers

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

    def encoded(self, accept: str) -> tuple[dict[str, str], bytes]:
        headers = {"content-type": "application/json", "accept": accept, **self.forwarded}
        body = orjson.dumps({"query": self.document, "variables": self.variables})
        return inject_http_headers(headers), body


@dataclass
class SubgraphResponse:
    data: dict[str, Any] | None
    errors: list[dict[str, Any]] = field(default_factory=list)


# One result of a subscription, or None when the subgraph only said it is still there.
StreamedResponse = SubgraphResponse | None


class UnreadableAnswer(Exception):
    """The subgraph answered, but not with a GraphQL response (or a whole stream of them)."""


_FAILURES = (httpx.HTTPError, orjson.JSONDecodeError, UnreadableAnswer)


class SubgraphFetcher:
    def __init__(
        self,
        urls: Mapping[str, str],
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
        stream_idle_timeout: float = 45.0,
    ) -> None:
        self._urls = dict(urls)
        self._timeout = timeout
        # A pool per subgraph: httpcore looks over every pooled connection (some checks
        # twice over) each time a call starts or ends, so one shared pool costs more per call.
        self._clients = {
            name: httpx.AsyncClient(
                transport=transport,
                timeout=timeout,
                limits=httpx.Limits(max_connections=200, max_keepalive_connections=100),
            )
            for name in self._urls
        }
        self._streams = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(timeout, read=stream_idle_timeout),
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=20),
        )

    async def close(self) -> None:
        for client in self._clients.values():
            await client.aclose()
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
                # httpx times each phase of a call; this bounds the whole of it.
                async with asyncio.timeout(self._timeout):
                    response = await self._clients[subgraph].post(
                        self._urls[subgraph], content=body, headers=headers
                    )
                answer = _answer(orjson.loads(response.content))
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
