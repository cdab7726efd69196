"""CORS for browsers on other origins, and which client headers reach the subgraphs."""

from __future__ import annotations

import pytest
from edge_gateway import CLAIM, edge_gateway

from atlaskit.viewer import VIEWER_HEADER

pytestmark = pytest.mark.integration

APP = "https://app.codeatlas.example"
PREFLIGHT = {
    "access-control-request-method": "POST",
    "access-control-request-headers": "content-type, x-api-key",
}
# A W3C trace context as a browser's tracing would send it.
CLIENT_TRACE = "0af7651916cd43dd8448eb211c80319c"
TRACEPARENT = f"00-{CLIENT_TRACE}-b7ad6b7169203331-01"
ACCESS_TOKEN = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"


async def test_a_preflight_from_an_allowed_origin_is_answered() -> None:
    async with edge_gateway(GATEWAY_CORS_ORIGINS=[APP]) as gateway:
        preflight = await gateway.http.options("/graphql", headers={"origin": APP, **PREFLIGHT})
        posted = await gateway.post({"query": CLAIM}, origin=APP)
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == APP
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "x-api-key" in preflight.headers["access-control-allow-headers"]
    assert "access-control-allow-credentials" not in preflight.headers
    assert posted.headers["access-control-allow-origin"] == APP
    assert "retry-after" in posted.headers["access-control-expose-headers"]


async def test_another_origin_gets_no_cors_permission() -> None:
    async with edge_gateway(GATEWAY_CORS_ORIGINS=[APP]) as gateway:
        preflight = await gateway.http.options(
            "/graphql", headers={"origin": "https://elsewhere.example", **PREFLIGHT}
        )
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers


async def test_by_default_no_origin_is_allowed() -> None:
    async with edge_gateway() as gateway:
        preflight = await gateway.http.options("/graphql", headers={"origin": APP, **PREFLIGHT})
        posted = await gateway.post({"query": CLAIM}, origin=APP)
    assert preflight.status_code == 405
    assert "access-control-allow-origin" not in preflight.headers
    assert posted.status_code == 200
    assert "access-control-allow-origin" not in posted.headers


async def test_allowed_headers_are_forwarded_and_the_others_are_dropped() -> None:
    sent = {
        "accept-language": "es-US",
        "x-request-id": "req-42",
        "authorization": "Bearer dev-editor-token",
        "cookie": "session=secret",
        VIEWER_HEADER: "v1.forged.signature",
        "x-forwarded-for": "203.0.113.9",
        "traceparent": TRACEPARENT,
    }
    async with edge_gateway() as gateway:
        await gateway.post({"query": CLAIM}, **sent)
    [seen] = gateway.claims.headers
    assert seen["accept-language"] == "es-US"
    assert seen["x-request-id"] == "req-42"
    assert seen["authorization"] == "Bearer dev-editor-token", "a service's own token passes"
    for dropped in ("cookie", VIEWER_HEADER, "x-forwarded-for"):
        assert dropped not in seen
    assert seen["traceparent"].split("-")[1] == CLIENT_TRACE, "the client's trace continues"
    assert seen["traceparent"] != TRACEPARENT, "from the gateway's own span"


async def test_a_viewer_credential_is_never_passed_on() -> None:
    async with edge_gateway(GATEWAY_FORWARDED_HEADERS=["authorization", "x-api-key"]) as gateway:
        await gateway.post(
            {"query": CLAIM}, authorization=f"Bearer {ACCESS_TOKEN}", **{"x-api-key": "ca_k"}
        )
    [seen] = gateway.claims.headers
    assert "authorization" not in seen
    assert "x-api-key" not in seen
