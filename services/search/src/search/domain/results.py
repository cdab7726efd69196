"""One page of search results, and where each result sits in the whole list."""

from __future__ import annotations

from dataclasses import dataclass

from atlaskit.coding import CodeSystem
from search.domain.cursors import encode_cursor


@dataclass(frozen=True)
class SearchHit:
    system: CodeSystem
    code: str
    snippet: str | None


@dataclass(frozen=True)
class SearchPage:
    hits: tuple[SearchHit, ...]
    offset: int
    total: int

    def cursor_of(self, index: int) -> str:
        return encode_cursor(self.offset + index)

    @property
    def end_cursor(self) -> str | None:
        return self.cursor_of(len(self.hits) - 1) if self.hits else None

    @property
    def has_next_page(self) -> bool:
        return self.offset + len(self.hits) < self.total
