"""Answers a search from the index: by code when the query is shaped like one, else by words,
with synonyms, corrected misspellings, and all words relaxed to any word when nothing matches."""

from __future__ import annotations

from dataclasses import replace

from search.adapters import index
from search.adapters.index import Database
from search.domain.queries import CodeMatch, SearchRequest
from search.domain.ranking import ranking_for
from search.domain.results import SearchHit, SearchPage, marked_code
from search.domain.thesaurus import Thesaurus, WordGroup


async def search_codes(db: Database, request: SearchRequest, thesaurus: Thesaurus) -> SearchPage:
    if request.code is not None:
        hits, total = await index.find_codes(
            db, request.code, request.filters, request.first, request.offset
        )
        # A word with a digit ("covid19") looks like a code; without code matches it is text.
        if total or not request.words:
            key = request.code.key if request.code.match is CodeMatch.PREFIX else ""
            marked = tuple(_with_code_snippet(hit, key) for hit in hits)
            return SearchPage(marked, request.offset, total)
    groups = thesaurus.groups(request.words)
    page = await _word_page(db, request, groups, every_group=True)
    if page.total:
        return replace(page, corrected_query=_listed_corrections(groups))
    # No code has every word: a word may be misspelled (it then matches nothing at all).
    groups, corrected = await _corrected(db, groups)
    if corrected is not None:
        page = await _word_page(db, request, groups, every_group=True)
    if page.total == 0 and len(groups) > 1:
        page = await _word_page(db, request, groups, every_group=False)
    return replace(page, corrected_query=corrected)


async def _word_page(
    db: Database, request: SearchRequest, groups: tuple[WordGroup, ...], every_group: bool
) -> SearchPage:
    hits, total = await index.find_words(
        db,
        groups,
        request.filters,
        ranking_for(groups, every_group),
        request.first,
        request.offset,
    )
    return SearchPage(tuple(hits), request.offset, total)


async def _corrected(
    db: Database, groups: tuple[WordGroup, ...]
) -> tuple[tuple[WordGroup, ...], str | None]:
    """Each single word that matches no code, replaced by the nearest word of the index."""
    singles = [group.typed for group in groups if group.single_word]
    found = await index.corrections(db, singles)
    if not found:
        return groups, None
    corrected = tuple(
        WordGroup(found[g.typed], (found[g.typed],)) if g.typed in found else g for g in groups
    )
    return corrected, " ".join(group.correction or group.typed for group in corrected)


def _with_code_snippet(hit: SearchHit, key: str) -> SearchHit:
    return replace(hit, snippet=f"{marked_code(hit.code, key)} {hit.title}")


def _listed_corrections(groups: tuple[WordGroup, ...]) -> str | None:
    """The query with listed misspellings spelled right, if it had any."""
    if not any(group.correction for group in groups):
        return None
    return " ".join(group.correction or group.typed for group in groups)
