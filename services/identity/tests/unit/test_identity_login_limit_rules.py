"""Failed sign-in limits: fixed windows, counters that name no one, a time to come back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from identity.domain.login_limits import PER_ACCOUNT, PER_ADDRESS, LoginThrottled

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 29, 12, 3, 20, tzinfo=UTC)


def test_the_limits_are_five_per_account_a_quarter_and_thirty_per_address_an_hour() -> None:
    assert (PER_ACCOUNT.failures, PER_ACCOUNT.window) == (5, timedelta(minutes=15))
    assert (PER_ADDRESS.failures, PER_ADDRESS.window) == (30, timedelta(hours=1))


def test_a_counter_is_per_subject_and_window_and_names_no_one() -> None:
    key = PER_ACCOUNT.counter_key("coder@example.com", NOW)
    assert key.startswith("identity:login-failures:account:")
    assert "coder" not in key
    assert PER_ACCOUNT.counter_key("coder@example.com", NOW + timedelta(minutes=11)) == key
    assert PER_ACCOUNT.counter_key("coder@example.com", NOW + timedelta(minutes=12)) != key
    assert PER_ACCOUNT.counter_key("other@example.com", NOW) != key
    assert PER_ADDRESS.counter_key("coder@example.com", NOW) != key


def test_a_window_ends_on_its_boundary() -> None:
    assert PER_ACCOUNT.window_ends_at(NOW) == datetime(2026, 11, 29, 12, 15, tzinfo=UTC)
    assert PER_ADDRESS.window_ends_at(NOW) == datetime(2026, 11, 29, 13, 0, tzinfo=UTC)
    assert PER_ACCOUNT.ttl_seconds == 900


def test_the_refusal_says_when_to_try_again() -> None:
    throttled = LoginThrottled(PER_ACCOUNT, NOW)
    assert throttled.retry_after_seconds == 11 * 60 + 40
    assert str(throttled) == (
        "Too many failed sign-in attempts for this account; try again in 12 minutes (at 12:15 UTC)."
    )
    by_address = LoginThrottled(PER_ADDRESS, datetime(2026, 11, 29, 12, 59, 59, tzinfo=UTC))
    assert str(by_address) == (
        "Too many failed sign-in attempts for your address; try again in 1 second (at 13:00 UTC)."
    )
