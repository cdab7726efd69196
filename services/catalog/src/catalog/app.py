"""Composition root of the catalog service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI, Request

from atlaskit.db import MigrationSource
from atlaskit.resources import ServiceResources
from atlaskit.service import create_service_app, holding
from atlaskit.viewer import VIEWER_HEADER
from catalog.adapters.view_quota import ViewQuota
from catalog.api.context import CatalogContext
from catalog.api.schema import schema
from catalog.settings import CatalogSettings

MIGRATIONS = MigrationSource("catalog", Path(__file__).resolve().parents[2] / "migrations")
QUOTA = "quota"


def create_app(
    settings: CatalogSettings | None = None,
    quota_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """``quota_transport``: how to reach the quota service (in-process in tests); by default
    over the network at ``settings.quota_url``."""
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
        extension=holding(
            QUOTA,
            lambda: ViewQuota(settings.quota_url, settings.quota_timeout_seconds, quota_transport),
        ),
    )
