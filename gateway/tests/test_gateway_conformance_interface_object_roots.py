"""Root fields that return an @interfaceObject type.

``citations`` lists references without knowing their concrete types: it sees ``Reference`` as
an object type. So the gateway sends the references, by key, to ``search`` (whose
``Reference`` is the interface its code sets and payers implement) for their ``__typename``,
then asks the fields of each concrete type of the subgraphs that resolve them, as Apollo
Router does.
"""

from __future__ import annotations

import pytest
from codeset_federation import CodeSetFederation

pytestmark = pytest.mark.integration


async def test_concrete_types_and_their_fields_follow_an_interface_object_root_field(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query(
        """{ cited(atLeast: 9) { id citationCount __typename
             ... on CodeSet { version effectiveYear } ... on Payer { name } } }"""
    )
    assert body == {
        "data": {
            "cited": [
                {
                    "id": "cs1",
                    "citationCount": 12,
                    "__typename": "CodeSet",
                    "version": "2025",
                    "effectiveYear": 2025,
                },
                {
                    "id": "cs3",
                    "citationCount": 9,
                    "__typename": "CodeSet",
                    "version": "2024",
                    "effectiveYear": 2024,
                },
                {"id": "p1", "citationCount": 30, "__typename": "Payer", "name": "Medicare"},
            ]
        }
    }
    # citations is asked once, and not for a __typename it would answer with the interface.
    [listing] = codesets.calls("citations")
    assert "_entities" not in listing["query"] and "__typename" not in listing["query"]
    assert codesets.representations("search") == [
        {"__typename": "Reference", "id": "cs1"},
        {"__typename": "Reference", "id": "cs3"},
        {"__typename": "Reference", "id": "p1"},
    ]
    # catalog is sent the concrete types search answered, code sets and payers in one call.
    [_] = codesets.calls("catalog")
    assert sorted((r["__typename"], r["id"]) for r in codesets.representations("catalog")) == [
        ("CodeSet", "cs1"),
        ("CodeSet", "cs3"),
        ("Payer", "p1"),
    ]


async def test_interface_fields_alone_still_get_the_concrete_type_the_response_needs(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query("{ mostCited { id citationCount } }")
    assert body == {"data": {"mostCited": {"id": "p1", "citationCount": 30}}}
    assert len(codesets.calls("citations")) == 1
    assert codesets.representations("search") == [{"__typename": "Reference", "id": "p1"}]
    assert codesets.calls("catalog") == []


async def test_an_aliased_typename_and_a_named_fragment_reach_two_more_subgraphs(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query(
        """{ top: mostCited { kind: __typename ...payer }
             codeSetsToo: cited(atLeast: 12) { ... on CodeSet { fee(region: "west") } } }
           fragment payer on Payer { region discountPercent }"""
    )
    assert body == {
        "data": {
            "top": {"kind": "Payer", "region": "national", "discountPercent": 0},
            "codeSetsToo": [{"fee": 10125}, {}],
        }
    }
    # pricing is sent a payer's key and a code set's key and required year, typed by search.
    assert sorted(codesets.representations("pricing"), key=lambda r: r["__typename"]) == [
        {"__typename": "CodeSet", "id": "cs1", "effectiveYear": 2025},
        {"__typename": "Payer", "id": "p1"},
    ]


async def test_without_the_interfaces_own_subgraph_the_error_names_it(
    codesets: CodeSetFederation,
) -> None:
    codesets.take_down("search")
    body = await codesets.query("{ cited(atLeast: 30) { id citationCount } }")
    # Without a concrete type no reference can be answered, and the list is non-null.
    assert body["data"] is None
    assert {"code": "SUBGRAPH_UNAVAILABLE", "serviceName": "search"} in [
        e["extensions"] for e in body["errors"]
    ]
