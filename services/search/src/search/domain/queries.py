"""What a searcher asked for: a code (or the start of one) or words, and which page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.domain.cursors import MalformedCursor, decode_cursor

MAX_QUERY_LENGTH = 500
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100

# Shaped like a code or the start of one: one short token with a digit ("k0001", "E11.9",
# "992"). Words with a digit ("covid19") also match; the search falls back to full text.
_CODE_LIKE = re.compile(r"^(?=.*[0-9])[A-Z0-9][A-Z0-9.]{1,7}$")


class InvalidSearch(ValueError):
    """A search a person must change; the message says how."""


@dataclass(frozen=True)
class SearchRequest:
    text: str
    # Set (upper-case, dotless) only for a query shaped like a code: codes are tried first.
    code_key: str | None
    first: int
    offset: int


def search_request(query: str, first: int | None, after: str | None) -> SearchRequest:
    text = query.strip()
    if not text:
        raise InvalidSearch("A search needs a code or at least one word.")
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidSearch(f"A search can have at most {MAX_QUERY_LENGTH} characters.")
    size = DEFAULT_PAGE_SIZE if first is None else first
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidSearch(f"first must be between 1 and {MAX_PAGE_SIZE}.")
    return SearchRequest(text, _code_key(text), size, _offset_after(after))


def _code_key(text: str) -> str | None:
    candidate = text.upper()
    return candidate.replace(".", "") if _CODE_LIKE.match(candidate) else None


def _offset_after(after: str | None) -> int:
    if after is None:
        return 0
    try:
        return decode_cursor(after) + 1
    except MalformedCursor as exc:
        raise InvalidSearch(
            "after is not a cursor from a previous search; pass an endCursor unchanged."
        ) from exc
