"""Operation limits and the body size: refused before planning with a stable code, and a body
too large refused before it is read."""

from __future__ import annotations

import pytest
from edge_gateway import CLAIM, code_of, edge_gateway
from graphql import get_introspection_query

from gateway.edge.limits import LimitExceeded, OperationLimits
from gateway.settings import GatewaySettings

pytestmark = pytest.mark.integration

MEGABYTE = 1_000_000

# Claims' lines and their codes, each through a fragment spread twice: 16 fields expanded.
WITH_FRAGMENTS = """{ a: claim(id: "c1") { ...claim } b: claim(id: "c1") { ...claim } }
fragment claim on Claim { id lines { ...line } }
fragment line on ClaimLine { units code { ...code } }
fragment code on Code { system code title }"""
WITH_FRAGMENTS_FIELDS = 16


def _fragment_chain(length: int, spreads: int, last: str = "id") -> str:
    """A claim whose fragment f0 spreads f1 ``spreads`` times, f1 spreads f2 as often, and so
    on to the last, which selects ``last``: spreads ** (length - 1) copies of it, expanded."""
    links = [f"fragment f{i} on Claim {{ {f' ...f{i + 1}' * spreads} }}" for i in range(length - 1)]
    return "\n".join(
        ['{ claim(id: "c1") { ...f0 } }', *links, f"fragment f{length - 1} on Claim {{ {last} }}"]
    )


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


async def test_a_fragment_bomb_of_few_tokens_is_refused_by_the_fields_it_expands_to() -> None:
    bomb = _fragment_chain(10, 3, "id lines { units }")  # 3 ** 9 * 3 + 1 = 59,050 fields
    OperationLimits(max_tokens=400).parse(bomb)  # under 400 tokens: the token limit lets it by
    async with edge_gateway() as gateway:
        response = await gateway.post({"query": bomb})
    assert response.status_code == 400
    assert code_of(response) == "TOO_MANY_FIELDS"
    assert response.json()["errors"][0]["message"].startswith(
        "The operation selects 59,050 fields once its fragments are expanded; at most 2,000"
    )
    assert gateway.claims.calls == [] and gateway.codes.calls == []


async def test_an_operation_spreading_its_fragments_a_few_times_runs() -> None:
    async with edge_gateway() as gateway:
        response = await gateway.post({"query": WITH_FRAGMENTS})
    assert response.status_code == 200, response.json()
    assert response.json()["data"]["b"]["lines"][0]["code"]["title"] == "Standard wheelchair"


def _limits_with_fields(limit: int) -> OperationLimits:
    settings = GatewaySettings.model_validate({"GATEWAY_MAX_SELECTED_FIELDS": limit})
    return OperationLimits.from_settings(settings)


def test_selected_fields_are_counted_through_every_spread_up_to_the_setting() -> None:
    document = _limits_with_fields(WITH_FRAGMENTS_FIELDS).parse(WITH_FRAGMENTS)
    _limits_with_fields(WITH_FRAGMENTS_FIELDS).check(document)
    with pytest.raises(LimitExceeded, match=f"selects {WITH_FRAGMENTS_FIELDS} fields") as over:
        _limits_with_fields(WITH_FRAGMENTS_FIELDS - 1).check(document)
    assert over.value.code == "TOO_MANY_FIELDS"


@pytest.mark.parametrize(
    "query",
    [
        """{ claim(id: "c1") { ...a } }
        fragment a on Claim { id ...b ...b ...b }
        fragment b on Claim { lines { units ...c ...c } ...a ...a ...a }
        fragment c on ClaimLine { units ...c ...c ...c }""",
        _fragment_chain(600, 1),
    ],
    ids=["a cycle spread three times over", "a chain of 600 fragments"],
)
async def test_fragments_in_a_cycle_or_a_long_chain_get_a_validation_error_not_a_hang(
    query: str,
) -> None:
    async with edge_gateway() as gateway:
        response = await gateway.post({"query": query})
    assert response.status_code == 400
    assert code_of(response) == "GRAPHQL_VALIDATION_FAILED"
