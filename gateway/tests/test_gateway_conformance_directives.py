"""@requires, @provides, @shareable, @override and @inaccessible through the gateway."""

from __future__ import annotations

import pytest
from codeset_federation import CodeSetFederation

pytestmark = pytest.mark.integration


async def test_requires_sends_the_required_field_with_the_fields_arguments(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query(
        'query Fee($region: String!) { codeSet(id: "cs1") { east: fee(region: "east") '
        "chosen: fee(region: $region) } }",
        variables={"region": "west"},
    )
    assert body == {"data": {"codeSet": {"east": 2025 * 3, "chosen": 2025 * 5}}}
    assert codesets.representations("pricing") == [
        {"__typename": "CodeSet", "id": "cs1", "effectiveYear": 2025}
    ]
    [call] = codesets.calls("pricing")
    assert call["variables"]["region"] == "west"


async def test_requires_a_field_that_takes_arguments(codesets: CodeSetFederation) -> None:
    body = await codesets.query('{ codeSet(id: "cs2") { activePercent } }')
    assert body == {"data": {"codeSet": {"activePercent": 75}}}
    [catalog] = codesets.calls("catalog")
    assert 'codeCount(status: "active")' in catalog["query"]
    assert codesets.representations("pricing") == [
        {"__typename": "CodeSet", "id": "cs2", "codeCount": 750}
    ]


async def test_requires_fetches_the_required_field_first_when_the_parent_lacks_it(
    codesets: CodeSetFederation,
) -> None:
    # search knows code sets by id only: effectiveYear comes from catalog, then the fee.
    body = await codesets.query(
        '{ search(term: "2025") { ... on CodeSet { id fee(region: "west") } } }'
    )
    assert body == {"data": {"search": [{"id": "cs2", "fee": 2025 * 5}, {}]}}
    assert len(codesets.calls("catalog")) == 1
    assert len(codesets.calls("pricing")) == 1


async def test_provided_fields_are_taken_without_another_fetch(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query("{ contracts { id payer { id name } } }")
    assert body["data"]["contracts"][0] == {"id": "k-p1", "payer": {"id": "p1", "name": "Medicare"}}
    assert codesets.calls("catalog") == []


async def test_fields_not_provided_are_still_fetched_from_their_owner(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query("{ contracts { payer { name region } } }")
    assert body["data"]["contracts"][1] == {"payer": {"name": "Acme Health", "region": "east"}}
    [call] = codesets.calls("catalog")
    assert "region" in call["query"] and "name" not in call["query"]


@pytest.mark.parametrize(
    ("selection", "chosen", "skipped"),
    [("id name region", "catalog", "pricing"), ("id discountPercent", "pricing", "catalog")],
)
async def test_a_shareable_root_field_goes_to_the_subgraph_needing_fewest_fetches(
    codesets: CodeSetFederation, selection: str, chosen: str, skipped: str
) -> None:
    body = await codesets.query(f"{{ payers {{ {selection} }} }}")
    assert "errors" not in body, body
    assert len(body["data"]["payers"]) == 2
    assert len(codesets.calls(chosen)) == 1
    assert codesets.calls(skipped) == []


async def test_an_overridden_field_resolves_from_the_overriding_subgraph(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query('{ codeSet(id: "cs2") { title } }')
    assert body == {"data": {"codeSet": {"title": "HCPCS 2025Q1 (revised)"}}}
    assert len(codesets.calls("notes")) == 1
    assert "title" not in codesets.calls("catalog")[0]["query"]


async def test_an_inaccessible_field_is_hidden_and_cannot_be_queried(
    codesets: CodeSetFederation,
) -> None:
    assert "internalNote" not in codesets.supergraph.api_sdl
    body = await codesets.query('{ __type(name: "CodeSet") { fields { name } } }')
    names = {f["name"] for f in body["data"]["__type"]["fields"]}
    assert "internalNote" not in names and "title" in names
    refused = await codesets.query('{ codeSet(id: "cs1") { internalNote } }')
    assert refused["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "internalNote" in refused["errors"][0]["message"]
    assert codesets.calls("catalog") == []
