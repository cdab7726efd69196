"""@key conformance: several keys on one entity, compound and nested keys, batched fetches."""

from __future__ import annotations

import pytest
from codeset_federation import CodeSetFederation

pytestmark = pytest.mark.integration


async def test_an_entity_is_reached_by_the_key_its_subgraph_declares(
    codesets: CodeSetFederation,
) -> None:
    # catalog keys CodeSet by "id" and by "system version"; notes only by the compound key.
    body = await codesets.query("{ codeSets { id notes } }")
    assert body["data"]["codeSets"][:2] == [
        {"id": "cs1", "notes": "CPT 2025: annual update"},
        {"id": "cs2", "notes": "HCPCS 2025Q1: annual update"},
    ]
    assert len(codesets.calls("notes")) == 1
    assert codesets.representations("notes")[0] == {
        "__typename": "CodeSet",
        "system": "CPT",
        "version": "2025",
    }


async def test_a_compound_key_reaches_back_to_the_subgraph_with_two_keys(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query("{ latestCodeSets { system version id effectiveYear } }")
    assert "errors" not in body, body
    found = [(s["id"], s["effectiveYear"]) for s in body["data"]["latestCodeSets"]]
    assert found == [("cs1", 2025), ("cs2", 2025)]
    [call] = codesets.calls("catalog")
    assert "_entities" in call["query"]


async def test_a_nested_key_sends_the_nested_object(codesets: CodeSetFederation) -> None:
    body = await codesets.query("{ edits { id column1 payer { name } rationale } }")
    assert body["data"]["edits"][0] == {
        "id": "e1",
        "column1": "99213",
        "payer": {"name": "Medicare"},
        "rationale": "edit e1 of payer p1: mutually exclusive procedures",
    }
    assert codesets.representations("notes") == [
        {"__typename": "PtpEdit", "id": "e1", "payer": {"id": "p1"}},
        {"__typename": "PtpEdit", "id": "e2", "payer": {"id": "p2"}},
    ]


async def test_entities_are_fetched_once_per_subgraph_per_step(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query('{ codeSets { id notes fee(region: "east") } edits { rationale } }')
    assert [e["path"] for e in body["errors"]] == [["codeSets", 2, "notes"]]
    assert body["data"]["codeSets"][0]["fee"] == 2025 * 3
    assert len(codesets.calls("catalog")) == 1
    # One call for the code sets' notes and one for the edits' rationale: two plan steps.
    notes_calls = codesets.calls("notes")
    assert len(notes_calls) == 2
    assert sorted(len(c["variables"]["representations"]) for c in notes_calls) == [2, 3]
    [pricing] = codesets.calls("pricing")
    assert len(pricing["variables"]["representations"]) == 3


async def test_a_key_the_parent_lacks_is_fetched_from_another_subgraph_first(
    codesets: CodeSetFederation,
) -> None:
    # search knows code sets by id; notes only by "system version", which catalog gives.
    body = await codesets.query('{ search(term: "x") { ... on CodeSet { id title notes } } }')
    assert body["data"]["search"][0] == {
        "id": "cs2",
        "title": "HCPCS 2025Q1 (revised)",
        "notes": "HCPCS 2025Q1: annual update",
    }
    assert codesets.representations("catalog") == [{"__typename": "CodeSet", "id": "cs2"}]
    assert codesets.representations("notes") == [
        {"__typename": "CodeSet", "system": "HCPCS", "version": "2025Q1"}
    ]
