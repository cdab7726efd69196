"""Queries through the gateway against the conformance subgraphs (in process, over ASGI)."""

from __future__ import annotations

from typing import Any

import pytest
from conformance_subgraphs import BROKEN_CODE
from gateway_federation import Federation

pytestmark = pytest.mark.integration

GRAPHQL_RESPONSE = "application/graphql-response+json"


async def _post(
    federation: Federation, body: dict[str, Any], accept: str = GRAPHQL_RESPONSE
) -> tuple[int, dict[str, Any]]:
    response = await federation.client.post("/graphql", json=body, headers={"accept": accept})
    return response.status_code, response.json()


async def test_entities_for_many_lines_are_fetched_in_one_batched_call(
    federation: Federation,
) -> None:
    status, body = await _post(
        federation,
        {
            "query": """
        { claim(id: "c1") { id lines { units code { code title } } } }
    """
        },
    )
    assert status == 200, body
    titles = [line["code"]["title"] for line in body["data"]["claim"]["lines"]]
    assert titles == [
        "Standard wheelchair",
        "Crutches underarm other than wood adjustable or fixed pair",
        "Standard wheelchair",
        "Office or other outpatient visit, established patient, low MDM",
    ]
    entity_calls = federation.codes.entity_calls()
    assert len(entity_calls) == 1
    representations = entity_calls[0]["variables"]["representations"]
    assert len(representations) == 3, "the repeated K0001 is asked once"
    assert len(federation.claims.calls) == 1


async def test_aliases_fragments_variables_and_typename(federation: Federation) -> None:
    status, body = await _post(
        federation,
        {
            "query": """
            query Lines($id: ID!, $withTitle: Boolean!, $length: Int!) {
              first: claim(id: $id) { ...lineCodes kind: __typename }
              again: claim(id: $id) { id }
            }
            fragment lineCodes on Claim {
              lines { code { ... on Code { c: code label: shortTitle(length: $length)
                                           title @include(if: $withTitle) } } }
            }
        """,
            "variables": {"id": "c1", "withTitle": False, "length": 8},
        },
    )
    assert status == 200, body
    first = body["data"]["first"]
    assert first["kind"] == "Claim"
    assert first["lines"][0]["code"] == {"c": "K0001", "label": "Standard"}
    assert body["data"]["again"] == {"id": "c1"}


async def test_abstract_types_resolve_by_typename(federation: Federation) -> None:
    status, body = await _post(
        federation,
        {
            "query": """
        { documents { __typename id ... on Remittance { paidCents } } }
    """
        },
    )
    assert status == 200, body
    assert body["data"]["documents"] == [
        {"__typename": "Claim", "id": "c1"},
        {"__typename": "Remittance", "id": "r1", "paidCents": 4200},
    ]


async def test_entity_errors_carry_the_clients_path(federation: Federation) -> None:
    status, body = await _post(
        federation,
        {
            "query": """
        { claim(id: "c2") { lines { code { code title } } } }
    """
        },
    )
    assert status == 200
    # title is String! and every type above it is non-null up to the nullable claim.
    assert body["data"] == {"claim": None}
    [error] = body["errors"]
    assert error["path"] == ["claim", "lines", 1, "code", "title"]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["message"] == "Title unavailable"


async def test_nullable_fields_keep_their_siblings(federation: Federation) -> None:
    status, body = await _post(
        federation,
        {
            "query": f"""
        {{ a: code(system: HCPCS, code: "K0001") {{ title }}
           b: code(system: HCPCS, code: "{BROKEN_CODE}") {{ title }} }}
    """
        },
    )
    assert status == 200
    assert body["data"] == {"a": {"title": "Standard wheelchair"}, "b": None}
    assert [e["path"] for e in body["errors"]] == [["b", "title"]]


async def test_mutations_run_in_order_then_resolve_entities(federation: Federation) -> None:
    status, body = await _post(
        federation,
        {
            "query": """
        mutation { a: annotateClaim(id: "c1", note: "first") { note }
                   b: annotateClaim(id: "c1", note: "second") { note lines { code { title } } } }
    """
        },
    )
    assert status == 200, body
    assert body["data"]["a"] == {"note": "first"}
    assert body["data"]["b"]["note"] == "second"
    assert body["data"]["b"]["lines"][0]["code"]["title"] == "Standard wheelchair"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"query": "{ claim(id: "}, "GRAPHQL_PARSE_FAILED"),
        ({"query": '{ claim(id: "c1") { nope } }'}, "GRAPHQL_VALIDATION_FAILED"),
        (
            {"query": "query($id: ID!) { claim(id: $id) { id } }", "variables": {"id": [1]}},
            "BAD_USER_INPUT",
        ),
        ({"query": "query($id: ID!) { claim(id: $id) { id } }"}, "BAD_USER_INPUT"),
        ({"variables": {}}, "BAD_REQUEST"),
    ],
)
async def test_request_errors_are_400_with_a_code(
    federation: Federation, body: dict[str, Any], code: str
) -> None:
    status, answer = await _post(federation, body)
    assert status == 400
    assert answer["errors"][0]["extensions"]["code"] == code
    assert "data" not in answer


async def test_request_errors_are_200_for_legacy_json_clients(federation: Federation) -> None:
    status, answer = await _post(federation, {"query": "{ nope }"}, accept="application/json")
    assert status == 200
    assert answer["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_a_body_that_is_not_json_is_a_bad_request(federation: Federation) -> None:
    response = await federation.client.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_get_serves_queries_but_refuses_mutations(federation: Federation) -> None:
    ok = await federation.client.get("/graphql", params={"query": '{ claim(id: "c1") { id } }'})
    assert ok.status_code == 200 and ok.json()["data"]["claim"]["id"] == "c1"
    refused = await federation.client.get(
        "/graphql", params={"query": 'mutation { annotateClaim(id: "c1", note: "x") { id } }'}
    )
    assert refused.status_code == 405


async def test_introspection_is_answered_from_the_api_schema(federation: Federation) -> None:
    status, body = await _post(federation, {"query": "{ __schema { queryType { name } } }"})
    assert status == 200
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"
    assert federation.claims.calls == [] and federation.codes.calls == []


async def test_browsers_get_graphiql(federation: Federation) -> None:
    page = await federation.client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
