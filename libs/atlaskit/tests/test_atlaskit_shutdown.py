"""Stopping a service never hangs on one step (a producer that cannot flush, say)."""

from __future__ import annotations

import asyncio

import pytest

from atlaskit import resources

pytestmark = pytest.mark.unit


async def test_a_step_that_never_ends_is_given_up_after_its_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(resources, "SHUTDOWN_STEP_SECONDS", 0.05)
    never = asyncio.get_running_loop().create_future()
    assert await resources.stop_within(never, "waiting forever") is False
    assert never.cancelled()


async def test_a_step_that_ends_in_time_counts_as_done() -> None:
    assert await resources.stop_within(asyncio.sleep(0), "a quick step") is True
