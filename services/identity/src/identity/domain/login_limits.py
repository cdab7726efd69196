"""How many failed sign-ins are allowed, per account and per client address, in fixed
windows; the counters are kept elsewhere (Redis), the rules are here."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum

from identity.domain.digests import secret_digest


class LimitedBy(Enum):
    ACCOUNT = "account"
    ADDRESS = "address"


@dataclass(frozen=True)
class LoginLimit:
    by: LimitedBy
    failures: int
    window: timedelta

    def counter_key(self, subject: str, now: datetime) -> str:
        """One counter per subject and window; the subject is hashed, so the counters name
        no email or address."""
        window = int(now.timestamp() // self.window.total_seconds())
        return f"identity:login-failures:{self.by.value}:{window}:{secret_digest(subject)[:32]}"

    def window_ends_at(self, now: datetime) -> datetime:
        seconds = self.window.total_seconds()
        return datetime.fromtimestamp((now.timestamp() // seconds + 1) * seconds, UTC)

    @property
    def ttl_seconds(self) -> int:
        return int(self.window.total_seconds())


# Enough for a person who mistypes; far too few to guess a password of ten characters.
PER_ACCOUNT = LoginLimit(LimitedBy.ACCOUNT, 5, timedelta(minutes=15))
# An office behind one address has many people, so more, over a longer window.
PER_ADDRESS = LoginLimit(LimitedBy.ADDRESS, 30, timedelta(hours=1))
LOGIN_LIMITS = (PER_ACCOUNT, PER_ADDRESS)


class LoginThrottled(Exception):
    """Over a limit: no password is checked until its window ends."""

    def __init__(self, limit: LoginLimit, now: datetime) -> None:
        self.limit = limit
        self.now = now
        self.retry_at = limit.window_ends_at(now)
        super().__init__(str(self))

    @property
    def retry_after_seconds(self) -> int:
        return max(math.ceil((self.retry_at - self.now).total_seconds()), 1)

    def __str__(self) -> str:
        whose = "this account" if self.limit.by is LimitedBy.ACCOUNT else "your address"
        return (
            f"Too many failed sign-in attempts for {whose}; try again in"
            f" {_wait(self.retry_after_seconds)} (at {self.retry_at:%H:%M} UTC)."
        )


def _wait(seconds: int) -> str:
    if seconds < 60:
        return "1 second" if seconds == 1 else f"{seconds} seconds"
    minutes = math.ceil(seconds / 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
