"""Composition root of the quota service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError

from atlaskit.db import MigrationSource
from atlaskit.resources import ServiceResources
from atlaskit.service import create_service_app
from quota.adapters.meter import ViewMeter
from quota.api.context import METER, QuotaContext
from quota.api.rest import explain_invalid_request, router
from quota.api.schema import schema
from quota.settings import QuotaSettings

MIGRATIONS = MigrationSource("quota", Path(__file__).resolve().parents[2] / "migrations")


@asynccontextmanager
async def _meter(resources: ServiceResources) -> AsyncIterator[None]:
    meter = ViewMeter.from_url(resources.settings.redis_url)
    resources.extras[METER] = meter
    try:
        yield
    finally:
        await meter.close()


async def _redis(resources: ServiceResources) -> None:
    await resources.extras[METER].ping()


async def _context(resources: ServiceResources, _: Request) -> dict[str, Any]:
    return QuotaContext.of(resources).as_dict()


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
        extension=_meter,
        readiness={"redis": _redis},
        routers=[router],
    )
    app.add_exception_handler(RequestValidationError, explain_invalid_request)
    return app
