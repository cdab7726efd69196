"""Composition root of the assistant service."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI, Request

from assistant.adapters.catalog_tools import CatalogTools
from assistant.adapters.guidance_file import PACKAGED, guidance_topics
from assistant.adapters.phrasing import ChatPhraser
from assistant.adapters.question_quota import QuestionQuota
from assistant.adapters.search_tools import SearchTools
from assistant.answering import Tools
from assistant.api.context import AssistantContext
from assistant.api.schema import schema
from assistant.casepilot import CasePilot
from assistant.consumers import SUBSCRIPTIONS
from assistant.settings import AssistantSettings
from atlaskit.db import MigrationSource
from atlaskit.resources import ServiceResources
from atlaskit.service import create_service_app, holding
from atlaskit.viewer import VIEWER_HEADER

MIGRATIONS = MigrationSource("assistant", Path(__file__).resolve().parents[2] / "migrations")
CLIENTS = "clients"


@dataclass(frozen=True)
class Clients:
    """The other services CasePilot asks, opened and closed with the app."""

    catalog: CatalogTools
    search: SearchTools
    quota: QuestionQuota
    phraser: ChatPhraser | None

    @classmethod
    def open(
        cls, settings: AssistantSettings, quota_transport: httpx.AsyncBaseTransport | None
    ) -> Clients:
        secret = settings.viewer_context_secret
        timeout = settings.catalog_timeout_seconds
        return cls(
            CatalogTools(settings.catalog_url, timeout, secret),
            SearchTools(settings.search_url, timeout, secret),
            QuestionQuota(settings.quota_url, settings.quota_timeout_seconds, quota_transport),
            _phraser(settings),
        )

    async def close(self) -> None:
        await self.catalog.close()
        await self.search.close()
        await self.quota.close()
        if self.phraser is not None:
            await self.phraser.close()


def _phraser(settings: AssistantSettings) -> ChatPhraser | None:
    if not settings.llm_url:
        return None
    return ChatPhraser(
        settings.llm_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout_seconds
    )


def create_app(
    settings: AssistantSettings | None = None,
    quota_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """``quota_transport``: how to reach the quota service (in-process in tests)."""
    settings = settings or AssistantSettings()
    configured = settings
    topics = guidance_topics(Path(settings.guidance_file) if settings.guidance_file else PACKAGED)

    async def context(resources: ServiceResources, request: Request) -> dict[str, Any]:
        clients: Clients = resources.extras[CLIENTS]
        tools = Tools(resources.pool, clients.catalog, clients.search, topics)
        return AssistantContext(
            pilot=CasePilot(resources.pool, tools, clients.phraser),
            quota=clients.quota,
            viewer_secret=configured.viewer_context_secret,
            viewer_header=request.headers.get(VIEWER_HEADER),
        ).as_dict()

    return create_service_app(
        name="assistant",
        settings=settings,
        schema=schema,
        dsn=settings.dsn,
        migrations=[MIGRATIONS],
        context=context,
        subscriptions=SUBSCRIPTIONS,
        extension=holding(CLIENTS, lambda: Clients.open(configured, quota_transport)),
    )
