"""The search subgraph: find codes by code (any format, ranges, wildcards) or by words
(titles, inclusion terms, lay terms, abbreviations, misspellings), and type-ahead."""

from __future__ import annotations

import datetime

import strawberry
from strawberry.types import Info

from atlaskit.errors import BadUserInput, ProtectErrors, Unauthenticated
from atlaskit.schema_types import CodeSystem
from search.adapters.query_stats import zero_result_queries
from search.adapters.suggestions import suggest
from search.api.context import search_context
from search.api.types import Code, CodeSearchConnection, SearchQueryStat, Suggestion
from search.domain.events import query_kind, query_performed
from search.domain.queries import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    InvalidSearch,
    SearchFilters,
    search_request,
)
from search.domain.suggestions import DEFAULT_LIMIT, suggest_request
from search.searching import search_codes


async def resolve_search(
    info: Info,
    query: str,
    systems: list[CodeSystem] | None = None,
    billable_only: bool = False,
    as_of: datetime.date | None = None,
    first: int | None = DEFAULT_PAGE_SIZE,
    after: str | None = None,
) -> CodeSearchConnection:
    chosen = tuple(dict.fromkeys(systems or ()))
    try:
        request = search_request(query, first, after, SearchFilters(chosen, billable_only, as_of))
    except InvalidSearch as exc:
        raise BadUserInput(str(exc)) from exc
    context = search_context(info)
    page = await search_codes(context.pool, request, context.thesaurus)
    if context.query_log is not None and request.offset == 0:
        kind = query_kind(request, page.total)
        context.query_log.record(
            query_performed(query, kind, chosen, page.total, page.corrected_query)
        )
    return CodeSearchConnection.of(page)


async def resolve_autocomplete(
    info: Info,
    prefix: str,
    systems: list[CodeSystem] | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> list[Suggestion]:
    chosen = tuple(dict.fromkeys(systems or ()))
    try:
        request = suggest_request(prefix, chosen, limit)
    except InvalidSearch as exc:
        raise BadUserInput(str(exc)) from exc
    context = search_context(info)
    hits = await suggest(context.pool, request, context.thesaurus)
    if context.query_log is not None and request.text.strip():
        context.query_log.record(query_performed(prefix, "autocomplete", chosen, len(hits)))
    return [Suggestion.of(hit) for hit in hits]


async def resolve_zero_result_searches(info: Info, first: int = 20) -> list[SearchQueryStat]:
    context = search_context(info)
    if not context.reviewer:
        raise Unauthenticated("Reviewing searches needs a reviewer token.")
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise BadUserInput(f"first must be between 1 and {MAX_PAGE_SIZE}.")
    return [SearchQueryStat.of(stat) for stat in await zero_result_queries(context.pool, first)]


@strawberry.type
class Query:
    search: CodeSearchConnection = strawberry.field(
        resolver=resolve_search,
        description=(
            "Codes matching a code in any format (E11.9, e119, e11 9, k0001), the start of one"
            " (E11. lists the category), a range (95860-95872) or a wildcard (9587*, * for any"
            " characters, ? for one); otherwise codes whose titles or inclusion terms match the"
            " words, with lay terms, abbreviations and misspellings understood. An exact code"
            " comes first, active codes before terminated ones, billable codes before their"
            " headers when the query is specific. asOf keeps the codes in effect on that date."
        ),
    )
    autocomplete: list[Suggestion] = strawberry.field(
        resolver=resolve_autocomplete,
        description=(
            "Type-ahead: codes starting with the prefix when it looks like a code, else codes"
            " whose titles have the words typed so far (the last one may be unfinished; alone,"
            " it needs 3 letters), listed lay terms completed too (broken wri -> wrist"
            " fractures)."
        ),
    )

    zero_result_searches: list[SearchQueryStat] = strawberry.field(
        resolver=resolve_zero_result_searches,
        description=(
            "Searches that found nothing, the most often unanswered first, to review (needs"
            " Authorization: Bearer $SEARCH_REVIEWER_TOKEN): each is a synonym, a title or"
            " a code set to add."
        ),
    )


schema = strawberry.federation.Schema(
    query=Query, types=[Code, Suggestion], extensions=[ProtectErrors]
)
