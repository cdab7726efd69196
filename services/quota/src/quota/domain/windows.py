"""The metering windows: code page views are counted per calendar month, CasePilot
questions per day, both in UTC."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True)
class MeteringWindow:
    label: str  # "2026-11" or "2026-11-05": how the ledger and Redis keys name the window
    resets_at: datetime  # when the count starts again: the next month or the next day

    def seconds_left(self, moment: datetime) -> int:
        """Seconds from ``moment`` until the window ends, rounded up, at least 1."""
        return max(math.ceil((self.resets_at - moment).total_seconds()), 1)


def window_containing(moment: datetime) -> MeteringWindow:
    utc = moment.astimezone(UTC)
    next_year, next_month = (utc.year + 1, 1) if utc.month == 12 else (utc.year, utc.month + 1)
    return MeteringWindow(
        label=f"{utc.year:04d}-{utc.month:02d}",
        resets_at=datetime(next_year, next_month, 1, tzinfo=UTC),
    )


def day_containing(moment: datetime) -> MeteringWindow:
    utc = moment.astimezone(UTC)
    midnight = datetime(utc.year, utc.month, utc.day, tzinfo=UTC)
    return MeteringWindow(label=midnight.date().isoformat(), resets_at=midnight + timedelta(days=1))
