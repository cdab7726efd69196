"""Rate limits per viewer and per address, counted in a real Redis; without Redis the gateway
serves unlimited rather than not at all."""

from __future__ import annotations

import logging
import uuid

import pytest
from edge_gateway import CLAIM, code_of, edge_gateway

from atlaskit.viewer import Viewer, ViewerKind, anonymous
from devstack.infra import Infrastructure
from gateway.edge.rate_limit import RateLimiter, RateLimits

pytestmark = pytest.mark.integration

WINDOW_SECONDS = 60


def _limits(per_viewer: int = 2, per_address: int = 3) -> RateLimits:
    return RateLimits(per_viewer, per_address, WINDOW_SECONDS, f"test-{uuid.uuid4().hex}")


async def test_an_address_over_its_budget_gets_429_with_retry_after(infra: Infrastructure) -> None:
    async with edge_gateway(redis_url=infra.redis_url, GATEWAY_RATE_LIMIT_PER_ADDRESS=2) as gateway:
        served = [await gateway.post({"query": CLAIM}) for _ in range(2)]
        refused = await gateway.post({"query": CLAIM})
    assert [r.status_code for r in served] == [200, 200]
    assert refused.status_code == 429
    assert code_of(refused) == "RATE_LIMITED"
    assert 1 <= int(refused.headers["retry-after"]) <= WINDOW_SECONDS
    assert len(gateway.claims.calls) == 2, "the refused request reached no subgraph"


async def test_a_viewer_is_counted_by_its_id_and_an_anonymous_request_by_its_address(
    infra: Infrastructure,
) -> None:
    limiter = RateLimiter.from_url(infra.redis_url, _limits())
    coder = Viewer("viewer-1", ViewerKind.ACCOUNT, "pro", address="10.0.0.1")
    try:
        at_home = [await limiter.admit(coder, "10.0.0.1") for _ in range(2)]
        elsewhere = await limiter.admit(coder, "10.0.0.2")
        strangers = [await limiter.admit(anonymous("10.0.0.1"), "10.0.0.1") for _ in range(3)]
        fourth = await limiter.admit(anonymous("10.0.0.1"), "10.0.0.1")
    finally:
        await limiter.close()
    assert at_home == [None, None]
    assert elsewhere is not None, "the same viewer from another address has the same budget"
    assert strangers == [None, None, None], "the viewer's requests did not use the address's"
    assert fourth is not None
    assert 1 <= fourth.retry_after_seconds <= WINDOW_SECONDS


async def test_a_budget_of_zero_means_no_limit(infra: Infrastructure) -> None:
    limiter = RateLimiter.from_url(infra.redis_url, _limits(per_address=0))
    try:
        verdicts = [await limiter.admit(None, "10.0.0.3") for _ in range(5)]
    finally:
        await limiter.close()
    assert verdicts == [None] * 5


async def test_without_redis_requests_are_served_and_one_line_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Port 1 on the loopback: nothing listens there, the connection is refused at once.
    limiter = RateLimiter.from_url("redis://127.0.0.1:1/0", _limits(per_address=1))
    try:
        with caplog.at_level(logging.WARNING, logger="gateway.edge.rate_limit"):
            verdicts = [await limiter.admit(None, "10.0.0.4") for _ in range(3)]
    finally:
        await limiter.close()
    assert verdicts == [None, None, None]
    assert [r.getMessage().split(",")[0] for r in caplog.records] == ["rate limits are off"]
