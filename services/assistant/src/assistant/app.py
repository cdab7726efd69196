"""Composition root of the assistant service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request

from assistant.adapters.catalog_tools import CatalogTools
from assistant.api.context import AssistantContext
from assistant.api.schema import schema
from assistant.consumers import SUBSCRIPTIONS
from assistant.settings import AssistantSettings
from atlaskit.db import MigrationSource
from atlaskit.resources import ServiceResources
from atlaskit.service import create_service_app, holding

MIGRATIONS = MigrationSource("assistant", Path(__file__).resolve().parents[2] / "migrations")
TOOLS = "catalog_tools"


async def _context(resources: ServiceResources, _: Request) -> dict[str, Any]:
    return AssistantContext(pool=resources.pool, tools=resources.extras[TOOLS]).as_dict()


def create_app(settings: AssistantSettings | None = None) -> FastAPI:
    settings = settings or AssistantSettings()
    return create_service_app(
        name="assistant",
        settings=settings,
        schema=schema,
        dsn=settings.dsn,
        migrations=[MIGRATIONS],
        context=_context,
        subscriptions=SUBSCRIPTIONS,
        extension=holding(
            TOOLS, lambda: CatalogTools(settings.catalog_url, settings.catalog_timeout_seconds)
        ),
    )
