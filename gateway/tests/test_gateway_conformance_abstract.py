"""Interfaces and unions whose members are entities of other subgraphs."""

from __future__ import annotations

import pytest
from codeset_federation import CodeSetFederation

pytestmark = pytest.mark.integration


async def test_union_members_are_completed_from_their_owning_subgraphs(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query(
        """{ search(term: "acme") { __typename
             ... on CodeSet { id system effectiveYear }
             ... on Payer { id name region discountPercent } } }"""
    )
    assert body == {
        "data": {
            "search": [
                {"__typename": "CodeSet", "id": "cs2", "system": "HCPCS", "effectiveYear": 2025},
                {
                    "__typename": "Payer",
                    "id": "p2",
                    "name": "Acme Health",
                    "region": "east",
                    "discountPercent": 7,
                },
            ]
        }
    }
    # Code sets and payers are two entity types of catalog at one path: one call for both.
    [call] = codesets.calls("catalog")
    assert call["query"].count("... on ") == 2
    representations = sorted(
        (r["__typename"], r["id"]) for r in codesets.representations("catalog")
    )
    assert representations == [("CodeSet", "cs2"), ("Payer", "p2")]
    assert codesets.representations("pricing") == [{"__typename": "Payer", "id": "p2"}]


async def test_interface_fields_and_concrete_fragments_across_subgraphs(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query(
        """{ references { id __typename ...payer ... on CodeSet { version } } }
           fragment payer on Payer { name }"""
    )
    assert body == {
        "data": {
            "references": [
                {"id": "p1", "__typename": "Payer", "name": "Medicare"},
                {"id": "cs1", "__typename": "CodeSet", "version": "2025"},
            ]
        }
    }


async def test_a_fragment_on_the_interface_itself_needs_no_other_subgraph(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query("{ references { ... on Reference { id } } }")
    assert body == {"data": {"references": [{"id": "p1"}, {"id": "cs1"}]}}
    assert codesets.calls("catalog") == []


async def test_an_interface_object_field_is_resolved_for_every_implementation(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query("{ references { __typename id citationCount } }")
    assert body == {
        "data": {
            "references": [
                {"__typename": "Payer", "id": "p1", "citationCount": 30},
                {"__typename": "CodeSet", "id": "cs1", "citationCount": 12},
            ]
        }
    }
    assert len(codesets.calls("citations")) == 1
    assert codesets.representations("citations") == [
        {"__typename": "Reference", "id": "p1"},
        {"__typename": "Reference", "id": "cs1"},
    ]


async def test_an_interface_object_field_is_asked_on_a_concrete_type(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query("{ codeSets { id citationCount } }")
    assert [s["citationCount"] for s in body["data"]["codeSets"][:2]] == [12, 4]
    [call] = codesets.calls("citations")
    assert "... on Reference" in call["query"]
