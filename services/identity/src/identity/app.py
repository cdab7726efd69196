"""Composition root of the identity service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request

from atlaskit.db import MigrationSource
from atlaskit.resources import ServiceResources
from atlaskit.service import create_service_app
from identity.api.context import IdentityContext
from identity.api.schema import schema
from identity.settings import IdentitySettings

MIGRATIONS = MigrationSource("identity", Path(__file__).resolve().parents[2] / "migrations")


def create_app(settings: IdentitySettings | None = None) -> FastAPI:
    configured = settings or IdentitySettings()

    async def context(resources: ServiceResources, _: Request) -> dict[str, Any]:
        return IdentityContext(resources.pool, configured).as_dict()

    return create_service_app(
        name="identity",
        settings=configured,
        schema=schema,
        dsn=configured.dsn,
        migrations=[MIGRATIONS],
        context=context,
        publishes=True,
    )
