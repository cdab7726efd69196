"""The quota service over HTTP, as the gateway and other services reach it: two instances
sharing Redis and PostgreSQL, on the shared Redis or on one of the test's own to flush, stop
and start again, with viewers signed as the gateway signs them (fixtures in conftest.py)."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest
import redis.asyncio as aioredis

from atlaskit.db import drop_database
from atlaskit.viewer import VIEWER_HEADER, Viewer, ViewerKind, sign_viewer
from devstack.asgi import serving
from devstack.infra import Infrastructure, start_redis
from devstack.processes import ProcessGroup, port_open, wait_until
from quota.adapters.meter import viewed_key
from quota.app import create_app
from quota.domain.windows import window_containing
from quota.settings import QuotaSettings

PARTNER_MONTHLY_VIEWS = 12


def window() -> str:
    return window_containing(datetime.now(UTC)).label


def viewer_on(plan: str, kind: ViewerKind = ViewerKind.GUEST) -> Viewer:
    return Viewer(f"viewer-{uuid.uuid4()}", kind, plan)


def forged(viewer: Viewer) -> dict[str, str]:
    return {VIEWER_HEADER: sign_viewer("not-the-gateway-secret", viewer, datetime.now(UTC))}


@dataclass(frozen=True)
class Instances:
    """Two instances of the service on one database and one Redis, as in production."""

    settings: QuotaSettings
    clients: tuple[httpx.AsyncClient, httpx.AsyncClient]
    pool: asyncpg.Pool
    redis: aioredis.Redis

    def client(self, index: int) -> httpx.AsyncClient:
        return self.clients[index % 2]

    def headers(self, viewer: Viewer) -> dict[str, str]:
        secret = self.settings.viewer_context_secret
        return {VIEWER_HEADER: sign_viewer(secret, viewer, datetime.now(UTC))}

    def expired(self, viewer: Viewer) -> dict[str, str]:
        signed_long_ago = datetime.now(UTC) - timedelta(minutes=5)
        secret = self.settings.viewer_context_secret
        return {VIEWER_HEADER: sign_viewer(secret, viewer, signed_long_ago)}

    async def batch(
        self, viewer: Viewer, codes: Sequence[str], index: int = 0, system: str = "HCPCS"
    ) -> httpx.Response:
        body = {"codes": [{"system": system, "code": code} for code in codes]}
        return await self.client(index).post(
            "/internal/views/batch", json=body, headers=self.headers(viewer)
        )

    async def verdicts(self, viewer: Viewer, codes: Sequence[str], index: int = 0) -> list[str]:
        response = await self.batch(viewer, codes, index)
        assert response.status_code == 200, response.text
        return [decision["decision"] for decision in response.json()["decisions"]]

    async def ask(self, viewer: Viewer, question_id: str, index: int = 0) -> httpx.Response:
        return await self.client(index).post(
            "/internal/questions/decide",
            json={"questionId": question_id},
            headers=self.headers(viewer),
        )

    def refusals(self, viewer: Viewer) -> dict[str, tuple[dict[str, str], str]]:
        """Viewer contexts the service must refuse, each with the problem it names."""
        return {
            "missing": ({}, "carries no viewer context"),
            "garbage": ({VIEWER_HEADER: "v1.e30.abc"}, "not in the gateway's format"),
            "forged": (forged(viewer), "signature does not match"),
            "expired": (self.expired(viewer), "has expired"),
        }

    async def announced(self, viewer: Viewer) -> Counter[str]:
        """The types of the events in the outbox about ``viewer``, counted."""
        rows = await self.pool.fetch(
            "SELECT envelope->>'type' AS type FROM outbox WHERE envelope->>'subject' = $1",
            viewer.viewer_id,
        )
        return Counter(row["type"] for row in rows)

    async def graphql(self, query: str, headers: dict[str, str]) -> dict[str, Any]:
        response = await self.clients[0].post("/graphql", json={"query": query}, headers=headers)
        body: dict[str, Any] = response.json()
        return body

    async def ledger_count(self, viewer: Viewer) -> int:
        count: int = await self.pool.fetchval(
            'SELECT count(*) FROM view_ledger WHERE viewer_id = $1 AND "window" = $2',
            viewer.viewer_id,
            window(),
        )
        return count

    async def metered(self, viewer: Viewer) -> set[str]:
        members = await self.redis.smembers(viewed_key(viewer.viewer_id, window()))
        return {str(member) for member in members}


@dataclass
class RedisServer:
    """A Redis of the test's own, to flush, stop and start again on the same port."""

    group: ProcessGroup
    url: str

    def stop(self) -> None:
        self.group.started[-1].stop()

    def start_again(self) -> None:
        argv = cast(list[str], self.group.started[-1].process.args)
        self.group.start("redis", argv)
        port = urlsplit(self.url).port
        assert port is not None
        wait_until(lambda: port_open("127.0.0.1", port), 15, "Redis started again")


@asynccontextmanager
async def quota_instances(redis_url: str) -> AsyncIterator[Instances]:
    """Settings for a database of the test's own; partners get a small monthly quota. The
    Redis timeout is long: hundreds of requests in one event loop must not starve a reply."""
    settings = QuotaSettings(
        redis_url=redis_url,
        quota_redis_timeout_seconds=5.0,
        quota_plans={"partner": {"monthly_views": PARTNER_MONTHLY_VIEWS}},
    )
    settings.database_prefix += f"_{uuid.uuid4().hex[:6]}"
    async with AsyncExitStack() as stack:
        first = await stack.enter_async_context(serving(create_app(settings)))
        second = await stack.enter_async_context(serving(create_app(settings)))
        pool = await asyncpg.create_pool(settings.dsn, min_size=1, max_size=4)
        stack.push_async_callback(pool.close)
        redis = aioredis.Redis.from_url(redis_url, decode_responses=True)
        stack.push_async_callback(redis.aclose)
        yield Instances(settings, (first, second), pool, redis)
    await drop_database(settings.dsn)


@pytest.fixture(scope="module")
async def shared(infra: Infrastructure) -> AsyncIterator[Instances]:
    async with quota_instances(infra.redis_url) as instances:
        yield instances


@pytest.fixture
def redis_server(infra: Infrastructure, tmp_path: Path) -> Iterator[RedisServer]:
    group = ProcessGroup(tmp_path / "logs")
    try:
        yield RedisServer(group, start_redis(group, tmp_path))
    finally:
        group.stop_all()


@pytest.fixture
async def private(redis_server: RedisServer) -> AsyncIterator[Instances]:
    async with quota_instances(redis_server.url) as instances:
        yield instances
