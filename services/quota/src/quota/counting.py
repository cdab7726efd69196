"""What the view and question metering share: a viewer's usage of one limit in its window,
a ledger out of reach told as metering unavailable, and decisions taken in Redis only once
the viewer's window is loaded there from the ledger."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import asyncpg

from quota.adapters.meter import MeteringUnavailable, WindowNotLoaded
from quota.domain.plans import remaining_of
from quota.domain.windows import MeteringWindow

LEDGER_FAILURES = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError)
# Each attempt loads the window if it is missing; only a Redis flushed again and again
# between loading and deciding could use them all up.
LOAD_ATTEMPTS = 3

Decided = TypeVar("Decided")


@dataclass(frozen=True)
class QuotaUsage:
    """What a viewer used of one of the plan's limits in the current window."""

    window: MeteringWindow
    used: int
    limit: int | None

    @property
    def remaining(self) -> int | None:
        return remaining_of(self.limit, self.used)


@contextmanager
def ledger_failures(problem: str) -> Iterator[None]:
    """``problem``: what could not be done, e.g. "the view ledger cannot be read"."""
    try:
        yield
    except LEDGER_FAILURES as exc:
        raise MeteringUnavailable(f"{problem}: {exc}") from exc


async def once_loaded(
    decide: Callable[[], Awaitable[Decided]],
    load: Callable[[], Awaitable[None]],
    viewer_id: str,
) -> Decided:
    """``decide``'s answer, loading the window from the ledger each time it is missing."""
    for _ in range(LOAD_ATTEMPTS):
        try:
            return await decide()
        except WindowNotLoaded:
            await load()
    raise MeteringUnavailable(f"the window of {viewer_id} could not be loaded into Redis")
