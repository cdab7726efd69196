"""What every search resolver can reach: the index's pool, the synonyms, the query log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg
from strawberry.types import Info

from search.adapters.query_log import QueryLog
from search.domain.thesaurus import Thesaurus


@dataclass(frozen=True)
class SearchContext:
    pool: asyncpg.Pool
    thesaurus: Thesaurus
    query_log: QueryLog | None
    reviewer: bool = False  # the request carries the reviewer token

    def as_dict(self) -> dict[str, Any]:
        return {"search": self}


def search_context(info: Info) -> SearchContext:
    context: SearchContext = info.context["search"]
    return context
