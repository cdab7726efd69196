"""The ANWEB layout: codes, modifiers, continuation rows, dates and format errors."""

from __future__ import annotations

from datetime import date

import pytest

from catalog.domain.codes import CodeStatus
from catalog.domain.hcpcs import LayoutError, check_header, parse_anweb

pytestmark = pytest.mark.unit

AS_OF = date(2025, 10, 1)


def _row(**values: str) -> dict[str, str]:
    row = {
        "hcpc": "K0001",
        "seqnum": "0010",
        "recid": "3",
        "long_description": "Standard wheelchair",
        "short_description": "Standard wheelchair",
        "add_dt": "19940101",
        "act_eff_dt": "19940101",
        "term_dt": "",
        "action_cd": "N",
    }
    row.update(values)
    return row


def test_a_code_row_becomes_an_active_code() -> None:
    contents = parse_anweb([(2, _row())], "anweb.csv", AS_OF)
    [code] = contents.codes
    assert (code.code, code.title, code.status) == (
        "K0001",
        "Standard wheelchair",
        CodeStatus.ACTIVE,
    )
    assert code.effective_date == date(1994, 1, 1)


def test_a_past_termination_date_terminates_the_code() -> None:
    contents = parse_anweb([(2, _row(term_dt="20241231"))], "anweb.csv", AS_OF)
    assert contents.codes[0].status is CodeStatus.TERMINATED


def test_modifier_rows_are_kept_apart() -> None:
    contents = parse_anweb(
        [(2, _row(hcpc="LT", recid="7", long_description="Left side"))], "anweb.csv", AS_OF
    )
    assert contents.codes == [] and contents.modifiers[0].code == "LT"


def test_continuation_rows_extend_the_long_description() -> None:
    rows = [
        (2, _row(long_description="Wheelchair, detachable arms,")),
        (3, _row(recid="4", seqnum="0020", long_description="swing away footrests")),
    ]
    contents = parse_anweb(rows, "anweb.csv", AS_OF)
    assert contents.codes[0].title == "Wheelchair, detachable arms, swing away footrests"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (_row(hcpc="K00011"), "not a well-formed HCPCS code"),
        (_row(act_eff_dt="1994-01-01"), "act_eff_dt '1994-01-01' is not a YYYYMMDD date"),
        (_row(term_dt="20251340"), "is not a real date"),
        (_row(recid="9"), "unknown RECID '9'"),
        (_row(long_description=""), "has no long description"),
    ],
)
def test_format_errors_name_the_file_and_line(row: dict[str, str], problem: str) -> None:
    with pytest.raises(LayoutError, match=rf"anweb\.csv, line 7: .*{problem}"):
        parse_anweb([(7, row)], "anweb.csv", AS_OF)


def test_a_file_in_another_layout_is_refused_at_its_header() -> None:
    with pytest.raises(LayoutError, match="line 1: not the HCPCS ANWEB layout: missing"):
        check_header(["code", "description"], "other.csv")
