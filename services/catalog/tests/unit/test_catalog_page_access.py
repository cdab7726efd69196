"""What a locked code page section says, from what the quota service decided."""

from __future__ import annotations

import pytest

from atlaskit.viewer import METERING_UNAVAILABLE
from catalog.domain.access import LOCKED, RATE_LIMITED, PageAccess

GUEST_LOCKED = "0 code page views remaining. Guest accounts are limited to 1 page view."


@pytest.mark.parametrize("verdict", ["granted", "already_viewed"])
def test_a_granted_or_reopened_page_is_open(verdict: str) -> None:
    access = PageAccess.decided(verdict, None, used=1, limit=1, remaining=0)
    assert access.opened and access.refusal is None and access.reason is None
    assert (access.used, access.limit, access.remaining) == (1, 1, 0)


def test_a_denied_page_is_locked_with_the_plans_sentence() -> None:
    access = PageAccess.decided("denied", GUEST_LOCKED, used=1, limit=1, remaining=0)
    assert not access.opened
    assert (access.refusal, access.reason) == (LOCKED, GUEST_LOCKED)


def test_a_rate_limited_page_says_so() -> None:
    access = PageAccess.decided("rate_limited", "Slow down.", used=3, limit=100, remaining=97)
    assert (access.opened, access.refusal, access.reason) == (False, RATE_LIMITED, "Slow down.")


def test_an_unknown_verdict_locks_rather_than_opens() -> None:
    access = PageAccess.decided("maybe", None, used=0, limit=None, remaining=None)
    assert not access.opened and access.refusal == LOCKED and access.reason


def test_without_a_meter_or_a_viewer_nothing_opens() -> None:
    unmetered = PageAccess.unmetered()
    assert (unmetered.opened, unmetered.refusal) == (False, METERING_UNAVAILABLE)
    stranger = PageAccess.without_viewer("The request carries no viewer context.")
    assert (stranger.opened, stranger.refusal) == (False, "UNAUTHENTICATED")
    assert stranger.reason is not None
    assert stranger.reason.startswith("The request carries no viewer context. ")
    assert stranger.reason.endswith("ask through the CodeAtlas gateway.")


def test_a_codeatlas_service_reading_for_itself_opens_and_counts_nothing() -> None:
    access = PageAccess.for_service()
    assert access.opened and access.refusal is None
    assert (access.used, access.limit, access.remaining) == (None, None, None)
