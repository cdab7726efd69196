"""Page sections in words: MUEs, fees, CC/MCC, instructional notes, and no crosswalk."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assistant.domain.answers import Outcome
from assistant.domain.intents import CodeLookup
from assistant.domain.limits import (
    FeeRow,
    MueFacts,
    Note,
    explain_fees,
    explain_mue,
    explain_no_crosswalk,
    explain_notes,
    explain_severity,
)
from atlaskit.coding import CodeSystem, code_like_tokens

pytestmark = pytest.mark.unit

ON = date(2026, 1, 2)
CPT_97110 = CodeLookup(CodeSystem.CPT, "97110")
I50_21 = CodeLookup(CodeSystem.ICD10CM, "I50.21")


def test_an_mue_states_units_and_its_adjudication_indicator_with_the_release() -> None:
    mue = MueFacts(4, 3, "Date of service edit: clinical", "Clinical: Data")
    answer = explain_mue(CPT_97110, mue, "NCCI-MUE-2024-07-01", ON)
    assert "The MUE for CPT 97110 is 4 units of service per patient (MAI 3:" in answer.text
    assert answer.citations[0].release_id == "NCCI-MUE-2024-07-01"
    assert answer.citations[0].source == "ncci_mue"
    one = explain_mue(CPT_97110, MueFacts(1, 2, "Policy", "Policy"), "R", ON)
    assert "is 1 unit of service" in one.text


def test_a_code_without_an_mue_says_so_and_no_release_declines() -> None:
    assert "has no limit for CPT 97110" in explain_mue(CPT_97110, None, "R", ON).text
    assert explain_mue(CPT_97110, None, None, ON).outcome is Outcome.DECLINED


def test_fees_state_national_amounts_and_rvus_per_row() -> None:
    row = FeeRow(
        None,
        "A",
        Decimal("1.30"),
        Decimal("1.23"),
        Decimal("0.55"),
        Decimal("0.10"),
        Decimal("32.3465"),
        "XXX",
        Decimal("85.04"),
        Decimal("63.10"),
    )
    answer = explain_fees(CodeLookup(CodeSystem.CPT, "99213"), [row], "PFS-RVU-2025-10-01", ON)
    assert "$85.04 non-facility and $63.10 facility" in answer.text
    assert "2.63 in all non-facility" in answer.text and "$32.3465" in answer.text
    assert answer.citations[0].source == "pfs_rvu"
    assert explain_fees(CPT_97110, [], "R", ON).outcome is Outcome.DECLINED


@pytest.mark.parametrize(
    ("level", "said"),
    [("MCC", "is an MCC"), ("CC", "is a CC"), (None, "is neither a CC nor an MCC")],
)
def test_severity_is_said_for_a_diagnosis_code(level: str | None, said: str) -> None:
    answer = explain_severity(I50_21, level, "MSDRG-CC-MCC-2025-10-01", ON)
    assert said in answer.text and answer.citations[0].source == "msdrg_cc_mcc"


def test_severity_of_a_procedure_code_is_declined() -> None:
    answer = explain_severity(CPT_97110, None, "R", ON)
    assert answer.outcome is Outcome.DECLINED and "apply to ICD-10-CM" in answer.text


def test_notes_are_listed_with_where_the_tabular_writes_them() -> None:
    notes = [Note("E11", "excludes1", "diabetes mellitus due to underlying condition (E08.-)")]
    answer = explain_notes(CodeLookup(CodeSystem.ICD10CM, "E11.9"), notes, "ICD10CM-2026")
    assert "Excludes1 (never code together) (at E11): diabetes mellitus due to" in answer.text
    assert answer.evidence == (notes[0].text,)


def test_no_crosswalk_is_said_plainly_and_names_no_other_code() -> None:
    answer = explain_no_crosswalk(CodeLookup(CodeSystem.CPT, "99213"), "CPT-2025")
    assert "no crosswalk for CPT 99213" in answer.text
    assert code_like_tokens(answer.text) == ["99213"]
