"""Subscriptions through the gateway, streamed as server-sent events over real HTTP."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from conformance_subgraphs import TITLES
from opentelemetry import trace
from release_feed import RELEASE, REVISED_CODES, WITHDRAWN_RELEASE
from streaming_federation import (
    PATIENCE_SECONDS,
    SEQUENCES,
    VARIABLES,
    Streaming,
    events_text,
    gateway_with,
    recorded_spans,
    refusing_port,
)

from atlaskit.sse import EVENT_STREAM
from atlaskit.viewer import VIEWER_HEADER, ViewerKind, verify_viewer
from devstack.clients import GatewayClient, StreamRefused
from gateway.engine import Gateway
from gateway.http.event_stream import INTERNAL_ERROR

pytestmark = pytest.mark.integration

REVISIONS = """subscription Revisions($release: String!) {
  codeRevisions(releaseId: $release) { sequence releaseId code { code title } } }"""


class BrokenOff(httpx.AsyncByteStream):
    """A subgraph's stream that sends one revision and a heartbeat, then is cut off."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b'event: next\ndata: {"data":{"codeRevisions":{"sequence":1}}}\n\n'
        yield b": ping\n\n"
        raise httpx.ReadError("connection reset by peer")


async def test_revisions_arrive_in_order_with_their_titles_then_complete(
    streaming: Streaming,
) -> None:
    bodies = await streaming.subscription(REVISIONS)
    assert bodies == [
        {
            "data": {
                "codeRevisions": {
                    "sequence": sequence,
                    "releaseId": RELEASE,
                    "code": {"code": code, "title": TITLES[(system.value, code)]},
                }
            }
        }
        for sequence, (system, code) in enumerate(REVISED_CODES, start=1)
    ]
    assert len(streaming.codes.entity_calls()) == len(REVISED_CODES), "one _entities per event"


async def test_the_first_revision_arrives_before_the_next_is_produced(
    streaming: Streaming,
) -> None:
    streaming.feed.go_on.clear()
    sequences = []
    async with asyncio.timeout(PATIENCE_SECONDS):
        async for body in streaming.gateway.stream(SEQUENCES, VARIABLES):
            sequences.append(body["data"]["codeRevisions"]["sequence"])
            # The subgraph sends the second revision only once the first has reached us.
            streaming.feed.go_on.set()
    assert sequences == [1, 2, 3]


async def test_leaving_mid_stream_closes_the_subgraphs_stream(streaming: Streaming) -> None:
    streaming.feed.go_on.clear()
    stream = streaming.gateway.stream(SEQUENCES, VARIABLES)
    async with asyncio.timeout(PATIENCE_SECONDS):
        first = await anext(stream)
        assert first == {"data": {"codeRevisions": {"sequence": 1}}}
        await stream.aclose()
        await streaming.feed.closed.wait()
    assert not streaming.feed.go_on.is_set(), "the subscription ended while it was waiting"


async def test_a_subscription_without_accept_event_stream_is_told_to_send_it(
    streaming: Streaming,
) -> None:
    for accept in (None, "application/json", "application/graphql-response+json", "*/*"):
        response = await streaming.post(accept)
        assert response.status_code == 406
        [error] = response.json()["errors"]
        assert error["extensions"]["code"] == "EVENT_STREAM_REQUIRED"
        assert f"Accept: {EVENT_STREAM}" in error["message"]
    assert streaming.feed.headers == [], "no subgraph was asked"


