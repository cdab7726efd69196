"""The meter against real Redis, the ledger against real PostgreSQL, the app over HTTP."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import httpx
import pytest

from atlaskit.db import create_pool, drop_database, prepare_database
from devstack.infra import Infrastructure
from devstack.processes import free_port
from quota.adapters import ledger
from quota.adapters.meter import MeteringUnavailable, ViewMeter
from quota.app import MIGRATIONS, create_app
from quota.domain.plans import Verdict, plan_named, window_of
from quota.metering import ViewRequest, decide_view
from quota.settings import QuotaSettings

pytestmark = pytest.mark.integration

WINDOW = "2026-11"


@pytest.fixture
async def meter(infra: Infrastructure) -> AsyncIterator[ViewMeter]:
    opened = ViewMeter.from_url(infra.redis_url)
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


def _viewer() -> str:
    return f"viewer-{uuid.uuid4()}"


async def test_a_guest_gets_one_page_and_reopening_it_is_free(meter: ViewMeter) -> None:
    guest, plan = _viewer(), plan_named("guest")
    first = await meter.decide(guest, plan, WINDOW, "HCPCS:K0001")
    again = await meter.decide(guest, plan, WINDOW, "HCPCS:K0001")
    second = await meter.decide(guest, plan, WINDOW, "HCPCS:K0002")
    assert (first.verdict, first.used) == (Verdict.GRANTED, 1)
    assert (again.verdict, again.used) == (Verdict.ALREADY_VIEWED, 1)
    assert (second.verdict, second.remaining) == (Verdict.DENIED, 0)


async def test_concurrent_views_never_grant_more_than_the_plan(
    meter: ViewMeter, quota_pool: asyncpg.Pool
) -> None:
    viewer, plan = _viewer(), plan_named("free")
    settings = QuotaSettings()
    decisions = await asyncio.gather(
        *(
            decide_view(
                meter, quota_pool, settings, ViewRequest(viewer, plan, "HCPCS", f"E{i:04d}")
            )
            for i in range(200)
        )
    )
    granted = [d for d in decisions if d.verdict is Verdict.GRANTED]
    assert len(granted) == 6
    assert sorted(d.used for d in granted) == [1, 2, 3, 4, 5, 6]
    assert await ledger.granted_count(quota_pool, viewer, _window()) == 6
    assert (
        await quota_pool.fetchval(
            "SELECT count(*) FROM outbox WHERE envelope->>'subject' = $1", viewer
        )
        == 200
    )


def _window() -> str:
    return window_of(datetime.now(UTC))


async def test_an_unreachable_redis_is_metering_unavailable() -> None:
    closed = ViewMeter.from_url(f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(MeteringUnavailable):
        await closed.decide(_viewer(), plan_named("guest"), WINDOW, "HCPCS:K0001")
    await closed.close()


async def _post_view(client: httpx.AsyncClient, **body: str) -> httpx.Response:
    return await client.post("/internal/views", json=body)


async def test_the_service_decides_over_http_and_explains_refusals(infra: Infrastructure) -> None:
    settings = QuotaSettings()
    settings.database_prefix += f"_{uuid.uuid4().hex[:6]}"
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://quota"
        ) as client,
    ):
        viewer = _viewer()
        granted = await _post_view(
            client, viewerId=viewer, plan="guest", system="HCPCS", code="k0001"
        )
        assert granted.json() == {"decision": "granted", "used": 1, "limit": 1, "remaining": 0}
        unknown = await _post_view(
            client, viewerId=viewer, plan="gold", system="HCPCS", code="K0001"
        )
        assert unknown.status_code == 400 and unknown.json()["code"] == "BAD_USER_INPUT"
        status = await client.post(
            "/graphql",
            json={
                "query": 'query($v: ID!) { quotaStatus(viewerId: $v, plan: "guest") '
                "{ used limit remaining } }",
                "variables": {"v": viewer},
            },
        )
        assert status.json()["data"]["quotaStatus"] == {"used": 1, "limit": 1, "remaining": 0}
    await drop_database(settings.dsn)


async def test_redis_down_is_a_clear_503_not_a_500(infra: Infrastructure) -> None:
    settings = QuotaSettings()
    settings.database_prefix += f"_{uuid.uuid4().hex[:6]}"
    settings.redis_url = f"redis://127.0.0.1:{free_port()}/0"
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://quota"
        ) as client,
    ):
        refused = await _post_view(
            client, viewerId=_viewer(), plan="guest", system="HCPCS", code="K0001"
        )
        assert refused.status_code == 503 and refused.json()["code"] == "METERING_UNAVAILABLE"
        graphql = await client.post(
            "/graphql", json={"query": '{ quotaStatus(viewerId: "v", plan: "guest") { used } }'}
        )
        assert graphql.json()["errors"][0]["extensions"]["code"] == "METERING_UNAVAILABLE"
        ready = await client.get("/readyz")
        assert ready.status_code == 503 and "redis" in ready.json()["checks"]
    await drop_database(settings.dsn)
