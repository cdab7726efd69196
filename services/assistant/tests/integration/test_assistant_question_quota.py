"""CasePilot's question client against a real quota service (real Redis and PostgreSQL), and
against a quota service that is down, unreachable or too slow."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import httpx
import pytest

from assistant.adapters.question_quota import (
    QuestionMeteringUnavailable,
    QuestionQuota,
    QuestionViewerRefused,
)
from atlaskit.db import drop_database
from atlaskit.quota_client import MeteringUnavailable
from atlaskit.viewer import Viewer, ViewerKind, sign_viewer
from devstack.asgi import serving
from devstack.infra import Infrastructure
from devstack.processes import free_port
from quota.app import create_app as create_quota_app
from quota.domain.windows import day_containing
from quota.settings import QuotaSettings

pytestmark = pytest.mark.integration


@asynccontextmanager
async def _question_quota(settings: QuotaSettings) -> AsyncIterator[QuestionQuota]:
    """A quota service of the test's own database, and the client the assistant uses."""
    settings.database_prefix += f"_qq{uuid.uuid4().hex[:6]}"
    quota = create_quota_app(settings)
    client = QuestionQuota("http://quota", 5.0, transport=httpx.ASGITransport(app=quota))
    try:
        async with serving(quota):
            yield client
    finally:
        await client.aclose()
        await drop_database(settings.dsn)


def _signed(settings: QuotaSettings, plan: str, secret: str | None = None) -> str:
    viewer = Viewer(f"asker-{uuid.uuid4()}", ViewerKind.GUEST, plan)
    return sign_viewer(secret or settings.viewer_context_secret, viewer, datetime.now(UTC))


async def test_a_guest_s_questions_are_decided_and_a_retry_is_free(infra: Infrastructure) -> None:
    settings = QuotaSettings()
    async with _question_quota(settings) as quota:
        guest = _signed(settings, "guest")
        first = await quota.decide(guest, "q-1")
        assert await quota.decide(guest, "q-1") == first
        decisions = [first] + [await quota.decide(guest, f"q-{i}") for i in range(2, 5)]
    assert [(d.allowed, d.used, d.remaining) for d in decisions] == [
        (True, 1, 2),
        (True, 2, 1),
        (True, 3, 0),
        (False, 3, 0),
    ]
    assert first.resets_at == day_containing(datetime.now(UTC)).resets_at
    assert (first.limit, first.error_code, first.reason) == (3, None, None)
    denied = decisions[-1]
    assert denied.error_code == "QUESTION_LIMIT_REACHED"
    assert denied.reason is not None
    assert denied.reason.startswith("You have asked 3 questions today")


async def test_a_missing_or_forged_viewer_is_refused(infra: Infrastructure) -> None:
    settings = QuotaSettings()
    async with _question_quota(settings) as quota:
        with pytest.raises(QuestionViewerRefused, match="carries no viewer context"):
            await quota.decide(None, "q-1")
        forged = _signed(settings, "pro", secret="not-the-gateway-secret")
        with pytest.raises(QuestionViewerRefused, match="signature does not match"):
            await quota.decide(forged, "q-1")


async def test_a_quota_service_without_its_redis_is_metering_unavailable(
    infra: Infrastructure,
) -> None:
    settings = QuotaSettings(
        redis_url=f"redis://127.0.0.1:{free_port()}/0", quota_redis_timeout_seconds=0.5
    )
    async with _question_quota(settings) as quota:
        with pytest.raises(QuestionMeteringUnavailable, match="cannot be counted right now"):
            await quota.decide(_signed(settings, "guest"), "q-1")


async def test_a_quota_service_out_of_reach_is_metering_unavailable() -> None:
    quota = QuestionQuota(f"http://127.0.0.1:{free_port()}", 1.0)
    try:
        with pytest.raises(QuestionMeteringUnavailable) as refused:
            await quota.decide("v1.any.header", "q-1")
    finally:
        await quota.aclose()
    assert isinstance(refused.value, MeteringUnavailable)


async def test_a_quota_service_that_does_not_answer_in_time_is_metering_unavailable() -> None:
    released = asyncio.Event()

    async def never_answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(65536)
        await released.wait()
        writer.close()

    server = await asyncio.start_server(never_answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    quota = QuestionQuota(f"http://127.0.0.1:{port}", 0.2)
    try:
        with pytest.raises(QuestionMeteringUnavailable):
            await quota.decide("v1.any.header", "q-1")
    finally:
        await quota.aclose()
        released.set()
        server.close()
        await server.wait_closed()
