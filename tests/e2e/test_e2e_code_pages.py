"""Code pages, search and CasePilot through the gateway of the running stack."""

from __future__ import annotations

import time

import pytest
from e2e_client import GatewayClient
from spans import new_traceparent, wait_for_spans

from devstack.stack import RunningStack

pytestmark = pytest.mark.e2e

EDITOR = {"authorization": "Bearer dev-editor-token"}


def _search(gateway: GatewayClient, query: str, headers: dict[str, str] | None = None) -> dict:  # type: ignore[type-arg]
    status, body = gateway.post(
        """query Find($q: String!) { search(query: $q, first: 10) {
             totalCount edges { node { system code title } } } }""",
        {"q": query},
        headers,
    )
    assert status == 200, body
    return body


def test_a_code_page_shows_the_real_hcpcs_title(gateway: GatewayClient) -> None:
    status, body = gateway.post(
        '{ code(system: HCPCS, code: "K0001") { code title status release { id } } }'
    )
    assert status == 200
    assert body["data"]["code"] == {
        "code": "K0001",
        "title": "Standard wheelchair",
        "status": "ACTIVE",
        "release": {"id": "HCPCS-2025-10-01"},
    }


def test_search_resolves_titles_with_one_batched_entity_fetch(
    gateway: GatewayClient, stack: RunningStack
) -> None:
    deadline = time.monotonic() + 60
    while True:
        trace_id, traceparent = new_traceparent()
        body = _search(gateway, "wheelchair", {"traceparent": traceparent})
        edges = body["data"]["search"]["edges"]
        if len(edges) == 10 or time.monotonic() > deadline:
            break
        time.sleep(0.5)  # the index is still being fed by the catalog's events
    assert len(edges) == 10
    assert all("wheelchair" in e["node"]["title"].lower() for e in edges)
    assert {"HCPCS", "ICD10CM"} >= {e["node"]["system"] for e in edges}
    spans = wait_for_spans(
        stack.span_dir, trace_id, lambda s: any(x.name == "fetch catalog" for x in s)
    )
    catalog_fetches = [s for s in spans if s.name == "fetch catalog"]
    assert len(catalog_fetches) == 1
    assert catalog_fetches[0].attributes["graphql.federation.entities"] == len(
        {(e["node"]["system"], e["node"]["code"]) for e in edges}
    )


def test_a_revised_code_is_searchable_within_seconds_on_one_trace(
    gateway: GatewayClient, stack: RunningStack
) -> None:
    trace_id, traceparent = new_traceparent()
    status, body = gateway.post(
        'mutation { reviseCode(system: HCPCS, code: "K0002", '
        'title: "Standard hemi wheelchair zephyrine test title") { code title } }',
        headers={**EDITOR, "traceparent": traceparent},
    )
    assert status == 200, body
    assert body["data"]["reviseCode"]["title"].endswith("zephyrine test title")
    started = time.monotonic()
    found: list[dict] = []  # type: ignore[type-arg]
    while time.monotonic() - started < 15 and not found:
        found = _search(gateway, "zephyrine")["data"]["search"]["edges"]
        time.sleep(0.1)
    assert [e["node"]["code"] for e in found] == ["K0002"]

    def complete(spans: list) -> bool:  # type: ignore[type-arg]
        names = {(s.service, s.name) for s in spans}
        return any(svc == "search" and name.endswith("process") for svc, name in names)

    spans = wait_for_spans(stack.span_dir, trace_id, complete)
    by_service = {(s.service, s.kind.removeprefix("SpanKind.")) for s in spans}
    assert ("gateway", "SERVER") in by_service
    assert ("catalog", "SERVER") in by_service
    assert any(s.service == "catalog" and s.name == "catalog.code.revise" for s in spans)
    assert any(s.service == "catalog" and s.name.endswith("catalog.codes publish") for s in spans)
    assert any(s.service == "search" and s.name.endswith("catalog.codes process") for s in spans)


def test_revising_a_code_needs_an_editor(gateway: GatewayClient) -> None:
    status, body = gateway.post(
        'mutation { reviseCode(system: HCPCS, code: "K0003", title: "x") { code } }'
    )
    assert status == 200
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_casepilot_answers_from_the_catalog_with_a_citation(pro: GatewayClient) -> None:
    status, body = pro.post(
        'mutation { ask(question: "What is HCPCS K0001?") { text '
        "citations { system code releaseId source } toolsUsed } }"
    )
    assert status == 200, body
    answer = body["data"]["ask"]
    assert "Standard wheelchair" in answer["text"]
    assert {
        "system": "HCPCS",
        "code": "K0001",
        "releaseId": "HCPCS-2025-10-01",
        "source": "catalog",
    } in answer["citations"]


