"""Composition root of the search service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from atlaskit.db import MigrationSource
from atlaskit.resources import ServiceResources, service_resources
from atlaskit.service import create_service_app
from fastapi import FastAPI, Request

from search.api.context import SearchContext
from search.api.schema import schema
from search.consumers import SUBSCRIPTIONS
from search.settings import SearchSettings

MIGRATIONS = MigrationSource("search", Path(__file__).resolve().parents[2] / "migrations")


def create_app(settings: SearchSettings | None = None) -> FastAPI:
    settings = settings or SearchSettings()
    state: dict[str, ServiceResources] = {}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with service_resources(
            settings, settings.dsn, [MIGRATIONS], subscriptions=SUBSCRIPTIONS
        ) as resources:
            state["resources"] = resources
            yield

    async def context(_: Request) -> dict[str, Any]:
        return SearchContext(pool=state["resources"].pool).as_dict()

    async def database() -> None:
        await state["resources"].check_database()

    return create_service_app(
        name="search",
        settings=settings,
        schema=schema,
        lifespan=lifespan,
        readiness={"database": database},
        context_getter=context,
    )
