"""/metrics counts requests per operation and outcome, and fetches per subgraph; each step
of preparing an operation is a span of the request's trace."""

from __future__ import annotations

import uuid

import pytest
from edge_gateway import CLAIM, edge_gateway
from prometheus_client import REGISTRY
from streaming_federation import recorded_spans

from gateway.edge.metrics import OTHER, operation_label

pytestmark = pytest.mark.integration


def _sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_metrics_count_each_request_by_operation_and_outcome() -> None:
    operation = f"ClaimProbe{uuid.uuid4().hex[:8]}"
    fetches = _sample("codeatlas_gateway_subgraph_fetches_total", subgraph="claims", outcome="ok")
    async with edge_gateway(GATEWAY_MAX_DEPTH=2) as gateway:
        ok = await gateway.post({"query": f"query {operation} {CLAIM}", "operationName": operation})
        refused = await gateway.post(
            {
                "query": f'query {operation} {{ claim(id: "c1") {{ lines {{ units }} }} }}',
                "operationName": operation,
            }
        )
        exposed = (await gateway.http.get("/metrics")).text
    assert (ok.status_code, refused.status_code) == (200, 400)
    requests = "codeatlas_gateway_requests_total"
    assert _sample(requests, operation=operation, outcome="ok") == 1
    assert _sample(requests, operation=operation, outcome="refused") == 1
    assert _sample("codeatlas_gateway_request_seconds_count", operation=operation) == 2
    assert (
        _sample("codeatlas_gateway_subgraph_fetches_total", subgraph="claims", outcome="ok")
        == fetches + 1
    )
    assert _sample("codeatlas_gateway_subgraph_fetch_seconds_count", subgraph="claims") >= 1
    assert f'{requests}{{operation="{operation}",outcome="ok"}} 1.0' in exposed
    assert "codeatlas_gateway_subgraph_fetch_seconds_bucket" in exposed


def test_an_operation_name_that_is_not_a_graphql_name_is_counted_as_other() -> None:
    assert operation_label("drop table; --") == OTHER
    assert operation_label("x" * 200) == OTHER


async def test_parse_limits_validate_and_plan_are_spans_of_the_request() -> None:
    operation = f"TracedProbe{uuid.uuid4().hex[:8]}"
    async with edge_gateway() as gateway:
        exporter = recorded_spans()
        exporter.clear()
        await gateway.post({"query": f"query {operation} {CLAIM}", "operationName": operation})
    spans = exporter.get_finished_spans()
    [server] = [s for s in spans if (s.attributes or {}).get("graphql.operation.name") == operation]
    assert server.name == "POST /graphql"
    steps = [s.name for s in spans if s.parent and s.parent.span_id == server.context.span_id]
    assert steps[:4] == ["graphql.parse", "graphql.limits", "graphql.validate", "graphql.plan"]
