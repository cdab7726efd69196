"""Plans from configuration, pure."""

from __future__ import annotations

import re
from typing import Any

import pytest

from atlaskit.viewer import ANONYMOUS_PLAN
from devstack.clients import FREE_LOCKED, GUEST_LOCKED
from quota.domain.plans import (
    PlanConfigError,
    UnknownPlan,
    plans_from_config,
    remaining_of,
)
from quota.settings import QuotaSettings

pytestmark = pytest.mark.unit


def test_the_default_plans() -> None:
    plans = plans_from_config({})
    guest, free, pro, partner = (plans.named(n) for n in ("guest", "free", "pro", "partner"))
    assert plans.named(ANONYMOUS_PLAN).monthly_views == 0
    assert (guest.monthly_views, guest.views_per_second) == (1, None)
    assert (free.monthly_views, free.views_per_second) == (6, None)
    assert (pro.monthly_views, pro.views_per_second) == (None, None)
    assert (partner.monthly_views, partner.views_per_second) == (10_000, 10)


def test_each_limited_plan_says_why_a_section_is_locked() -> None:
    plans = plans_from_config({})
    assert plans.named(ANONYMOUS_PLAN).locked_message == (
        "0 code page views remaining. Continue as a guest to get 1 page view,"
        " or register free account to get 6 views a month."
    )
    assert plans.named("guest").locked_message == GUEST_LOCKED
    assert plans.named("free").locked_message == FREE_LOCKED
    partner = plans.named("partner")
    assert partner.locked_message is not None
    assert "monthly quota of 10000 code page views is used up" in partner.locked_message
    assert partner.rate_limited_message is not None
    assert "limited to 10 code page views a second" in partner.rate_limited_message


def test_each_plan_has_a_daily_question_allowance_and_says_when_it_is_used_up() -> None:
    plans = plans_from_config({})
    allowances = {
        name: plans.named(name).daily_questions
        for name in (ANONYMOUS_PLAN, "guest", "free", "pro", "partner")
    }
    assert allowances == {ANONYMOUS_PLAN: 0, "guest": 3, "free": 20, "pro": None, "partner": 1000}
    assert plans.named(ANONYMOUS_PLAN).questions_locked_message == (
        "0 questions remaining. Continue as a guest to ask CasePilot 3 questions a day,"
        " or register free account to ask 20 a day."
    )
    assert plans.named("guest").questions_locked_message == (
        "You have asked 3 questions today, the most a guest can ask. Register free account to"
        " ask 20 a day; your questions start again at midnight UTC."
    )
    assert plans.named("free").questions_locked_message == (
        "You have asked 20 questions today, the most a free account can ask. Your questions"
        " start again at midnight UTC; upgrade to Pro for unlimited questions."
    )
    partner = plans.named("partner").questions_locked_message
    assert partner is not None
    assert "asked its 1000 CasePilot questions for today" in partner
    assert plans.named("pro").questions_locked_message is None


def test_a_plan_allows_questions_until_its_daily_limit() -> None:
    plans = plans_from_config({})
    guest = plans.named("guest")
    assert guest.allows_another_question(2)
    assert not guest.allows_another_question(3)
    assert not plans.named(ANONYMOUS_PLAN).allows_another_question(0)
    assert plans.named("pro").allows_another_question(10**9)


def test_the_question_allowance_is_configured_like_the_views() -> None:
    plans = plans_from_config(
        {
            "free": {"daily_questions": 50},
            "partner": {"daily_questions": None},
            "team": {
                "daily_questions": 100,
                "questions_locked_message": "Teams ask {daily_questions} a day.",
            },
        }
    )
    free = plans.named("free")
    assert (free.daily_questions, free.monthly_views) == (50, 6)
    assert free.questions_locked_message is not None
    assert free.questions_locked_message.startswith("You have asked 50 questions today")
    assert plans.named("partner").daily_questions is None
    team = plans.named("team")
    assert (team.daily_questions, team.questions_locked_message) == (100, "Teams ask 100 a day.")
    assert team.monthly_views is None


def test_configuration_overrides_a_plan_field_by_field_and_can_add_plans() -> None:
    plans = plans_from_config(
        {
            "partner": {"monthly_views": 50_000, "views_per_second": 25},
            "team": {"monthly_views": 100, "locked_message": "Team plans get {monthly_views}."},
        }
    )
    partner = plans.named("partner")
    assert (partner.monthly_views, partner.views_per_second) == (50_000, 25)
    assert partner.locked_message is not None
    assert "quota of 50000 code page views" in partner.locked_message
    assert partner.rate_limited_message is not None
    assert "limited to 25 code page views a second" in partner.rate_limited_message
    assert plans.named("team").locked_message == "Team plans get 100."
    assert plans.named("guest").locked_message == GUEST_LOCKED


@pytest.mark.parametrize(
    ("config", "problem"),
    [
        ([], "JSON object of plans"),
        ({"gold": 5}, "'gold' must be a JSON object"),
        ({"gold": {"monthly_views": 5}}, "no locked_message"),
        ({"gold": {"monthly_views": -1, "locked_message": "x"}}, "at least 0"),
        ({"gold": {"monthly_views": True, "locked_message": "x"}}, "whole number"),
        ({"pro": {"views_per_second": 0}}, "at least 1"),
        ({"pro": {"views_per_second": 5}}, "no rate_limited_message"),
        ({"pro": {"views": 5}}, "unknown fields ['views']"),
        ({"guest": {"locked_message": "{limit} left"}}, "may only name"),
        ({"guest": {"locked_message": "  "}}, "must be a sentence"),
        ({"gold": {"daily_questions": 5}}, "daily question limit but no questions_locked_message"),
        ({"pro": {"daily_questions": -1}}, "daily_questions must be a whole number of at least 0"),
        ({"free": {"daily_questions": "20"}}, "whole number"),
        ({"free": {"questions_locked_message": "{questions} left"}}, "may only name"),
    ],
)
def test_an_unusable_configuration_is_refused_with_the_reason(config: Any, problem: str) -> None:
    with pytest.raises(PlanConfigError, match=re.escape(problem)):
        plans_from_config(config)


def test_an_unknown_plan_names_the_known_ones() -> None:
    with pytest.raises(UnknownPlan, match="free, guest, none, partner, pro"):
        plans_from_config({}).named("platinum")


def test_a_plan_allows_views_until_its_limit_and_knows_its_last_one() -> None:
    free = plans_from_config({}).named("free")
    assert free.allows_another(5)
    assert not free.allows_another(6)
    assert free.uses_up(6)
    assert not free.uses_up(5)
    pro = plans_from_config({}).named("pro")
    assert pro.allows_another(10**9)
    assert not pro.uses_up(10**9)


def test_remaining_never_goes_below_zero_and_is_none_without_a_limit() -> None:
    assert remaining_of(1, 1) == 0
    assert remaining_of(6, 2) == 4
    assert remaining_of(6, 7) == 0
    assert remaining_of(None, 9) is None


def test_the_setting_is_read_as_json_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(
        "QUOTA_PLANS", '{"partner": {"monthly_views": 20000}, "guest": {"daily_questions": 5}}'
    )
    plans = QuotaSettings().plans()
    assert plans.named("partner").monthly_views == 20_000
    assert plans.named("free").monthly_views == 6
    assert plans.named("guest").daily_questions == 5


def test_an_unusable_setting_fails_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTA_PLANS", '{"guest": {"monthly_views": "one"}}')
    with pytest.raises(ValueError, match="whole number"):
        QuotaSettings()
