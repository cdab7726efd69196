"""The search subgraph: find codes by code or by the words of their titles."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from atlaskit.errors import BadUserInput, ProtectErrors
from search.api.context import search_context
from search.api.types import Code, CodeSearchConnection
from search.domain.queries import DEFAULT_PAGE_SIZE, InvalidSearch, search_request
from search.searching import search_codes


async def resolve_search(
    info: Info, query: str, first: int | None = DEFAULT_PAGE_SIZE, after: str | None = None
) -> CodeSearchConnection:
    try:
        request = search_request(query, first, after)
    except InvalidSearch as exc:
        raise BadUserInput(str(exc)) from exc
    page = await search_codes(search_context(info).pool, request)
    return CodeSearchConnection.of(page)


@strawberry.type
class Query:
    search: CodeSearchConnection = strawberry.field(
        resolver=resolve_search,
        description=(
            "Codes matching a code (exactly, then by prefix, e.g. k0001 or E11) or else the"
            " words of their titles; active codes rank above terminated ones."
        ),
    )


schema = strawberry.federation.Schema(query=Query, types=[Code], extensions=[ProtectErrors])
