"""Composition root of the identity service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError

from atlaskit.db import MigrationSource
from atlaskit.resources import ServiceResources
from atlaskit.rest import invalid_request_handler
from atlaskit.service import create_service_app
from identity.adapters.login_attempts import LoginAttempts
from identity.adapters.signing_keys import load_keyring
from identity.api.context import KEYRING, LOGIN_ATTEMPTS, IdentityContext
from identity.api.rest import router
from identity.api.schema import schema
from identity.settings import IdentitySettings

MIGRATIONS = MigrationSource("identity", Path(__file__).resolve().parents[2] / "migrations")


@asynccontextmanager
async def _sign_in(resources: ServiceResources) -> AsyncIterator[None]:
    """The sign-in counters in Redis, and the signing keys (made on the very first start)."""
    attempts = LoginAttempts.from_url(resources.settings.redis_url)
    try:
        resources.extras[LOGIN_ATTEMPTS] = attempts
        resources.extras[KEYRING] = await load_keyring(resources.pool)
        yield
    finally:
        await attempts.close()


async def _redis(resources: ServiceResources) -> None:
    await resources.extras[LOGIN_ATTEMPTS].ping()


async def _context(resources: ServiceResources, request: Request) -> dict[str, Any]:
    return IdentityContext.of(resources, request).as_dict()


def create_app(settings: IdentitySettings | None = None) -> FastAPI:
    configured = settings or IdentitySettings()
    app = create_service_app(
        name="identity",
        settings=configured,
        schema=schema,
        dsn=configured.dsn,
        migrations=[MIGRATIONS],
        context=_context,
        publishes=True,
        extension=_sign_in,
        readiness={"redis": _redis},
        routers=[router],
    )
    app.add_exception_handler(RequestValidationError, invalid_request_handler())
    return app
