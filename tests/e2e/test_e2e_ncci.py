"""NCCI claim checks through the gateway, on the real CMS 2024 Q3 files."""

from __future__ import annotations

import pytest
from e2e_client import GatewayClient

pytestmark = pytest.mark.e2e

CHECK = """query Check($codes: [String!]!, $dos: Date!) {
  ncciCheck(codes: $codes, dateOfService: $dos) {
    ptpRelease { id }
    edits { column1 column2 modifierIndicator modifierRule rationale active }
    pairs { codes verdict inactiveEdits { deletionDate } }
    mues { code units adjudication }
  }
}"""


def _check(gateway: GatewayClient, codes: list[str], dos: str = "2024-09-01") -> dict:  # type: ignore[type-arg]
    status, body = gateway.post(CHECK, {"codes": codes, "dos": dos})
    assert status == 200, body
    return body["data"]["ncciCheck"]  # type: ignore[no-any-return]


def test_95870_and_95886_are_an_edit_no_modifier_allows(gateway: GatewayClient) -> None:
    check = _check(gateway, ["95870", "95886"])
    assert check["ptpRelease"] == {"id": "NCCI-PTP-2024-07-01"}
    assert check["edits"] == [
        {
            "column1": "95870",
            "column2": "95886",
            "modifierIndicator": 0,
            "modifierRule": "not allowed with any modifier",
            "rationale": "CPT Manual or CMS manual coding instruction",
            "active": True,
        }
    ]
    assert {m["code"]: m["units"] for m in check["mues"]} == {"95870": 4, "95886": 4}


def test_29880_and_29881_are_allowed_with_a_modifier(gateway: GatewayClient) -> None:
    [edit] = _check(gateway, ["29881", "29880"])["edits"]
    assert (edit["column1"], edit["modifierIndicator"]) == ("29880", 1)
    assert edit["modifierRule"] == "allowed with an appropriate modifier"


def test_a_pair_deleted_before_the_date_has_no_active_edit(gateway: GatewayClient) -> None:
    check = _check(gateway, ["0001A", "0591T"])
    assert check["edits"] == []
    assert check["pairs"] == [
        {
            "codes": ["0001A", "0591T"],
            "verdict": "no active edit",
            "inactiveEdits": [{"deletionDate": "2023-12-31"}],
        }
    ]


def test_a_ten_code_claim_checks_all_45_pairs(gateway: GatewayClient) -> None:
    codes = [
        "99213",
        "95870",
        "95886",
        "29880",
        "29881",
        "93000",
        "20610",
        "97110",
        "36415",
        "45378",
    ]
    check = _check(gateway, codes)
    assert len(check["pairs"]) == 45
    assert {"95870", "29880"} <= {e["column1"] for e in check["edits"]}


def test_a_malformed_claim_is_bad_user_input(gateway: GatewayClient) -> None:
    status, body = gateway.post(CHECK, {"codes": ["95870", "E11.9"], "dos": "2024-09-01"})
    assert status == 200
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    # Date is the catalog's scalar: the gateway passes the value on, the catalog refuses it.
    status, body = gateway.post(CHECK, {"codes": ["95870", "95886"], "dos": "yesterday"})
    assert status == 200
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "yesterday" in body["errors"][0]["message"]


def test_a_code_page_pages_through_its_edits(pro: GatewayClient) -> None:
    query = """query($after: String) { code(system: CPT, code: "95870") {
      ncciEdits(dateOfService: "2024-09-01", first: 2, after: $after) {
        totalCount nextCursor edits { column1 column2 active } } } }"""
    status, body = pro.post(query)
    assert status == 200, body
    first = body["data"]["code"]["ncciEdits"]
    assert first["totalCount"] > 2 and len(first["edits"]) == 2
    _, body = pro.post(query, {"after": first["nextCursor"]})
    second = body["data"]["code"]["ncciEdits"]["edits"]
    assert second and second != first["edits"]
    assert all(e["active"] and "95870" in (e["column1"], e["column2"]) for e in second)


def test_modifiers_places_of_service_and_coverage(pro: GatewayClient) -> None:
    status, body = pro.post(
        '{ modifier(code: "59") { code plainLanguage { title } }'
        ' lt: modifier(code: "LT") { title }'
        ' placesOfService(dateOfService: "2025-01-01") { code name }'
        ' coverageDocuments(query: "urine drug testing", first: 1,'
        ' dateOfService: "2025-09-01") { id title }'
        ' code(system: ICD10CM, code: "A00.0") { ccMcc(dateOfService: "2025-11-01") }'
        " releases(system: HCPCS) { id } }"
    )
    assert status == 200, body
    data = body["data"]
    assert data["modifier"]["plainLanguage"]["title"]
    assert data["lt"]["title"].startswith("Left side")
    assert {"code": "11", "name": "Office"} in data["placesOfService"]
    assert "Urine Drug Testing" in data["coverageDocuments"][0]["title"]
    assert data["code"]["ccMcc"] == "CC"
    assert data["releases"] == [{"id": "HCPCS-2025-10-01"}]
