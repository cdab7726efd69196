"""Operation limits and the body size: refused before planning with a stable code, and a body
too large refused before it is read."""

from __future__ import annotations

import pytest
from edge_gateway import CLAIM, edge_gateway
from graphql import get_introspection_query

pytestmark = pytest.mark.integration

MEGABYTE = 1_000_000


def _nested(depth: int) -> str:
    return '{ claim(id: "c1") ' + "{ lines " * (depth - 2) + "{ units }" + " }" * (depth - 2) + " }"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        (_nested(50), "QUERY_TOO_DEEP"),
        ("{ " + " ".join(f"a{i}: __typename" for i in range(1000)) + " }", "TOO_MANY_ALIASES"),
        ("{ " + " ".join(["__typename"] * 21) + " }", "TOO_MANY_ROOT_FIELDS"),
        (
            "{ claims(first: [" + " ".join(["1"] * 5200) + "]) { id } }",
            "TOO_MANY_TOKENS",
        ),
    ],
    ids=["depth 50", "1,000 aliases", "21 root fields", "5,200 tokens"],
)
async def test_an_operation_over_a_limit_is_refused_before_any_fetch(query: str, code: str) -> None:
    async with edge_gateway() as gateway:
        response = await gateway.post({"query": query})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == code
    assert "allowed" in error["message"] or "smaller" in error["message"]
    assert gateway.claims.calls == [] and gateway.codes.calls == []


async def test_an_operation_at_the_limits_runs() -> None:
    async with edge_gateway(GATEWAY_MAX_DEPTH=4, GATEWAY_MAX_ROOT_FIELDS=2) as gateway:
        response = await gateway.post(
            {"query": '{ a: claim(id: "c1") { lines { code { title } } } __typename }'}
        )
    assert response.status_code == 200, response.json()
    assert response.json()["data"]["a"]["lines"][0]["code"]["title"] == "Standard wheelchair"


async def test_depth_counts_the_fields_inside_fragments() -> None:
    query = """{ claim(id: "c1") { ...lines } }
    fragment lines on Claim { lines { code { title } } }"""
    async with edge_gateway(GATEWAY_MAX_DEPTH=3) as gateway:
        response = await gateway.post({"query": query})
    assert response.status_code == 400
    assert "nested 4 fields deep" in response.json()["errors"][0]["message"]


async def test_the_standard_introspection_query_passes_the_default_limits() -> None:
    async with edge_gateway() as gateway:
        query = get_introspection_query(
            descriptions=True,
            specified_by_url=True,
            directive_is_repeatable=True,
            schema_description=True,
            input_value_deprecation=True,
        )
        response = await gateway.post({"query": query})
    assert response.status_code == 200, response.json()
    types = {t["name"] for t in response.json()["data"]["__schema"]["types"]}
    assert {"Claim", "Code", "__Schema"} <= types


async def test_a_5_mb_body_is_refused_by_its_declared_length_without_being_sent() -> None:
    head = (
        "POST /graphql HTTP/1.1\nhost: gateway\ncontent-type: application/json\n"
        f"content-length: {5 * MEGABYTE}\n"
    )
    async with edge_gateway() as gateway:
        status, _, content = await gateway.raw(head, b'{"query": "')
    assert status == 413
    assert b"REQUEST_TOO_LARGE" in content


async def test_a_chunked_body_is_refused_once_it_passes_the_limit() -> None:
    chunk = b"x" * 65_536
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(17))
    head = (
        "POST /graphql HTTP/1.1\nhost: gateway\ncontent-type: application/json\n"
        "transfer-encoding: chunked\n"
    )
    async with edge_gateway() as gateway:
        # 1.1 MB of 5 MB sent, and no last chunk: the gateway answers without waiting for more.
        status, _, content = await gateway.raw(head, chunks)
    assert status == 413
    assert b"REQUEST_TOO_LARGE" in content


async def test_the_query_string_of_a_get_is_held_to_the_same_limits() -> None:
    async with edge_gateway(GATEWAY_MAX_DEPTH=2) as gateway:
        deep = await gateway.http.get(
            "/graphql",
            params={"query": _nested(4)},
            headers={"accept": "application/graphql-response+json"},
        )
        shallow = await gateway.http.get("/graphql", params={"query": CLAIM})
    assert deep.status_code == 400
    assert deep.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert shallow.status_code == 200


async def test_a_cycle_of_fragments_is_left_to_validation_to_refuse() -> None:
    query = """{ claim(id: "c1") { ...a } }
    fragment a on Claim { id ...b }
    fragment b on Claim { lines { units } ...a }"""
    async with edge_gateway() as gateway:
        response = await gateway.post({"query": query})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
