"""The meter against real Redis, the ledger against real PostgreSQL: the metering service."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import pytest
import redis.asyncio as aioredis

from atlaskit.coding import CodeSystem
from atlaskit.db import create_pool, drop_database, prepare_database
from atlaskit.viewer import Viewer, ViewerKind
from devstack.infra import Infrastructure
from devstack.processes import free_port
from quota.adapters.meter import (
    MARKER,
    MeteringUnavailable,
    ViewMeter,
    WindowNotLoaded,
    viewed_key,
)
from quota.app import MIGRATIONS
from quota.domain.views import CodePage, Verdict
from quota.domain.windows import window_containing
from quota.metering import CodePageMetering
from quota.settings import QuotaSettings

pytestmark = pytest.mark.integration

TIMEOUT = 5.0  # long: concurrent batches in one event loop must not starve a reply


def _window() -> str:
    return window_containing(datetime.now(UTC)).label


def _viewer(plan: str, kind: ViewerKind = ViewerKind.GUEST) -> Viewer:
    return Viewer(f"viewer-{uuid.uuid4()}", kind, plan)


def _pages(*codes: str) -> list[CodePage]:
    return [CodePage(CodeSystem.HCPCS, code) for code in codes]


@pytest.fixture
async def redis_client(infra: Infrastructure) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(infra.redis_url, decode_responses=True)
    yield client
    await client.aclose()


@pytest.fixture
async def meter(infra: Infrastructure) -> AsyncIterator[ViewMeter]:
    opened = ViewMeter.from_url(infra.redis_url, TIMEOUT)
    yield opened
    await opened.close()


@pytest.fixture
async def quota_pool(infra: Infrastructure) -> AsyncIterator[asyncpg.Pool]:
    settings = QuotaSettings()
    settings.database_prefix += f"_{uuid.uuid4().hex[:6]}"
    await prepare_database(settings.dsn, [MIGRATIONS])
    pool = await create_pool(settings.dsn, max_size=20)
    yield pool
    await pool.close()
    await drop_database(settings.dsn)


@pytest.fixture
def metering(meter: ViewMeter, quota_pool: asyncpg.Pool) -> CodePageMetering:
    settings = QuotaSettings()
    return CodePageMetering(meter, quota_pool, settings, settings.plans())


async def _ledger(pool: asyncpg.Pool, viewer: Viewer) -> set[str]:
    rows = await pool.fetch(
        'SELECT system, code FROM view_ledger WHERE viewer_id = $1 AND "window" = $2',
        viewer.viewer_id,
        _window(),
    )
    return {f"{row['system']}:{row['code']}" for row in rows}


async def _in_redis(client: aioredis.Redis, viewer: Viewer) -> set[str]:
    members = await client.smembers(viewed_key(viewer.viewer_id, _window()))
    return {str(member) for member in members}


async def _verdicts(metering: CodePageMetering, viewer: Viewer, *codes: str) -> list[Verdict]:
    decided = await metering.decide(viewer, _pages(*codes))
    return [decision.verdict for decision in decided.decisions]


async def test_a_window_is_decided_only_once_loaded(
    meter: ViewMeter, redis_client: aioredis.Redis
) -> None:
    viewer, plan = _viewer("guest"), QuotaSettings().plans().named("guest")
    with pytest.raises(WindowNotLoaded):
        await meter.decide(viewer.viewer_id, plan, _window(), ["HCPCS:K0001"])
    assert await _in_redis(redis_client, viewer) == set()
    assert await meter.load(viewer.viewer_id, _window(), ["HCPCS:K0001"])
    assert not await meter.load(viewer.viewer_id, _window(), ["HCPCS:K0002", "HCPCS:K0003"])
    assert await _in_redis(redis_client, viewer) == {MARKER, "HCPCS:K0001"}
    decided = await meter.decide(viewer.viewer_id, plan, _window(), ["HCPCS:K0001", "HCPCS:K2"])
    assert decided == [Verdict.ALREADY_VIEWED, Verdict.DENIED]
    assert await redis_client.ttl(viewed_key(viewer.viewer_id, _window())) > 31 * 24 * 3600


async def test_a_large_window_loads_in_one_script_call(
    meter: ViewMeter, redis_client: aioredis.Redis
) -> None:
    viewer = _viewer("partner", ViewerKind.PARTNER)
    keys = [f"HCPCS:K{i:04d}" for i in range(9_000)]
    assert await meter.load(viewer.viewer_id, _window(), keys)
    assert await redis_client.scard(viewed_key(viewer.viewer_id, _window())) == 9_001


async def test_grants_are_recorded_and_a_lost_window_is_loaded_back_from_the_ledger(
    metering: CodePageMetering, quota_pool: asyncpg.Pool, redis_client: aioredis.Redis
) -> None:
    viewer = _viewer("free", ViewerKind.ACCOUNT)
    assert await _verdicts(metering, viewer, "K0001", "K0002") == [Verdict.GRANTED] * 2
    assert await _ledger(quota_pool, viewer) == {"HCPCS:K0001", "HCPCS:K0002"}
    await redis_client.delete(viewed_key(viewer.viewer_id, _window()))
    again = await metering.decide(viewer, _pages("K0002", "K0003"))
    assert [(d.verdict, d.used) for d in again.decisions] == [
        (Verdict.ALREADY_VIEWED, 2),
        (Verdict.GRANTED, 3),
    ]
    assert await _in_redis(redis_client, viewer) == {MARKER, *(f"HCPCS:K000{i}" for i in (1, 2, 3))}


async def test_the_ledger_takes_back_what_a_forgetful_redis_grants(
    metering: CodePageMetering, quota_pool: asyncpg.Pool, redis_client: aioredis.Redis
) -> None:
    """Redis keeps its marker but lost a view (say, loaded while a grant was in flight)."""
    guest = _viewer("guest")
    assert await _verdicts(metering, guest, "K0001") == [Verdict.GRANTED]
    await redis_client.srem(viewed_key(guest.viewer_id, _window()), "HCPCS:K0001")
    decided = await metering.decide(guest, _pages("K0002", "K0001"))
    assert [(d.verdict, d.used) for d in decided.decisions] == [
        (Verdict.DENIED, 1),
        (Verdict.ALREADY_VIEWED, 1),
    ]
    assert decided.decisions[0].reason == metering.plan_of(guest).locked_message
    assert await _ledger(quota_pool, guest) == {"HCPCS:K0001"}
    assert await _in_redis(redis_client, guest) == {MARKER, "HCPCS:K0001"}


async def test_the_ledger_grants_what_a_redis_holding_phantom_views_denies(
    metering: CodePageMetering, quota_pool: asyncpg.Pool, redis_client: aioredis.Redis
) -> None:
    """Redis holds views the ledger never recorded (a reply lost after the script ran)."""
    guest = _viewer("guest")
    await metering.decide(guest, _pages("K0001"))
    key = viewed_key(guest.viewer_id, _window())
    await redis_client.srem(key, "HCPCS:K0001")
    await redis_client.sadd(key, "HCPCS:K0009")
    await quota_pool.execute("DELETE FROM view_ledger WHERE viewer_id = $1", guest.viewer_id)
    decided = await metering.decide(guest, _pages("K0002", "K0003"))
    assert [(d.verdict, d.used) for d in decided.decisions] == [
        (Verdict.GRANTED, 1),
        (Verdict.DENIED, 1),
    ]
    assert await _ledger(quota_pool, guest) == {"HCPCS:K0002"}
    assert await _in_redis(redis_client, guest) == {MARKER, "HCPCS:K0009", "HCPCS:K0002"}


async def test_concurrent_batches_never_grant_more_than_the_plan(
    metering: CodePageMetering, quota_pool: asyncpg.Pool
) -> None:
    viewer = _viewer("free", ViewerKind.ACCOUNT)
    batches = [_pages(*(f"E{i:03d}{j}" for j in range(5))) for i in range(40)]
    decided = await asyncio.gather(*(metering.decide(viewer, pages) for pages in batches))
    granted = [d for batch in decided for d in batch.decisions if d.verdict is Verdict.GRANTED]
    assert len(granted) == 6
    assert sorted(d.used for d in granted) == [1, 2, 3, 4, 5, 6]
    assert await _ledger(quota_pool, viewer) == {d.page.key for d in granted}
    announced = await quota_pool.fetchval(
        "SELECT count(*) FROM outbox WHERE envelope->>'subject' = $1"
        " AND envelope->>'type' = 'quota.view.decided'",
        viewer.viewer_id,
    )
    assert announced == 200
    exhausted = await quota_pool.fetchval(
        "SELECT count(*) FROM outbox WHERE envelope->>'subject' = $1"
        " AND envelope->>'type' = 'quota.views.exhausted'",
        viewer.viewer_id,
    )
    assert exhausted == 1


async def test_a_flushed_script_cache_is_reloaded(
    metering: CodePageMetering, redis_client: aioredis.Redis
) -> None:
    viewer = _viewer("free", ViewerKind.ACCOUNT)
    assert await _verdicts(metering, viewer, "K0001") == [Verdict.GRANTED]
    await redis_client.script_flush()
    assert await _verdicts(metering, viewer, "K0002") == [Verdict.GRANTED]


async def test_a_grant_the_ledger_cannot_keep_is_taken_back(
    metering: CodePageMetering, quota_pool: asyncpg.Pool, redis_client: aioredis.Redis
) -> None:
    viewer = _viewer("free", ViewerKind.ACCOUNT)
    await metering.decide(viewer, _pages("K0001"))
    await quota_pool.execute("DROP TABLE view_ledger")
    with pytest.raises(MeteringUnavailable, match="ledger"):
        await metering.decide(viewer, _pages("K0002"))
    assert await _in_redis(redis_client, viewer) == {MARKER, "HCPCS:K0001"}


async def test_an_unreachable_redis_is_metering_unavailable() -> None:
    closed = ViewMeter.from_url(f"redis://127.0.0.1:{free_port()}/0", TIMEOUT)
    plan = QuotaSettings().plans().named("guest")
    with pytest.raises(MeteringUnavailable):
        await closed.decide("viewer", plan, _window(), ["HCPCS:K0001"])
    await closed.close()
