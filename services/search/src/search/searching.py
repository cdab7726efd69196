"""Answers a search from the index: by code when the query is shaped like one, else by words."""

from __future__ import annotations

from search.adapters import index
from search.adapters.index import Database
from search.domain.queries import SearchRequest
from search.domain.results import SearchPage


async def search_codes(db: Database, request: SearchRequest) -> SearchPage:
    if request.code_key is not None:
        total = await index.count_code_matches(db, request.code_key)
        # A word with a digit ("covid19") looks like a code; without code matches it is text.
        if total:
            hits = await index.find_code_matches(
                db, request.code_key, request.first, request.offset
            )
            return SearchPage(tuple(hits), request.offset, total)
    total = await index.count_text_matches(db, request.text)
    hits = await index.find_text_matches(db, request.text, request.first, request.offset)
    return SearchPage(tuple(hits), request.offset, total)