def test_an_icd10cm_page_shows_where_the_code_sits_and_its_notes(pro: GatewayClient) -> None:
    status, body = pro.post(
        '{ code(system: ICD10CM, code: "e11.9") { code title billable parent { code billable }'
        " block { id } chapter { id title } notes { kind text } } }"
    )
    assert status == 200, body
    page = body["data"]["code"]
    assert page["title"] == "Type 2 diabetes mellitus without complications"
    assert page["billable"] is True
    assert page["parent"] == {"code": "E11", "billable": False}
    assert page["block"] == {"id": "E08-E13"}
    assert page["chapter"]["id"] == "4"
    assert {
        "kind": "excludes1",
        "text": "type 2 diabetes mellitus, without complications in remission (E11.A)",
    } in page["notes"]


def test_a_cpt_page_explains_in_plain_words_and_needs_a_license_for_the_descriptor(
    pro: GatewayClient,
) -> None:
    status, body = pro.post(
        '{ code(system: CPT, code: "99213") { title plainLanguage { description source }'
        " officialDescriptor { text licensed notice }"
        ' fees(dateOfService: "2025-11-01") { modifier national { nonFacility } } } }'
    )
    assert status == 200, body
    page = body["data"]["code"]
    assert "established patient" in page["plainLanguage"]["description"]
    assert page["plainLanguage"]["source"] == "written by CodeAtlas; not AMA text"
    assert page["officialDescriptor"]["text"] is None
    assert page["officialDescriptor"]["licensed"] is False
    assert "license" in page["officialDescriptor"]["notice"]
    assert page["fees"] == [{"modifier": None, "national": {"nonFacility": "88.95"}}]


def test_range_navigation_and_a_page_as_of_a_date(gateway: GatewayClient) -> None:
    status, body = gateway.post(
        '{ code(system: ICD10CM, code: "E11.9") { previous { code } next { code }'
        " siblings(first: 3) { code } }"
        ' past: code(system: HCPCS, code: "K0001", asOf: "2025-11-01") { title release { id } } }'
    )
    assert status == 200, body
    page = body["data"]["code"]
    assert page["previous"]["code"] < "E11.9" < page["next"]["code"]
    assert all(s["code"].startswith("E11.") and s["code"] != "E11.9" for s in page["siblings"])
    assert body["data"]["past"] == {
        "title": "Standard wheelchair",
        "release": {"id": "HCPCS-2025-10-01"},
    }
    status, body = gateway.post(
        '{ code(system: HCPCS, code: "K0001", asOf: "2020-01-01") { title } }'
    )
    assert status == 200
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "did not exist on 2020-01-01" in body["errors"][0]["message"]


def test_an_icd10pcs_page_and_the_pcs_guidelines(gateway: GatewayClient) -> None:
    status, body = gateway.post(
        '{ code(system: ICD10PCS, code: "0dtj4zz") { code title billable block { id title }'
        " chapter { title } }"
        ' guidelines(system: ICD10PCS, query: "biopsy") { id title } }'
    )
    assert status == 200, body
    page = body["data"]["code"]
    assert page["title"] == "Resection of Appendix, Percutaneous Endoscopic Approach"
    assert page["block"]["id"] == "0DT" and page["chapter"]["title"] == "Medical and Surgical"
    assert body["data"]["guidelines"]


def test_a_hcpcs_page_says_its_medicare_coverage_and_add_on_edits(
    pro: GatewayClient,
) -> None:
    status, body = pro.post(
        '{ k: code(system: HCPCS, code: "K0001") { hcpcs { coverage coverageMeaning betos'
        " actionCode typesOfService } }"
        ' addon: code(system: CPT, code: "99417") {'
        ' addOnEdits(dateOfService: "2024-09-01") { primaryCode addOnCode editType } } }'
    )
    assert status == 200, body
    assert body["data"]["k"]["hcpcs"] == {
        "coverage": "C",
        "coverageMeaning": "carrier judgment: coverage is decided by the Medicare contractor",
        "betos": "D1D",
        "actionCode": "N",
        "typesOfService": ["R"],
    }
    edits = body["data"]["addon"]["addOnEdits"]
    assert {"primaryCode": "99205", "addOnCode": "99417", "editType": 1} in edits
