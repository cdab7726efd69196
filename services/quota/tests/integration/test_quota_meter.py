"""The meter against real Redis, the ledger against real PostgreSQL, the app over HTTP."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import httpx
import pytest
import redis.asyncio as aioredis

from atlaskit.coding import CodeSystem
from atlaskit.db import create_pool, drop_database, prepare_database
from devstack.asgi import serving
from devstack.infra import Infrastructure
from devstack.processes import free_port
from quota.adapters.meter import MeteringUnavailable, ViewMeter, viewed_key
from quota.app import MIGRATIONS, create_app
from quota.domain.plans import Verdict, plan_named, window_of
from quota.metering import ViewRequest, decide_view
from quota.settings import QuotaSettings

pytestmark = pytest.mark.integration

HCPCS = CodeSystem.HCPCS
STATUS = (
    "query($v: ID!, $p: String!) { quotaStatus(viewerId: $v, plan: $p) { used limit remaining } }"
)


def _viewer() -> str:
    return f"viewer-{uuid.uuid4()}"


def _window() -> str:
    return window_of(datetime.now(UTC))


def _settings() -> QuotaSettings:
    """Settings for a database of the test's own."""
    settings = QuotaSettings()
    settings.database_prefix += f"_{uuid.uuid4().hex[:6]}"
    return settings


@pytest.fixture
async def meter(infra: Infrastructure) -> AsyncIterator[ViewMeter]:
    opened = ViewMeter.from_url(infra.redis_url)
    yield opened
    await opened.close()


@pytest.fixture
async def quota_pool(infra: Infrastructure) -> AsyncIterator[asyncpg.Pool]:
    settings = _settings()
    await prepare_database(settings.dsn, [MIGRATIONS])
    pool = await create_pool(settings.dsn, max_size=20)
    yield pool
    await pool.close()
    await drop_database(settings.dsn)


async def _ledger(pool: asyncpg.Pool, viewer: str) -> set[tuple[str, str]]:
    rows = await pool.fetch(
        'SELECT system, code FROM view_ledger WHERE viewer_id = $1 AND "window" = $2',
        viewer,
        _window(),
    )
    return {(row["system"], row["code"]) for row in rows}


async def test_a_guest_gets_one_page_and_reopening_it_is_free(
    meter: ViewMeter, quota_pool: asyncpg.Pool, infra: Infrastructure
) -> None:
    guest, plan, settings = _viewer(), plan_named("guest"), QuotaSettings()

    async def view(code: str) -> tuple[Verdict, int, int | None]:
        decision = await decide_view(
            meter, quota_pool, settings, ViewRequest(guest, plan, HCPCS, code)
        )
        return decision.verdict, decision.used, decision.remaining

    assert await view("K0001") == (Verdict.GRANTED, 1, 0)
    assert await view("K0001") == (Verdict.ALREADY_VIEWED, 1, 0)
    assert await view("K0002") == (Verdict.DENIED, 1, 0)
    assert await _ledger(quota_pool, guest) == {("HCPCS", "K0001")}
    client = aioredis.Redis.from_url(infra.redis_url)
    assert await client.ttl(viewed_key(guest, _window())) > 31 * 24 * 3600
    await client.aclose()


async def test_concurrent_views_never_grant_more_than_the_plan(
    meter: ViewMeter, quota_pool: asyncpg.Pool
) -> None:
    viewer, plan, settings = _viewer(), plan_named("free"), QuotaSettings()
    requests = [ViewRequest(viewer, plan, HCPCS, f"E{i:04d}") for i in range(200)]
    decisions = await asyncio.gather(
        *(decide_view(meter, quota_pool, settings, request) for request in requests)
    )
    granted = [
        (request, decision)
        for request, decision in zip(requests, decisions, strict=True)
        if decision.verdict is Verdict.GRANTED
    ]
    assert len(granted) == 6
    assert sorted(decision.used for _, decision in granted) == [1, 2, 3, 4, 5, 6]
    assert await _ledger(quota_pool, viewer) == {("HCPCS", r.code) for r, _ in granted}
    assert await meter.used(viewer, _window()) == 6
    announced = await quota_pool.fetchval(
        "SELECT count(*) FROM outbox WHERE envelope->>'subject' = $1", viewer
    )
    assert announced == 200


