"""The shape every service app has: FastAPI, a federation subgraph at /graphql, health,
and the resources of ``service_resources`` held for the app's life.

A subgraph whose schema has a Subscription type streams it over plain HTTP as server-sent
events (graphql-sse, distinct connections), the protocol the gateway speaks to subgraphs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Protocol

import strawberry
from fastapi import APIRouter, FastAPI, Request
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from strawberry.fastapi import GraphQLRouter
from strawberry.subscriptions import (
    GRAPHQL_SSE_PROTOCOL,
    GRAPHQL_TRANSPORT_WS_PROTOCOL,
    GRAPHQL_WS_PROTOCOL,
)

from atlaskit.db import MigrationSource
from atlaskit.health import health_router
from atlaskit.logging import configure_logging
from atlaskit.resources import ServiceResources, Subscription, service_resources
from atlaskit.settings import AtlasSettings
from atlaskit.tracing import configure_tracing

ContextFactory = Callable[[ServiceResources, Request], Awaitable[dict[str, Any]]]
ResourceCheck = Callable[[ServiceResources], Awaitable[None]]
Extension = Callable[[ServiceResources], AbstractAsyncContextManager[None]]


class Closeable(Protocol):
    async def close(self) -> None: ...


def holding(name: str, open_client: Callable[[], Closeable]) -> Extension:
    """An extension that opens one client (of another service, say) into
    ``resources.extras[name]`` for the app's life, and closes it at the end."""

    @asynccontextmanager
    async def held(resources: ServiceResources) -> AsyncIterator[None]:
        client = open_client()
        resources.extras[name] = client
        try:
            yield
        finally:
            await client.close()

    return held


def graphql_router(
    schema: strawberry.Schema, context_getter: Callable[..., Any] | None = None
) -> GraphQLRouter[Any, Any]:
    """The subgraph's router: queries and mutations answered as JSON and, when the schema
    has subscriptions, each subscription streamed to a request that accepts
    ``text/event-stream``."""
    protocols = [GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL]
    if schema.subscription is not None:
        protocols.append(GRAPHQL_SSE_PROTOCOL)
    return GraphQLRouter(schema, context_getter=context_getter, subscription_protocols=protocols)


async def _database(resources: ServiceResources) -> None:
    await resources.check_database()


async def _broker(resources: ServiceResources) -> None:
    await resources.check_broker()


async def _background(resources: ServiceResources) -> None:
    await resources.check_background()


def create_service_app(
    *,
    name: str,
    settings: AtlasSettings,
    schema: strawberry.Schema,
    dsn: str,
    migrations: list[MigrationSource],
    context: ContextFactory,
    publishes: bool = False,
    subscriptions: tuple[Subscription, ...] = (),
    extension: Extension | None = None,
    readiness: Mapping[str, ResourceCheck] | None = None,
    routers: Sequence[APIRouter] = (),
) -> FastAPI:
    """``extension`` opens what only this service needs (a Redis client, say) into
    ``resources.extras``; ``readiness`` adds checks to the database, broker and tasks;
    ``routers`` (internal REST) reach the resources as ``request.app.state.resources``."""
    configure_logging(name, settings.log_level)
    configure_tracing(name, settings)
    state: dict[str, ServiceResources] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_resources(
            settings, dsn, migrations, publishes=publishes, subscriptions=subscriptions
        ) as resources:
            state["resources"] = app.state.resources = resources
            if extension is None:
                yield
            else:
                async with extension(resources):
                    yield

    async def graphql_context(request: Request) -> dict[str, Any]:
        return await context(state["resources"], request)

    def check(probe: ResourceCheck) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await probe(state["resources"])

        return run

    checks = {
        "database": _database,
        "broker": _broker,
        "background": _background,
        **(readiness or {}),
    }
    app = FastAPI(title=f"CodeAtlas {name}", lifespan=lifespan)
    app.include_router(graphql_router(schema, graphql_context), prefix="/graphql")
    app.include_router(health_router({n: check(p) for n, p in checks.items()}))
    for router in routers:
        app.include_router(router)
    FastAPIInstrumentor.instrument_app(app, excluded_urls="healthz,readyz,metrics")
    return app
