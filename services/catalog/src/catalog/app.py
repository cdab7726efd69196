"""Composition root of the catalog service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request

from atlaskit.db import MigrationSource
from atlaskit.resources import ServiceResources, service_resources
from atlaskit.service import create_service_app
from catalog.api.context import CatalogContext
from catalog.api.schema import schema
from catalog.settings import CatalogSettings

MIGRATIONS = MigrationSource("catalog", Path(__file__).resolve().parents[2] / "migrations")


def create_app(settings: CatalogSettings | None = None) -> FastAPI:
    settings = settings or CatalogSettings()
    state: dict[str, ServiceResources] = {}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with service_resources(
            settings, settings.dsn, [MIGRATIONS], publishes=True
        ) as resources:
            state["resources"] = resources
            yield

    async def context(request: Request) -> dict[str, Any]:
        return CatalogContext(
            pool=state["resources"].pool,
            settings=settings,
            authorization=request.headers.get("authorization"),
        ).as_dict()

    async def database() -> None:
        await state["resources"].check_database()

    async def broker() -> None:
        await state["resources"].check_broker()

    return create_service_app(
        name="catalog",
        settings=settings,
        schema=schema,
        lifespan=lifespan,
        readiness={"database": database, "broker": broker},
        context_getter=context,
    )