async def test_a_flushed_script_cache_is_reloaded(meter: ViewMeter, infra: Infrastructure) -> None:
    viewer, plan = _viewer(), plan_named("free")
    await meter.decide(viewer, plan, _window(), "HCPCS:K0001")
    client = aioredis.Redis.from_url(infra.redis_url)
    await client.script_flush()
    await client.aclose()
    again = await meter.decide(viewer, plan, _window(), "HCPCS:K0002")
    assert (again.verdict, again.used) == (Verdict.GRANTED, 2)


async def test_a_grant_the_ledger_cannot_keep_is_taken_back(
    meter: ViewMeter, quota_pool: asyncpg.Pool
) -> None:
    viewer = _viewer()
    await quota_pool.execute("DROP TABLE view_ledger")
    request = ViewRequest(viewer, plan_named("guest"), HCPCS, "K0001")
    with pytest.raises(MeteringUnavailable, match="ledger"):
        await decide_view(meter, quota_pool, QuotaSettings(), request)
    assert await meter.used(viewer, _window()) == 0


async def test_an_unreachable_redis_is_metering_unavailable() -> None:
    closed = ViewMeter.from_url(f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(MeteringUnavailable):
        await closed.decide(_viewer(), plan_named("guest"), _window(), "HCPCS:K0001")
    await closed.close()


async def _post_view(client: httpx.AsyncClient, **body: str) -> httpx.Response:
    return await client.post("/internal/views", json=body)


async def _status(client: httpx.AsyncClient, viewer: str, plan: str) -> httpx.Response:
    return await client.post(
        "/graphql", json={"query": STATUS, "variables": {"v": viewer, "p": plan}}
    )


async def test_the_service_decides_over_rest_and_reports_over_graphql(
    infra: Infrastructure,
) -> None:
    settings = _settings()
    async with serving(create_app(settings)) as client:
        viewer = _viewer()
        view = {"viewerId": viewer, "plan": "guest", "system": "HCPCS"}
        granted = await _post_view(client, **view, code=" k0001")
        again = await _post_view(client, **view, code="K0001")
        denied = await _post_view(client, **view, code="K0002")
        assert granted.json() == {"decision": "granted", "used": 1, "limit": 1, "remaining": 0}
        assert again.json()["decision"] == "already_viewed"
        assert (denied.status_code, denied.json()["decision"]) == (200, "denied")
        guest = await _status(client, viewer, "guest")
        assert guest.json()["data"]["quotaStatus"] == {"used": 1, "limit": 1, "remaining": 0}
        pro = await _status(client, viewer, "pro")
        assert pro.json()["data"]["quotaStatus"] == {"used": 1, "limit": None, "remaining": None}
    await drop_database(settings.dsn)


BAD_VIEWS = [
    ({"plan": "gold", "system": "HCPCS", "code": "K0001"}, "no plan named 'gold'"),
    ({"plan": "guest", "system": "HCPCS", "code": "99213"}, "not a well-formed HCPCS code"),
    ({"plan": "guest", "system": "SNOMED", "code": "K0001"}, "not valid at system"),
    ({"plan": "guest", "system": "HCPCS"}, "not valid at code"),
]


async def test_bad_input_is_explained_not_failed(infra: Infrastructure) -> None:
    settings = _settings()
    async with serving(create_app(settings)) as client:
        for body, explanation in BAD_VIEWS:
            refused = await _post_view(client, viewerId=_viewer(), **body)
            assert refused.status_code == 400, body
            assert refused.json()["code"] == "BAD_USER_INPUT"
            assert explanation in refused.json()["message"]
        unknown_plan = (await _status(client, _viewer(), "gold")).json()
        assert unknown_plan["data"] is None
        assert unknown_plan["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert "plans are free, guest, pro" in unknown_plan["errors"][0]["message"]
    await drop_database(settings.dsn)


async def test_redis_down_is_a_clear_503_not_a_500(infra: Infrastructure) -> None:
    settings = _settings()
    settings.redis_url = f"redis://127.0.0.1:{free_port()}/0"
    async with serving(create_app(settings)) as client:
        refused = await _post_view(
            client, viewerId=_viewer(), plan="guest", system="HCPCS", code="K0001"
        )
        assert refused.status_code == 503
        assert refused.json()["code"] == "METERING_UNAVAILABLE"
        assert "cannot be metered" in refused.json()["message"]
        graphql = (await _status(client, _viewer(), "guest")).json()
        assert graphql["errors"][0]["extensions"]["code"] == "METERING_UNAVAILABLE"
        assert "cannot be metered" in graphql["errors"][0]["message"]
        ready = await client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"]["redis"].startswith("unavailable")
    await drop_database(settings.dsn)
