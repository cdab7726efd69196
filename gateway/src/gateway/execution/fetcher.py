"""HTTP calls to subgraphs: pooled connections, trace context, timeouts, clear failures."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
from opentelemetry import trace

from atlaskit.tracing import inject_http_headers

log = logging.getLogger(__name__)
tracer = trace.get_tracer("gateway.fetch")

SUBGRAPH_UNAVAILABLE = "SUBGRAPH_UNAVAILABLE"


@dataclass
class SubgraphResponse:
    data: dict[str, Any] | None
    errors: list[dict[str, Any]] = field(default_factory=list)


class SubgraphFetcher:
    def __init__(
        self,
        urls: Mapping[str, str],
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._urls = dict(urls)
        self._client = httpx.AsyncClient(
            transport=transport,
            timeout=timeout,
            limits=httpx.Limits(max_connections=200, max_keepalive_connections=100),
        )

    async def close(self) -> None:
        await self._client.aclose()

    async def fetch(
        self,
        subgraph: str,
        document: str,
        variables: dict[str, Any],
        forwarded: Mapping[str, str],
        *,
        entities: int | None = None,
    ) -> SubgraphResponse:
        attributes: dict[str, str | int] = {"graphql.federation.subgraph": subgraph}
        if entities is not None:
            attributes["graphql.federation.entities"] = entities
        with tracer.start_as_current_span(
            f"fetch {subgraph}", kind=trace.SpanKind.CLIENT, attributes=attributes
        ) as span:
            headers = inject_http_headers(
                {"content-type": "application/json", "accept": "application/json", **forwarded}
            )
            body = orjson.dumps({"query": document, "variables": variables})
            try:
                response = await self._client.post(
                    self._urls[subgraph], content=body, headers=headers
                )
                payload = orjson.loads(response.content)
            except (httpx.HTTPError, orjson.JSONDecodeError) as exc:
                log.warning("subgraph %s failed: %s", subgraph, exc)
                span.set_status(trace.StatusCode.ERROR, type(exc).__name__)
                return _unavailable(subgraph)
            if not isinstance(payload, dict):
                return _unavailable(subgraph)
            errors = payload.get("errors") or []
            if errors:
                span.set_attribute("graphql.federation.errors", len(errors))
            return SubgraphResponse(payload.get("data"), list(errors))


def _unavailable(subgraph: str) -> SubgraphResponse:
    return SubgraphResponse(
        None,
        [
            {
                "message": f"The {subgraph} service did not answer; try again shortly.",
                "extensions": {"code": SUBGRAPH_UNAVAILABLE, "serviceName": subgraph},
            }
        ],
    )
