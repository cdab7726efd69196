"""The shape every service app has: FastAPI + a federation subgraph at /graphql + health."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from typing import Any

import strawberry
from fastapi import FastAPI, Request
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from strawberry.fastapi import GraphQLRouter

from atlaskit.health import ReadinessCheck, health_router
from atlaskit.logging import configure_logging
from atlaskit.settings import AtlasSettings
from atlaskit.tracing import configure_tracing

ContextGetter = Callable[[Request], Awaitable[dict[str, Any]]]
Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def create_service_app(
    *,
    name: str,
    settings: AtlasSettings,
    schema: strawberry.Schema,
    lifespan: Callable[[FastAPI], AsyncIterator[None]] | Lifespan,
    readiness: Mapping[str, ReadinessCheck],
    context_getter: ContextGetter,
) -> FastAPI:
    configure_logging(name, settings.log_level)
    configure_tracing(name, settings)
    app = FastAPI(title=f"CodeAtlas {name}", lifespan=lifespan)  # type: ignore[arg-type]
    app.include_router(GraphQLRouter(schema, context_getter=context_getter), prefix="/graphql")
    app.include_router(health_router(readiness))
    FastAPIInstrumentor.instrument_app(app, excluded_urls="healthz,readyz,metrics")
    return app
