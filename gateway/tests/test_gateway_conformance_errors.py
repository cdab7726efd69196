"""Errors and partial data: client paths, no subgraph locations, null propagation, outages."""

from __future__ import annotations

import pytest
from codeset_federation import IMPATIENT_TIMEOUT_SECONDS, CodeSetFederation

pytestmark = pytest.mark.integration


async def test_an_entity_field_error_has_the_clients_path_and_no_subgraph_locations(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query(
        """query Notes {
             sets: codeSets { id
               notes } }"""
    )
    assert [s["notes"] for s in body["data"]["sets"]] == [
        "CPT 2025: annual update",
        "HCPCS 2025Q1: annual update",
        None,
    ]
    assert body["errors"] == [
        {
            "message": "Notes are being rewritten.",
            "path": ["sets", 2, "notes"],
            "extensions": {"code": "NOT_READY"},
        }
    ]


async def test_a_root_field_error_keeps_the_alias_and_the_siblings(
    codesets: CodeSetFederation,
) -> None:
    body = await codesets.query(
        '{ gone: codeSet(id: "broken") { id } kept: codeSet(id: "cs1") { id } }'
    )
    assert body["data"] == {"gone": None, "kept": {"id": "cs1"}}
    [error] = body["errors"]
    assert error["path"] == ["gone"]
    assert error["extensions"]["code"] == "GONE"
    assert "locations" not in error


async def test_a_null_in_a_non_null_field_nulls_the_nearest_nullable_parent(
    codesets: CodeSetFederation,
) -> None:
    # fee is Int!; the pricing subgraph fails it for an unknown region.
    body = await codesets.query('{ codeSet(id: "cs1") { id fee(region: "north") } payers { id } }')
    assert body["data"] == {"codeSet": None, "payers": [{"id": "p1"}, {"id": "p2"}]}
    assert [e["path"] for e in body["errors"]] == [["codeSet", "fee"]]


async def test_an_unavailable_subgraph_nulls_its_fields_at_their_paths(
    codesets: CodeSetFederation,
) -> None:
    codesets.take_down("notes")
    body = await codesets.query("{ codeSets { id notes } }")
    assert body["data"]["codeSets"] == [
        {"id": "cs1", "notes": None},
        {"id": "cs2", "notes": None},
        {"id": "cs3", "notes": None},
    ]
    assert [e["path"] for e in body["errors"]] == [["codeSets", i, "notes"] for i in range(3)]
    assert {e["extensions"]["code"] for e in body["errors"]} == {"SUBGRAPH_UNAVAILABLE"}


async def test_an_unavailable_root_subgraph_leaves_the_other_root_fields(
    codesets: CodeSetFederation,
) -> None:
    codesets.take_down("catalog")
    body = await codesets.query('{ set: codeSet(id: "cs1") { id } latestCodeSets { version } }')
    assert body["data"] == {
        "set": None,
        "latestCodeSets": [{"version": "2025"}, {"version": "2025Q1"}],
    }
    [error] = body["errors"]
    assert error["path"] == ["set"]
    assert error["extensions"] == {"code": "SUBGRAPH_UNAVAILABLE", "serviceName": "catalog"}


async def test_a_slow_subgraph_times_out_and_the_rest_is_returned(
    impatient_codesets: CodeSetFederation,
) -> None:
    # slowNotes waits for an event the test never sets; the gateway's timeout ends the wait.
    codesets = impatient_codesets
    body = await codesets.query('{ codeSet(id: "cs1") { id notes slowNotes } }')
    codesets.rendezvous.notes_released.set()
    assert body["data"] == {"codeSet": {"id": "cs1", "notes": None, "slowNotes": None}}
    assert [e["path"] for e in body["errors"]] == [
        ["codeSet", "notes"],
        ["codeSet", "slowNotes"],
    ]
    [message] = {e["message"] for e in body["errors"]}
    assert f"did not answer within {IMPATIENT_TIMEOUT_SECONDS:g} seconds" in message
    assert {e["extensions"]["code"] for e in body["errors"]} == {"SUBGRAPH_UNAVAILABLE"}
