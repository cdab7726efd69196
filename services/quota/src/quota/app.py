"""Composition root of the quota service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request

from atlaskit.db import MigrationSource
from atlaskit.resources import ServiceResources
from atlaskit.service import Extension, create_service_app
from atlaskit.viewer import VIEWER_HEADER
from quota.adapters.meter import ViewMeter, connect
from quota.adapters.question_meter import QuestionMeter
from quota.api.context import METERING, QUESTIONS, QuotaContext
from quota.api.question_rest import question_router
from quota.api.rest import install_error_handlers, router
from quota.api.schema import schema
from quota.metering import CodePageMetering
from quota.question_metering import QuestionMetering
from quota.settings import QuotaSettings

MIGRATIONS = MigrationSource("quota", Path(__file__).resolve().parents[2] / "migrations")
METER = "meter"


def _metering(settings: QuotaSettings) -> Extension:
    @asynccontextmanager
    async def opened(resources: ServiceResources) -> AsyncIterator[None]:
        client = connect(settings.redis_url, settings.quota_redis_timeout_seconds)
        meter, plans = ViewMeter(client), settings.plans()
        resources.extras[METER] = meter
        resources.extras[METERING] = CodePageMetering(meter, resources.pool, settings, plans)
        resources.extras[QUESTIONS] = QuestionMetering(
            QuestionMeter(client), resources.pool, settings, plans
        )
        try:
            yield
        finally:
            await meter.close()  # and with it the client both meters share

    return opened


async def _redis(resources: ServiceResources) -> None:
    await resources.extras[METER].ping()


async def _context(resources: ServiceResources, request: Request) -> dict[str, Any]:
    return QuotaContext.of(resources).as_dict(request.headers.get(VIEWER_HEADER))


def create_app(settings: QuotaSettings | None = None) -> FastAPI:
    settings = settings or QuotaSettings()
    app = create_service_app(
        name="quota",
        settings=settings,
        schema=schema,
        dsn=settings.dsn,
        migrations=[MIGRATIONS],
        context=_context,
        publishes=True,
        extension=_metering(settings),
        readiness={"redis": _redis},
        routers=[router, question_router],
    )
    install_error_handlers(app)
    return app
