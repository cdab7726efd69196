"""Composition root of the search service."""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request

from atlaskit.db import MigrationSource
from atlaskit.events.topics import SEARCH_QUERIES
from atlaskit.kafka import create_producer
from atlaskit.resources import ServiceResources
from atlaskit.service import Extension, create_service_app
from search.adapters.query_log import QueryLog
from search.api.context import SearchContext
from search.api.schema import schema
from search.consumers import subscriptions
from search.domain.thesaurus import reviewed_thesaurus
from search.settings import SearchSettings

MIGRATIONS = MigrationSource("search", Path(__file__).resolve().parents[2] / "migrations")
QUERY_LOG = "query_log"


async def _context(resources: ServiceResources, request: Request) -> dict[str, Any]:
    query_log: QueryLog | None = resources.extras.get(QUERY_LOG)
    settings = resources.settings
    assert isinstance(settings, SearchSettings)
    reviewer = hmac.compare_digest(
        request.headers.get("authorization", ""), f"Bearer {settings.search_reviewer_token}"
    )
    return SearchContext(resources.pool, reviewed_thesaurus(), query_log, reviewer).as_dict()


def _query_events(settings: SearchSettings) -> Extension:
    @asynccontextmanager
    async def open_query_log(resources: ServiceResources) -> AsyncIterator[None]:
        if not settings.search_query_events:
            yield
            return
        producer = create_producer(settings)
        await producer.start()
        query_log = QueryLog(producer, settings.topic(SEARCH_QUERIES))
        resources.extras[QUERY_LOG] = query_log
        resources.tasks.start("query-log", query_log.run())
        try:
            yield
        finally:
            await producer.stop()

    return open_query_log


def create_app(settings: SearchSettings | None = None) -> FastAPI:
    settings = settings or SearchSettings()
    return create_service_app(
        name="search",
        settings=settings,
        schema=schema,
        dsn=settings.dsn,
        migrations=[MIGRATIONS],
        context=_context,
        subscriptions=subscriptions(settings.search_index_group),
        extension=_query_events(settings),
    )
