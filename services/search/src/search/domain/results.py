"""One page of search results, and where each result sits in the whole list."""

from __future__ import annotations

from dataclasses import dataclass

from atlaskit.coding import CodeSystem
from search.domain.cursors import encode_cursor

MARK, END_MARK = "<mark>", "</mark>"


@dataclass(frozen=True)
class SearchHit:
    system: CodeSystem
    code: str
    title: str
    snippet: str | None  # the title (or inclusion terms) with the matched words marked


@dataclass(frozen=True)
class SearchPage:
    hits: tuple[SearchHit, ...]
    offset: int
    total: int
    # Set when misspelled words were corrected: the words actually searched.
    corrected_query: str | None = None

    def cursor_of(self, index: int) -> str:
        return encode_cursor(self.offset + index)

    @property
    def end_cursor(self) -> str | None:
        return self.cursor_of(len(self.hits) - 1) if self.hits else None

    @property
    def has_next_page(self) -> bool:
        return self.offset + len(self.hits) < self.total


def marked_code(code: str, key: str) -> str:
    """The code with the part a code query matched marked: ("E11.9", "E11") -> <mark>E11</mark>.9.

    ``key`` is the dotless, upper-case start of the code; codes that do not start with it
    (ranges, wildcards) are returned unmarked.
    """
    if not key or not code.replace(".", "").startswith(key):
        return code
    end, seen = 0, 0
    while seen < len(key):
        if code[end] != ".":
            seen += 1
        end += 1
    return f"{MARK}{code[:end]}{END_MARK}{code[end:]}"
