"""NCCI edits: modifier indicators in words, dates of service, pairs both ways, bad rows."""

from __future__ import annotations

from datetime import date

import pytest

from catalog.claims import InvalidClaim, claim_codes
from catalog.domain.hcpcs import LayoutError
from catalog.domain.ncci import ModifierIndicator, PtpEdit, check_pairs, parse_ptp_row

pytestmark = pytest.mark.unit

DOS = date(2024, 9, 1)


def _edit(c1: str, c2: str, indicator: int = 0, deleted: date | None = None) -> PtpEdit:
    return PtpEdit(c1, c2, deleted, ModifierIndicator(indicator), "Standards of practice")


def test_modifier_indicators_are_explained_in_words() -> None:
    assert ModifierIndicator(0).explanation == "not allowed with any modifier"
    assert ModifierIndicator(1).explanation == "allowed with an appropriate modifier"
    assert "no edit applies" in ModifierIndicator(9).explanation


def test_an_edit_is_in_effect_through_its_deletion_date() -> None:
    edit = _edit("0001A", "0591T", 1, date(2023, 12, 31))
    assert edit.active_on(date(2023, 12, 31))
    assert not edit.active_on(DOS)
    assert not _edit("A", "B", 9).active_on(DOS)


def test_pairs_are_checked_in_both_directions() -> None:
    checks = check_pairs(["95886", "95870", "99213"], [_edit("95870", "95886")], DOS)
    assert [(c.first, c.second) for c in checks] == [
        ("95886", "95870"),
        ("95886", "99213"),
        ("95870", "99213"),
    ]
    assert checks[0].active[0].column1 == "95870"
    assert checks[0].verdict.startswith("column 2 code denied; no modifier")
    assert checks[1].verdict == "no active edit"


def test_a_pair_whose_only_edit_was_deleted_has_no_active_edit() -> None:
    [check] = check_pairs(["0001A", "0591T"], [_edit("0001A", "0591T", 1, date(2023, 12, 31))], DOS)
    assert check.active == () and len(check.inactive) == 1
    assert check.verdict == "no active edit"


def test_claim_codes_are_trimmed_deduplicated_and_checked() -> None:
    assert claim_codes([" 95870", "95886", "95870"]) == ("95870", "95886")
    with pytest.raises(InvalidClaim, match="2 to 50"):
        claim_codes(["95870"])
    with pytest.raises(InvalidClaim, match=r"E11\.9"):
        claim_codes(["95870", "E11.9"])


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (["95870", "95886", "*", "7", "x"], "modifier indicator '7'"),
        (["95870", "", "*", "0", "x"], "column 1 and a column 2"),
        (["95870", "95886", "2024-01-01", "0", "x"], "not a YYYYMMDD date"),
        (["95870", "95886", "*", "0"], "expected 5 columns"),
    ],
)
def test_a_bad_ptp_row_names_file_and_line(row: list[str], problem: str) -> None:
    with pytest.raises(LayoutError, match=rf"ptp\.csv, line 12: .*{problem}"):
        parse_ptp_row(row, "ptp.csv", 12)
