"""Composition root of the catalog service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request

from atlaskit.db import MigrationSource
from atlaskit.resources import ServiceResources
from atlaskit.service import create_service_app
from catalog.api.context import CatalogContext
from catalog.api.schema import schema
from catalog.settings import CatalogSettings

MIGRATIONS = MigrationSource("catalog", Path(__file__).resolve().parents[2] / "migrations")


def create_app(settings: CatalogSettings | None = None) -> FastAPI:
    settings = settings or CatalogSettings()
    configured = settings

    async def context(resources: ServiceResources, request: Request) -> dict[str, Any]:
        return CatalogContext(
            pool=resources.pool,
            settings=configured,
            authorization=request.headers.get("authorization"),
        ).as_dict()

    return create_service_app(
        name="catalog",
        settings=settings,
        schema=schema,
        dsn=settings.dsn,
        migrations=[MIGRATIONS],
        context=context,
        publishes=True,
    )
