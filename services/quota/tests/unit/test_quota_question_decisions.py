"""Deciding a CasePilot question from the ledger's count, pure."""

from __future__ import annotations

import pytest

from atlaskit.viewer import ANONYMOUS_PLAN
from quota.domain.plans import plans_from_config
from quota.domain.questions import QuestionVerdict, arbitrate_question, unmetered_question

pytestmark = pytest.mark.unit

PLANS = plans_from_config({})
GUEST = PLANS.named("guest")
GRANTED, ALREADY_ASKED, DENIED = (
    QuestionVerdict.GRANTED,
    QuestionVerdict.ALREADY_ASKED,
    QuestionVerdict.DENIED,
)


def test_a_new_question_is_counted_while_the_day_allows() -> None:
    arbitration = arbitrate_question(GUEST, "q-3", GRANTED, in_ledger=False, asked_before=2)
    decision = arbitration.decision
    assert (decision.verdict, decision.used, decision.limit, decision.remaining) == (
        GRANTED,
        3,
        3,
        0,
    )
    assert (decision.allowed, decision.reason) == (True, None)
    assert arbitration.records
    assert not (arbitration.take_back or arbitration.restore)


def test_a_question_past_the_limit_is_refused_with_the_plan_s_sentence() -> None:
    arbitration = arbitrate_question(GUEST, "q-4", DENIED, in_ledger=False, asked_before=3)
    decision = arbitration.decision
    assert (decision.verdict, decision.used, decision.remaining) == (DENIED, 3, 0)
    assert not decision.allowed
    assert decision.reason == GUEST.questions_locked_message
    assert not arbitration.records


def test_a_question_asked_before_today_is_free_even_at_the_limit() -> None:
    arbitration = arbitrate_question(GUEST, "q-1", ALREADY_ASKED, in_ledger=True, asked_before=3)
    decision = arbitration.decision
    assert (decision.verdict, decision.used, decision.allowed) == (ALREADY_ASKED, 3, True)
    assert not arbitration.records


def test_the_ledger_overrules_a_meter_that_counted_a_question_it_should_not_have() -> None:
    arbitration = arbitrate_question(GUEST, "q-5", GRANTED, in_ledger=False, asked_before=3)
    assert arbitration.decision.verdict is DENIED
    assert (arbitration.take_back, arbitration.restore) == (True, False)


def test_the_ledger_overrules_a_meter_that_lost_questions() -> None:
    held = arbitrate_question(GUEST, "q-1", DENIED, in_ledger=True, asked_before=3)
    assert held.decision.verdict is ALREADY_ASKED
    assert (held.take_back, held.restore) == (False, True)
    fresh = arbitrate_question(GUEST, "q-2", DENIED, in_ledger=False, asked_before=1)
    assert (fresh.decision.verdict, fresh.records, fresh.restore) == (GRANTED, True, True)


def test_a_retried_question_the_ledger_never_recorded_is_recorded_now() -> None:
    # The meter counted it, but the reply (and the ledger write) were lost.
    arbitration = arbitrate_question(GUEST, "q-2", ALREADY_ASKED, in_ledger=False, asked_before=1)
    assert (arbitration.decision.verdict, arbitration.decision.used) == (GRANTED, 2)
    assert arbitration.records
    assert not (arbitration.take_back or arbitration.restore)


def test_unlimited_plans_count_without_a_remainder() -> None:
    pro = PLANS.named("pro")
    decision = arbitrate_question(pro, "q", GRANTED, in_ledger=False, asked_before=10**6).decision
    assert (decision.allowed, decision.used, decision.limit, decision.remaining) == (
        True,
        10**6 + 1,
        None,
        None,
    )


def test_an_anonymous_visitor_asks_nothing_and_is_told_how_to_ask() -> None:
    anonymous = PLANS.named(ANONYMOUS_PLAN)
    decision = unmetered_question(anonymous, "q")
    assert (decision.allowed, decision.used, decision.limit, decision.remaining) == (
        False,
        0,
        0,
        0,
    )
    assert decision.reason is not None
    assert "Continue as a guest" in decision.reason
