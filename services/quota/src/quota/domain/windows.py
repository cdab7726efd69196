"""The metering window: views are counted per calendar month (UTC)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class MeteringWindow:
    label: str  # "2026-11": how the ledger and Redis keys name the month
    resets_at: datetime  # the start of the next month, when the count starts again


def window_containing(moment: datetime) -> MeteringWindow:
    utc = moment.astimezone(UTC)
    next_year, next_month = (utc.year + 1, 1) if utc.month == 12 else (utc.year, utc.month + 1)
    return MeteringWindow(
        label=f"{utc.year:04d}-{utc.month:02d}",
        resets_at=datetime(next_year, next_month, 1, tzinfo=UTC),
    )
