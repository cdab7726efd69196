"""Composition root of the catalog service."""

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
from catalog.adapters.view_quota import ViewQuota
from catalog.api.context import CatalogContext
from catalog.api.schema import schema
from catalog.settings import CatalogSettings

MIGRATIONS = MigrationSource("catalog", Path(__file__).resolve().parents[2] / "migrations")
QUOTA = "quota"


def _view_quota(settings: CatalogSettings) -> Extension:
    @asynccontextmanager
    async def opened(resources: ServiceResources) -> AsyncIterator[None]:
        quota = ViewQuota(settings.quota_url, settings.quota_timeout_seconds)
        resources.extras[QUOTA] = quota
        try:
            yield
        finally:
            await quota.close()

    return opened


def create_app(settings: CatalogSettings | None = None) -> FastAPI:
    settings = settings or CatalogSettings()
    configured = settings

    async def context(resources: ServiceResources, request: Request) -> dict[str, Any]:
        return CatalogContext(
            pool=resources.pool,
            settings=configured,
            authorization=request.headers.get("authorization"),
            quota=resources.extras[QUOTA],
            viewer_header=request.headers.get(VIEWER_HEADER),
        ).as_dict()

    return create_service_app(
        name="catalog",
        settings=settings,
        schema=schema,
        dsn=settings.dsn,
        migrations=[MIGRATIONS],
        context=context,
        publishes=True,
        extension=_view_quota(settings),
    )
