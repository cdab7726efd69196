"""Plans and decisions, pure."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from quota.domain.plans import (
    UnknownPlan,
    Verdict,
    ViewDecision,
    plan_named,
    views_remaining,
    window_of,
)

pytestmark = pytest.mark.unit


def test_a_guest_gets_one_view_a_free_account_six_in_all_and_pro_no_limit() -> None:
    assert plan_named("guest").code_page_views == 1
    assert plan_named("free").code_page_views == 6
    assert plan_named("pro").code_page_views is None


def test_an_unknown_plan_names_the_known_ones() -> None:
    with pytest.raises(UnknownPlan, match="free, guest, pro"):
        plan_named("platinum")


def test_remaining_never_goes_below_zero_and_is_none_without_a_limit() -> None:
    assert ViewDecision(Verdict.DENIED, 1, 1).remaining == 0
    assert ViewDecision(Verdict.GRANTED, 2, 6).remaining == 4
    assert ViewDecision(Verdict.GRANTED, 9, None).remaining is None
    assert views_remaining(6, 7) == 0


def test_the_window_is_the_calendar_month() -> None:
    assert window_of(datetime(2026, 11, 30, 23, 59, tzinfo=UTC)) == "2026-11"
    assert window_of(datetime(2026, 12, 1, 0, 0, tzinfo=UTC)) == "2026-12"
