"""What every search resolver can reach: the index's connection pool."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg
from strawberry.types import Info


@dataclass(frozen=True)
class SearchContext:
    pool: asyncpg.Pool

    def as_dict(self) -> dict[str, Any]:
        return {"search": self}


def search_context(info: Info) -> SearchContext:
    context: SearchContext = info.context["search"]
    return context
