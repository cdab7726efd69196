"""What a client document may say: directives, fragments, aliases, __typename, introspection."""

from __future__ import annotations

from typing import Any

import pytest
from codeset_federation import CodeSetFederation

pytestmark = pytest.mark.integration

CODE_SET_QUERY = """
query CodeSet($id: ID!, $withNotes: Boolean!, $withoutFee: Boolean!) {
  codeSet(id: $id) {
    ...identity
    notes @include(if: $withNotes)
    ... on CodeSet @skip(if: $withoutFee) { fee(region: "east") }
  }
}
fragment identity on CodeSet { id version }
"""


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (
            {"withNotes": True, "withoutFee": False},
            {"id": "cs1", "version": "2025", "notes": "CPT 2025: annual update", "fee": 6075},
        ),
        ({"withNotes": False, "withoutFee": True}, {"id": "cs1", "version": "2025"}),
    ],
)
async def test_skip_and_include_follow_the_variables(
    codesets: CodeSetFederation, flags: dict[str, bool], expected: dict[str, Any]
) -> None:
    body = await codesets.query(CODE_SET_QUERY, variables={"id": "cs1", **flags})
    assert body == {"data": {"codeSet": expected}}


async def test_the_same_field_aliased_twice_with_different_arguments(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query(
        """{ first: codeSet(id: "cs1") { east: fee(region: "east") west: fee(region: "west") }
             second: codeSet(id: "cs2") { kind: __typename key: id } }"""
    )
    assert body == {
        "data": {
            "first": {"east": 6075, "west": 10125},
            "second": {"kind": "CodeSet", "key": "cs2"},
        }
    }
    assert len(codesets.calls("catalog")) == 1


async def test_typename_everywhere(codesets: CodeSetFederation) -> None:
    body = await codesets.query(
        """{ __typename contracts { __typename payer { __typename region } }
             search(term: "x") { __typename } }"""
    )
    assert body["data"]["__typename"] == "Query"
    assert body["data"]["contracts"][0] == {
        "__typename": "Contract",
        "payer": {"__typename": "Payer", "region": "national"},
    }
    assert body["data"]["search"] == [{"__typename": "CodeSet"}, {"__typename": "Payer"}]


async def test_operation_name_picks_one_of_several_operations(
    codesets: CodeSetFederation,
) -> None:
    document = "query A { payers { id } } query B { edits { id } }"
    body = await codesets.query(document, operationName="B")
    assert body == {"data": {"edits": [{"id": "e1"}, {"id": "e2"}]}}


async def test_introspection_describes_the_supergraph_not_the_subgraphs(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query(
        """{ __schema { queryType { name } types { name } }
             __type(name: "SearchHit") { kind possibleTypes { name } } }"""
    )
    names = {t["name"] for t in body["data"]["__schema"]["types"]}
    assert {"CodeSet", "Payer", "PtpEdit", "Contract", "Reference", "SearchHit"} <= names
    assert not names & {"_Any", "_Entity", "_Service", "FieldSet", "link__Import"}
    assert body["data"]["__type"] == {
        "kind": "UNION",
        "possibleTypes": [{"name": "CodeSet"}, {"name": "Payer"}],
    }
    assert all(log.calls == [] for log in codesets.logs.values())


async def test_root_fields_and_root_fragments_follow_skip_and_include(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query(
        """query Root($skip: Boolean!, $edits: Boolean!) {
             payers @skip(if: $skip) { id }
             ... @include(if: $edits) { edits { id } }
             contracts { id }
           }""",
        variables={"skip": True, "edits": False},
    )
    assert body == {"data": {"contracts": [{"id": "k-p1"}, {"id": "k-p2"}]}}
