"""CasePilot through the gateway: NCCI questions answered from the catalog's real CMS edits."""

from __future__ import annotations

from typing import Any

import pytest
from e2e_client import GatewayClient

pytestmark = pytest.mark.e2e

ASK = """query Ask($q: String!) {
  ask(question: $q) { text citations { system code releaseId source } toolsUsed } }"""
PTP_RELEASE = "NCCI-PTP-2024-07-01"


def _ask(gateway: GatewayClient, question: str) -> dict[str, Any]:
    answer: dict[str, Any] = gateway.data(ASK, {"q": question})["ask"]
    return answer


def test_95870_and_95886_are_an_edit_no_modifier_allows_with_its_release(
    gateway: GatewayClient,
) -> None:
    answer = _ask(gateway, "Can 95870 and 95886 be billed together?")
    text = answer["text"]
    assert text.startswith("No. An NCCI procedure-to-procedure edit pairs 95870 (column 1)")
    assert "with 95886 (column 2)" in text
    assert "modifier indicator is 0" in text and "no modifier lets both be paid" in text
    assert f"release {PTP_RELEASE}" in text
    assert answer["citations"] == [
        {"system": "CPT", "code": "95870", "releaseId": PTP_RELEASE, "source": "ncci_ptp"},
        {"system": "CPT", "code": "95886", "releaseId": PTP_RELEASE, "source": "ncci_ptp"},
    ]
    assert answer["toolsUsed"] == ["catalog.ncci_check"]


def test_29880_and_29881_need_a_documented_modifier_on_the_date_asked(
    gateway: GatewayClient,
) -> None:
    answer = _ask(gateway, "Can 29880 and 29881 be billed together on 09/01/2024?")
    assert answer["text"].startswith("Only with a modifier")
    assert "on 2024-09-01" in answer["text"] and "modifier indicator is 1" in answer["text"]


def test_a_pair_with_a_code_not_in_the_catalog_names_no_edit(gateway: GatewayClient) -> None:
    answer = _ask(gateway, "Can 95870 and 0000T be billed together?")
    assert answer["text"] == "CPT 0000T is not in the catalog, so I cannot say what it describes."
    assert answer["citations"] == []


def test_a_pair_ncci_cannot_hold_is_refused_with_the_reason(gateway: GatewayClient) -> None:
    answer = _ask(gateway, "Can 95870 and E11.9 be billed together?")
    assert answer["text"].startswith("I cannot answer that as asked: ")
    assert answer["citations"] == []


def test_a_modifier_is_explained_with_the_official_text_and_our_words(
    gateway: GatewayClient,
) -> None:
    answer = _ask(gateway, "What does modifier LT mean?")
    assert answer["text"].startswith('Modifier LT is "Left side')
    assert "(release HCPCS-2025-10-01)" in answer["text"]
    assert {
        "system": "HCPCS",
        "code": "LT",
        "releaseId": "HCPCS-2025-10-01",
        "source": "hcpcs_modifiers",
    } in answer["citations"]
    assert answer["toolsUsed"] == ["catalog.modifier"]

    distinct = _ask(gateway, "When do I use modifier 59?")
    assert distinct["text"].startswith("Modifier 59: Distinct procedural service. In plain words:")
    assert "column two code of an NCCI edit" in distinct["text"]


def test_a_modifier_not_in_the_catalog_is_said_to_be_missing(gateway: GatewayClient) -> None:
    answer = _ask(gateway, "What does modifier 9Z mean?")
    assert answer["text"] == "Modifier 9Z is not in the catalog, so I cannot say what it means."
    assert answer["citations"] == []
