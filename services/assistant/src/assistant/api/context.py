"""What every assistant resolver can reach: the read model's pool and the catalog tools."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg
from strawberry.types import Info

from assistant.adapters.catalog_tools import CatalogTools


@dataclass(frozen=True)
class AssistantContext:
    pool: asyncpg.Pool
    tools: CatalogTools

    def as_dict(self) -> dict[str, Any]:
        return {"assistant": self}


def assistant_context(info: Info) -> AssistantContext:
    context: AssistantContext = info.context["assistant"]
    return context
