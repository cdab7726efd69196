"""Plans and what they allow: distinct code pages viewed per monthly window, for some plans
also per second, and CasePilot questions per UTC day; for each limit, the sentence the
product shows when the plan says no."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from atlaskit.viewer import ANONYMOUS_PLAN

# A free account's 6 includes the view it had as a guest: an account registered from a guest
# keeps the guest's viewer id, so "5 more" needs no copying.
DEFAULT_PLANS: dict[str, dict[str, Any]] = {
    # A request without any credential: nothing to count views against, so none are granted.
    ANONYMOUS_PLAN: {
        "monthly_views": 0,
        "locked_message": (
            "0 code page views remaining. Continue as a guest to get 1 page view,"
            " or register free account to get 6 views a month."
        ),
        "daily_questions": 0,
        "questions_locked_message": (
            "0 questions remaining. Continue as a guest to ask CasePilot 3 questions a day,"
            " or register free account to ask 20 a day."
        ),
    },
    "guest": {
        "monthly_views": 1,
        "locked_message": (
            "0 code page views remaining. Guest accounts are limited to 1 page view."
            " Register free account to get 5 more views."
        ),
        "daily_questions": 3,
        "questions_locked_message": (
            "You have asked {daily_questions} questions today, the most a guest can ask."
            " Register free account to ask 20 a day; your questions start again at"
            " midnight UTC."
        ),
    },
    "free": {
        "monthly_views": 6,
        "locked_message": (
            "0 code page views remaining. Free accounts are limited to 6 page views a month."
            " Upgrade to Pro for unlimited views."
        ),
        "daily_questions": 20,
        "questions_locked_message": (
            "You have asked {daily_questions} questions today, the most a free account can"
            " ask. Your questions start again at midnight UTC; upgrade to Pro for unlimited"
            " questions."
        ),
    },
    "pro": {"monthly_views": None, "daily_questions": None},
    "partner": {
        "monthly_views": 10_000,
        "views_per_second": 10,
        "locked_message": (
            "0 code page views remaining. This partner key's monthly quota of {monthly_views}"
            " code page views is used up; it renews at the start of next month."
        ),
        "rate_limited_message": (
            "Partner keys are limited to {views_per_second} code page views a second;"
            " slow down and try again in a moment."
        ),
        "daily_questions": 1_000,
        "questions_locked_message": (
            "This partner key has asked its {daily_questions} CasePilot questions for today;"
            " they start again at midnight UTC."
        ),
    },
}
PLAN_FIELDS = frozenset(
    {
        "monthly_views",
        "views_per_second",
        "locked_message",
        "rate_limited_message",
        "daily_questions",
        "questions_locked_message",
    }
)


class UnknownPlan(ValueError):
    pass


class PlanConfigError(ValueError):
    """The plans' configuration (``QUOTA_PLANS``) cannot be used."""


@dataclass(frozen=True)
class Plan:
    name: str
    monthly_views: int | None  # None: unlimited
    views_per_second: int | None = None  # None: no rate limit
    locked_message: str | None = None
    rate_limited_message: str | None = None
    daily_questions: int | None = None  # CasePilot questions a UTC day; None: unlimited
    questions_locked_message: str | None = None

    def allows_another(self, used: int) -> bool:
        return self.monthly_views is None or used < self.monthly_views

    def uses_up(self, used: int) -> bool:
        """Whether a view that brings the count to ``used`` is the plan's last this month."""
        return self.monthly_views is not None and used == self.monthly_views

    def allows_another_question(self, asked: int) -> bool:
        return self.daily_questions is None or asked < self.daily_questions


@dataclass(frozen=True)
class Plans:
    by_name: Mapping[str, Plan]

    def named(self, name: str) -> Plan:
        try:
            return self.by_name[name]
        except KeyError:
            known = ", ".join(sorted(self.by_name))
            raise UnknownPlan(f"There is no plan named {name!r}; plans are {known}.") from None


def plans_from_config(config: Mapping[str, Any]) -> Plans:
    """The default plans, each overridden field by field by the plan of the same name in
    ``config``; a name the defaults lack adds a plan."""
    if not isinstance(config, Mapping):
        raise PlanConfigError("QUOTA_PLANS must be a JSON object of plans by name.")
    merged: dict[str, Any] = dict(DEFAULT_PLANS)
    for name, fields in config.items():
        if not isinstance(fields, Mapping):
            raise PlanConfigError(f"Plan {name!r} must be a JSON object.")
        merged[name] = {**DEFAULT_PLANS.get(name, {}), **fields}
    return Plans({name: _plan(name, fields) for name, fields in merged.items()})


def _plan(name: str, fields: Mapping[str, Any]) -> Plan:
    unknown = set(fields) - PLAN_FIELDS
    if unknown:
        known = ", ".join(sorted(PLAN_FIELDS))
        raise PlanConfigError(f"Plan {name!r} has unknown fields {sorted(unknown)}; use {known}.")
    monthly = _count(name, "monthly_views", fields.get("monthly_views"), minimum=0)
    per_second = _count(name, "views_per_second", fields.get("views_per_second"), minimum=1)
    daily = _count(name, "daily_questions", fields.get("daily_questions"), minimum=0)
    values = {"monthly_views": monthly, "views_per_second": per_second, "daily_questions": daily}
    locked, rate_limited, questions_locked = (
        _message(name, field, fields.get(field), values)
        for field in ("locked_message", "rate_limited_message", "questions_locked_message")
    )
    for limit, message, field, what in (
        (monthly, locked, "locked_message", "a monthly limit"),
        (per_second, rate_limited, "rate_limited_message", "a rate limit"),
        (daily, questions_locked, "questions_locked_message", "a daily question limit"),
    ):
        if limit is not None and message is None:
            raise PlanConfigError(f"Plan {name!r} has {what} but no {field}.")
    return Plan(name, monthly, per_second, locked, rate_limited, daily, questions_locked)


def _count(plan: str, field: str, value: Any, *, minimum: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise PlanConfigError(
            f"Plan {plan!r}: {field} must be a whole number of at least {minimum}, or null."
        )
    return value


def _message(plan: str, field: str, template: Any, values: Mapping[str, Any]) -> str | None:
    """A message template may name ``{monthly_views}``, ``{views_per_second}`` and
    ``{daily_questions}``."""
    if template is None:
        return None
    if not isinstance(template, str) or not template.strip():
        raise PlanConfigError(f"Plan {plan!r}: {field} must be a sentence.")
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        raise PlanConfigError(
            f"Plan {plan!r}: {field} may only name {{monthly_views}}, {{views_per_second}}"
            " and {daily_questions}."
        ) from exc


def remaining_of(limit: int | None, used: int) -> int | None:
    return None if limit is None else max(limit - used, 0)
