"""The gateway's Prometheus metrics, served at /metrics with every other metric of the process.

Requests are counted per operation name and outcome. The name is the client's
``operationName``, so it is bounded: a name that is not a GraphQL name, or any name after the
first ``MAX_OPERATION_NAMES``, is counted as ``other``; a request without one as
``anonymous``. A streamed answer's latency is the time to its first byte.

Subgraph fetches are measured from the spans the fetcher already records (``fetch <name>``,
with the subgraph as an attribute), by a span processor: the fetcher needs no second
instrument, and the numbers are those of the traces.
"""

from __future__ import annotations

import re

from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, SpanProcessor, TracerProvider
from prometheus_client import Counter, Histogram

from gateway.execution.fetcher import SUBGRAPH

MAX_OPERATION_NAMES = 500
ANONYMOUS = "anonymous"
OTHER = "other"
_NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]{0,99}$")

REQUESTS = Counter(
    "codeatlas_gateway_requests_total",
    "GraphQL requests, by operation name and outcome (ok, errors, refused, rate_limited, failed).",
    ["operation", "outcome"],
)
REQUEST_SECONDS = Histogram(
    "codeatlas_gateway_request_seconds",
    "Time from a GraphQL request's arrival to its answer's first byte, by operation name.",
    ["operation"],
)
SUBGRAPH_FETCHES = Counter(
    "codeatlas_gateway_subgraph_fetches_total",
    "Fetches from subgraphs, by subgraph and outcome (ok, errors, unavailable).",
    ["subgraph", "outcome"],
)
SUBGRAPH_FETCH_SECONDS = Histogram(
    "codeatlas_gateway_subgraph_fetch_seconds",
    "Time a fetch from a subgraph took, by subgraph.",
    ["subgraph"],
)

_names: set[str] = set()


def operation_label(operation_name: str | None) -> str:
    if not operation_name:
        return ANONYMOUS
    if operation_name in _names:
        return operation_name
    if not _NAME.match(operation_name) or len(_names) >= MAX_OPERATION_NAMES:
        return OTHER
    _names.add(operation_name)
    return operation_name


def outcome_label(status: int, has_errors: bool) -> str:
    if status == 429:
        return "rate_limited"
    if status >= 500:
        return "failed"
    if status >= 400:
        return "refused"
    return "errors" if has_errors else "ok"


def record_request(
    operation_name: str | None, status: int, has_errors: bool, seconds: float
) -> None:
    operation = operation_label(operation_name)
    REQUESTS.labels(operation, outcome_label(status, has_errors)).inc()
    REQUEST_SECONDS.labels(operation).observe(seconds)


class SubgraphFetchMetrics(SpanProcessor):
    def on_end(self, span: ReadableSpan) -> None:
        attributes = span.attributes or {}
        subgraph = attributes.get(SUBGRAPH)
        if not span.name.startswith("fetch ") or not isinstance(subgraph, str):
            return
        if not span.status.is_ok:
            outcome = "unavailable"
        elif attributes.get("graphql.federation.errors"):
            outcome = "errors"
        else:
            outcome = "ok"
        SUBGRAPH_FETCHES.labels(subgraph, outcome).inc()
        if span.start_time is not None and span.end_time is not None:
            SUBGRAPH_FETCH_SECONDS.labels(subgraph).observe((span.end_time - span.start_time) / 1e9)


_measured: list[TracerProvider] = []


def measure_subgraph_fetches() -> None:
    """Adds the fetch metrics to the process's tracer provider, once."""
    provider = trace.get_tracer_provider()
    if isinstance(provider, TracerProvider) and provider not in _measured:
        provider.add_span_processor(SubgraphFetchMetrics())
        _measured.append(provider)
