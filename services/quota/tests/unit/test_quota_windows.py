"""The metering window, pure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from quota.domain.windows import window_containing

pytestmark = pytest.mark.unit


def test_the_window_is_the_calendar_month_and_resets_at_the_next_one() -> None:
    last_minute = window_containing(datetime(2026, 11, 30, 23, 59, tzinfo=UTC))
    assert last_minute.label == "2026-11"
    assert last_minute.resets_at == datetime(2026, 12, 1, tzinfo=UTC)
    first_second = window_containing(datetime(2026, 12, 1, 0, 0, tzinfo=UTC))
    assert first_second.label == "2026-12"


def test_december_resets_in_january_of_the_next_year() -> None:
    window = window_containing(datetime(2026, 12, 31, 12, 0, tzinfo=UTC))
    assert (window.label, window.resets_at) == ("2026-12", datetime(2027, 1, 1, tzinfo=UTC))


def test_the_month_is_the_utc_one_whatever_the_clock_s_zone() -> None:
    new_york = timezone(timedelta(hours=-5))
    window = window_containing(datetime(2026, 11, 30, 20, 0, tzinfo=new_york))
    assert window.label == "2026-12"
    assert window.resets_at == datetime(2027, 1, 1, tzinfo=UTC)
