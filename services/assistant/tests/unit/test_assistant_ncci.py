"""NCCI questions: what they ask, and the answer composed from the catalog's findings."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.domain.answers import Citation
from assistant.domain.intents import CodeLookup, CompareCodes, NcciPair
from assistant.domain.ncci import (
    NCCI_CHECK,
    NcciFindings,
    PairFinding,
    PtpFinding,
    explain_pairs,
    explain_with_modifier,
)
from assistant.domain.questions import InvalidQuestion, read_intent
from atlaskit.coding import CodeSystem

pytestmark = pytest.mark.unit

RELEASE = "NCCI-PTP-2024-07-01"
ON = date(2024, 9, 1)


def _edit(column1: str, column2: str, indicator: int, deleted: date | None = None) -> PtpFinding:
    rule = {0: "not allowed with any modifier", 1: "allowed with a modifier"}.get(indicator, "n/a")
    return PtpFinding(column1, column2, indicator, rule, "Misuse of column two code", deleted)


@pytest.mark.parametrize(
    ("question", "codes", "on"),
    [
        ("Can 95870 and 95886 be billed together?", ("95870", "95886"), None),
        ("Is there an NCCI edit for 29880 and 29881 on 09/01/2024?", ("29880", "29881"), ON),
        ("Are 11042, 97597 bundled on 2024-09-01", ("11042", "97597"), ON),
        ("Can I bill G0438 with 99397 the same day?", ("G0438", "99397"), None),
    ],
)
def test_a_question_about_billing_codes_together_is_an_ncci_pair(
    question: str, codes: tuple[str, ...], on: date | None
) -> None:
    assert read_intent(question) == NcciPair(codes, on)


def test_two_codes_without_billing_words_are_compared_and_a_date_is_not_a_code() -> None:
    assert read_intent("What is 99213, not 99214?") == CompareCodes(
        (CodeLookup(CodeSystem.CPT, "99213"), CodeLookup(CodeSystem.CPT, "99214"))
    )
    assert read_intent("What was K0001 on 2024-10-01?") == CodeLookup(CodeSystem.HCPCS, "K0001")


def test_an_impossible_date_is_explained() -> None:
    with pytest.raises(InvalidQuestion, match="not a real date"):
        read_intent("Can 95870 and 95886 be billed together on 2024-02-30?")


def test_an_edit_with_indicator_0_says_no_modifier_allows_it_and_cites_its_release() -> None:
    pair = PairFinding(("95870", "95886"), (_edit("95870", "95886", 0),), ())
    answer = explain_pairs(NcciFindings(ON, RELEASE, (pair,)))
    assert answer.text.startswith("No. An NCCI procedure-to-procedure edit pairs 95870")
    assert "95870 (column 1) with 95886 (column 2) on 2024-09-01" in answer.text
    assert "modifier indicator is 0 (not allowed with any modifier)" in answer.text
    assert "no modifier lets both be paid" in answer.text
    assert f"release {RELEASE}" in answer.text
    assert answer.citations == (
        Citation(CodeSystem.CPT, "95870", RELEASE, "ncci_ptp"),
        Citation(CodeSystem.CPT, "95886", RELEASE, "ncci_ptp"),
    )
    assert answer.tools_used == (NCCI_CHECK,)


def test_an_edit_with_indicator_1_allows_a_documented_modifier() -> None:
    pair = PairFinding(("29880", "29881"), (_edit("29880", "29881", 1),), ())
    answer = explain_pairs(NcciFindings(ON, RELEASE, (pair,)))
    assert answer.text.startswith("Only with a modifier")
    assert "59 or XE, XS, XP or XU" in answer.text


def test_no_edit_says_so_and_names_a_deleted_one() -> None:
    deleted = _edit("11042", "97597", 1, deleted=date(2020, 1, 1))
    pair = PairFinding(("11042", "97597"), (), (deleted,))
    answer = explain_pairs(NcciFindings(ON, RELEASE, (pair,)))
    assert answer.text.startswith("Yes, as far as NCCI procedure-to-procedure edits go.")
    assert "No NCCI procedure-to-procedure edit pairs 11042 and 97597 on 2024-09-01" in answer.text
    assert "deleted on 2020-01-01" in answer.text
    # The absence of an edit is a fact of the release too: both codes cite it.
    assert [(c.code, c.release_id) for c in answer.citations] == [
        ("11042", RELEASE),
        ("97597", RELEASE),
    ]


def test_without_a_release_for_the_date_nothing_is_claimed() -> None:
    pair = PairFinding(("95870", "95886"), (), ())
    answer = explain_pairs(NcciFindings(date(1999, 1, 1), None, (pair,)))
    assert "cannot say" in answer.text and answer.citations == ()


def test_a_hcpcs_code_in_an_edit_is_cited_as_hcpcs() -> None:
    pair = PairFinding(("G0438", "99397"), (_edit("G0438", "99397", 0),), ())
    answer = explain_pairs(NcciFindings(ON, RELEASE, (pair,)))
    assert Citation(CodeSystem.HCPCS, "G0438", RELEASE, "ncci_ptp") in answer.citations


@pytest.mark.parametrize(
    ("indicator", "modifier", "opening"),
    [
        (1, "59", "Yes, with modifier 59 on 29881 (column 2), when the documentation shows"),
        (1, "XS", "Yes, with modifier XS on 29881 (column 2)"),
        (1, "GA", "No. Modifier GA is not one NCCI accepts to bypass an edit"),
        (0, "59", "No. Modifier 59 does not help: the edit pairing 29880 and 29881 has"),
        (9, "59", "The edit pairing 29880 and 29881 has modifier indicator 9"),
    ],
)
def test_a_modifier_asked_after_a_pair_is_weighed_against_the_indicator(
    indicator: int, modifier: str, opening: str
) -> None:
    pair = PairFinding(("29880", "29881"), (_edit("29880", "29881", indicator),), ())
    answer = explain_with_modifier(NcciFindings(ON, RELEASE, (pair,)), modifier)
    assert answer.text.startswith(opening)
    assert f"(release {RELEASE})" in answer.text
    assert [c.code for c in answer.citations] == ["29880", "29881"]


def test_a_modifier_for_codes_no_edit_pairs_is_not_needed() -> None:
    pair = PairFinding(("99213", "36415"), (), ())
    answer = explain_with_modifier(NcciFindings(ON, RELEASE, (pair,)), "25")
    assert answer.text.startswith("No NCCI procedure-to-procedure edit pairs these codes")
