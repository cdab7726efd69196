"""Plans and what they allow: distinct code pages viewed per monthly window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum


@dataclass(frozen=True)
class Plan:
    name: str
    code_page_views: int | None  # None: unlimited


# A free account's 6 includes the view it had as a guest ("register to get 5 more views").
PLANS: dict[str, Plan] = {
    "guest": Plan("guest", 1),
    "free": Plan("free", 6),
    "pro": Plan("pro", None),
}


class UnknownPlan(ValueError):
    pass


def plan_named(name: str) -> Plan:
    try:
        return PLANS[name]
    except KeyError:
        known = ", ".join(sorted(PLANS))
        raise UnknownPlan(f"There is no plan named {name!r}; plans are {known}.") from None


def views_remaining(limit: int | None, used: int) -> int | None:
    return None if limit is None else max(limit - used, 0)


class Verdict(Enum):
    GRANTED = "granted"
    ALREADY_VIEWED = "already_viewed"
    DENIED = "denied"


@dataclass(frozen=True)
class ViewDecision:
    verdict: Verdict
    used: int
    limit: int | None

    @property
    def remaining(self) -> int | None:
        return views_remaining(self.limit, self.used)


def window_of(moment: datetime) -> str:
    """Views are counted per calendar month (UTC)."""
    return moment.strftime("%Y-%m")
