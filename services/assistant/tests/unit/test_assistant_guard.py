"""The guard: a code-like token in an answer must be a catalog code, named by the question,
or quoted from a cited source; otherwise the answer becomes "I don't know"."""

from __future__ import annotations

import pytest

from assistant.domain.answers import UNGROUNDED, Answer, Citation, Outcome
from assistant.domain.guard import guarded, tokens_to_check
from atlaskit.coding import CodeSystem, code_like_tokens

pytestmark = pytest.mark.unit

CITED = (Citation(CodeSystem.CPT, "95870", "R", "ncci_ptp"),)


def test_code_like_tokens_are_found_in_every_system_but_not_dates_or_words() -> None:
    text = "CPT 99213, HCPCS K0001, E11.9, 0DTJ4ZZ and 0001T on 2024-09-01 (SURGERY, MAI 3)."
    assert code_like_tokens(text) == ["99213", "K0001", "E11.9", "0DTJ4ZZ", "0001T"]


def test_tokens_the_question_named_or_a_source_quotes_need_no_check() -> None:
    answer = Answer(
        "99213 is paired with 95870; see L33797 and note (E08).",
        CITED,
        ("t",),
        evidence=("Excludes1: diabetes due to underlying condition (E08.-)",),
    )
    assert tokens_to_check(answer, "Can 99213 be billed?") == ["95870"]


def test_an_answer_naming_a_code_the_catalog_lacks_becomes_i_dont_know() -> None:
    answer = Answer("Use 99999 instead.", CITED, ("catalog.lookup",))
    dropped = guarded(answer, ["99999"], known=set())
    assert dropped.text == UNGROUNDED and dropped.outcome is Outcome.UNKNOWN
    assert dropped.citations == () and dropped.tools_used == ("catalog.lookup",)


def test_an_answer_whose_codes_are_all_known_is_returned_as_it_is() -> None:
    answer = Answer("95870 pairs with 95886.", CITED, ("t",))
    assert guarded(answer, ["95870", "95886"], known={"95870", "95886"}) is answer