async def test_root_fields_of_two_subgraphs_are_refused_before_streaming(
    streaming: Streaming,
) -> None:
    both = """subscription($release: String!) {
      codeRevisions(releaseId: $release) { sequence }
      codeTitles(system: HCPCS, code: "K0001") { title } }"""
    with pytest.raises(StreamRefused) as refused:
        await streaming.subscription(both)
    assert refused.value.status == 400
    [error] = refused.value.body["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "only one top level field" in error["message"]
    assert streaming.feed.headers == []


async def test_an_error_raised_mid_stream_is_relayed_then_the_stream_completes(
    streaming: Streaming,
) -> None:
    bodies = await streaming.subscription(SEQUENCES, release=WITHDRAWN_RELEASE)
    assert bodies[0] == {"data": {"codeRevisions": {"sequence": 1}}}
    [failed] = bodies[1:]
    [error] = failed["errors"]
    assert error["extensions"]["code"] == "RELEASE_WITHDRAWN"
    assert error["message"] == f"The release {WITHDRAWN_RELEASE} was withdrawn."
    assert failed["data"] is None


async def test_a_subgraph_that_is_down_is_one_unavailable_event(streaming: Streaming) -> None:
    with refusing_port() as nowhere:
        async with gateway_with(streaming, nowhere) as gateway:
            async with asyncio.timeout(PATIENCE_SECONDS):
                bodies = [b async for b in GatewayClient(gateway).stream(SEQUENCES, VARIABLES)]
    [body] = bodies
    [error] = body["errors"]
    assert error["extensions"] == {"code": "SUBGRAPH_UNAVAILABLE", "serviceName": "revisions"}


async def test_a_stream_cut_off_mid_way_ends_with_unavailable_after_its_heartbeat(
    streaming: Streaming,
) -> None:
    def revisions(request: httpx.Request) -> httpx.Response:
        assert request.headers["accept"] == EVENT_STREAM
        return httpx.Response(200, headers={"content-type": EVENT_STREAM}, stream=BrokenOff())

    cut_off = "http://revisions.test/graphql"
    async with gateway_with(streaming, cut_off, httpx.MockTransport(revisions)) as gateway:
        _, text = await events_text(gateway, json={"query": SEQUENCES, "variables": VARIABLES})
    first, heartbeat, unavailable, complete = text.split("\n\n")[:4]
    assert first == 'event: next\ndata: {"data":{"codeRevisions":{"sequence":1}}}'
    assert heartbeat == ": ping", "a heartbeat is relayed, so proxies keep a quiet stream open"
    assert '"code":"SUBGRAPH_UNAVAILABLE"' in unavailable
    assert complete == "event: complete\ndata:"


async def test_the_subgraph_is_told_the_viewer_and_the_trace(streaming: Streaming) -> None:
    exporter = recorded_spans()
    exporter.clear()
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    traceparent = f"00-{trace_id}-00f067aa0ba902b7-01"
    async with asyncio.timeout(PATIENCE_SECONDS):
        bodies = [
            b
            async for b in streaming.gateway.stream(
                SEQUENCES, VARIABLES, headers={"traceparent": traceparent}
            )
        ]
    assert len(bodies) == len(REVISED_CODES)
    [headers] = streaming.feed.headers
    viewer = verify_viewer(streaming.viewer_secret, headers[VIEWER_HEADER], datetime.now(UTC))
    assert (viewer.kind, viewer.address) == (ViewerKind.ANONYMOUS, "127.0.0.1")
    assert headers["traceparent"].split("-")[1] == trace_id
    [fetch] = [s for s in exporter.get_finished_spans() if s.name == "subscribe revisions"]
    assert fetch.context is not None and f"{fetch.context.trace_id:032x}" == trace_id
    assert fetch.kind is trace.SpanKind.CLIENT
    assert fetch.attributes is not None
    assert fetch.attributes["graphql.federation.subgraph"] == "revisions"
    assert fetch.attributes["graphql.subscription.results"] == len(REVISED_CODES)


async def test_a_get_subscription_streams_as_an_event_source_asks(streaming: Streaming) -> None:
    response, text = await events_text(
        streaming.gateway.url,
        "GET",
        params={"query": SEQUENCES, "variables": json.dumps(VARIABLES)},
    )
    assert response.headers["content-type"].startswith(EVENT_STREAM)
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-accel-buffering"] == "no"
    assert text.startswith('event: next\ndata: {"data":{"codeRevisions":{"sequence":1}}}\n\n')
    assert text.endswith("event: complete\ndata:\n\n")
    assert text.count("event: next\n") == len(REVISED_CODES)


async def test_a_query_asked_for_only_as_events_is_one_event(streaming: Streaming) -> None:
    query = '{ code(system: HCPCS, code: "K0001") { title } }'
    async with asyncio.timeout(PATIENCE_SECONDS):
        bodies = [b async for b in streaming.gateway.stream(query)]
    assert bodies == [{"data": {"code": {"title": TITLES[("HCPCS", "K0001")]}}}]


async def test_a_gateway_fault_mid_stream_is_said_in_the_stream(
    streaming: Streaming, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fault(*_: object) -> dict[str, object]:
        raise RuntimeError("a bug in shaping")

    monkeypatch.setattr(Gateway, "_body", fault)
    bodies = await streaming.subscription(SEQUENCES)
    assert bodies == [INTERNAL_ERROR], "a sentence, no stack trace, then complete"
