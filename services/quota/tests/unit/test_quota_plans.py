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
    views_remaining,
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
    assert views_remaining(1, 1) == 0
    assert views_remaining(6, 2) == 4
    assert views_remaining(6, 7) == 0
    assert views_remaining(None, 9) is None


def test_the_setting_is_read_as_json_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("QUOTA_PLANS", '{"partner": {"monthly_views": 20000}}')
    plans = QuotaSettings().plans()
    assert plans.named("partner").monthly_views == 20_000
    assert plans.named("free").monthly_views == 6


def test_an_unusable_setting_fails_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTA_PLANS", '{"guest": {"monthly_views": "one"}}')
    with pytest.raises(ValueError, match="whole number"):
        QuotaSettings()
