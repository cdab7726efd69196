"""The metering window, pure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from quota.domain.windows import day_containing, window_containing

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


def test_the_question_day_is_the_utc_day_and_resets_at_the_next_midnight() -> None:
    day = day_containing(datetime(2026, 11, 5, 23, 59, 59, tzinfo=UTC))
    assert (day.label, day.resets_at) == ("2026-11-05", datetime(2026, 11, 6, tzinfo=UTC))
    assert day_containing(datetime(2026, 11, 6, tzinfo=UTC)).label == "2026-11-06"


def test_the_last_day_of_a_year_resets_on_new_year_s_day() -> None:
    day = day_containing(datetime(2026, 12, 31, 12, 0, tzinfo=UTC))
    assert (day.label, day.resets_at) == ("2026-12-31", datetime(2027, 1, 1, tzinfo=UTC))
    leap = day_containing(datetime(2028, 2, 28, 12, 0, tzinfo=UTC))
    assert leap.resets_at == datetime(2028, 2, 29, tzinfo=UTC)


def test_the_day_is_the_utc_one_whatever_the_clock_s_zone() -> None:
    tokyo = timezone(timedelta(hours=9))
    day = day_containing(datetime(2026, 11, 6, 8, 0, tzinfo=tokyo))
    assert (day.label, day.resets_at) == ("2026-11-05", datetime(2026, 11, 6, tzinfo=UTC))


def test_a_window_counts_the_seconds_it_has_left_never_fewer_than_one() -> None:
    day = day_containing(datetime(2026, 11, 5, tzinfo=UTC))
    assert day.seconds_left(datetime(2026, 11, 5, 23, 0, tzinfo=UTC)) == 3600
    assert day.seconds_left(datetime(2026, 11, 6, 0, 5, tzinfo=UTC)) == 1
