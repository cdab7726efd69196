"""Composition root of the search service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request

from atlaskit.db import MigrationSource
from atlaskit.resources import ServiceResources
from atlaskit.service import create_service_app
from search.api.context import SearchContext
from search.api.schema import schema
from search.consumers import SUBSCRIPTIONS
from search.settings import SearchSettings

MIGRATIONS = MigrationSource("search", Path(__file__).resolve().parents[2] / "migrations")


async def _context(resources: ServiceResources, _: Request) -> dict[str, Any]:
    return SearchContext(pool=resources.pool).as_dict()


def create_app(settings: SearchSettings | None = None) -> FastAPI:
    settings = settings or SearchSettings()
    return create_service_app(
        name="search",
        settings=settings,
        schema=schema,
        dsn=settings.dsn,
        migrations=[MIGRATIONS],
        context=_context,
        subscriptions=SUBSCRIPTIONS,
    )
