"""The search subgraph's types: a Relay connection of Code entities the catalog resolves."""

from __future__ import annotations

import datetime
from typing import Self

import strawberry
from strawberry.federation.schema_directives import Key
from strawberry.federation.types import FieldSet

from atlaskit.schema_types import CodeSystem
from search.adapters.query_stats import QueryStat
from search.domain.results import SearchHit, SearchPage


@strawberry.federation.type(
    directives=[Key(fields=FieldSet("system code"), resolvable=False)],
    description="A code found by a search; its titles come from the catalog.",
)
class Code:
    system: CodeSystem
    code: str


@strawberry.type(description="One search result and its place in the results.")
class CodeSearchEdge:
    cursor: str
    node: Code
    snippet: str | None = strawberry.field(
        description=(
            "The title (or, when only they matched, the inclusion terms) with the matched words"
            " between <mark> and </mark>; for a code match, the code with the matched part"
            " marked, then the title. Titles are not HTML-escaped."
        )
    )

    @classmethod
    def of(cls, hit: SearchHit, cursor: str) -> Self:
        return cls(cursor=cursor, node=Code(system=hit.system, code=hit.code), snippet=hit.snippet)


@strawberry.type(description="Whether more results follow, and the cursor to ask for them.")
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type(description="A page of codes matching a search.")
class CodeSearchConnection:
    edges: list[CodeSearchEdge]
    page_info: PageInfo
    total_count: int = strawberry.field(description="How many codes match, on all pages.")
    corrected_query: str | None = strawberry.field(
        description='The words searched when misspelled ones were corrected ("Showing results'
        ' for ..."); null when the query was searched as typed.'
    )

    @classmethod
    def of(cls, page: SearchPage) -> Self:
        return cls(
            edges=[CodeSearchEdge.of(hit, page.cursor_of(i)) for i, hit in enumerate(page.hits)],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
            total_count=page.total,
            corrected_query=page.corrected_query,
        )


@strawberry.type(description="A type-ahead suggestion: a code and its title.")
class Suggestion:
    node: Code
    label: str = strawberry.field(description="The code's title, as the index holds it.")
    highlighted: str = strawberry.field(
        description="The title with the typed words marked, or the code with the typed part"
        " marked (<mark>...</mark>, not HTML-escaped)."
    )

    @classmethod
    def of(cls, hit: SearchHit) -> Self:
        return cls(
            node=Code(system=hit.system, code=hit.code),
            label=hit.title,
            highlighted=hit.snippet or hit.title,
        )


@strawberry.type(description="How often a query was searched, and how often it found nothing.")
class SearchQueryStat:
    query: str
    searches: int
    zero_results: int
    last_result_count: int
    last_searched_at: datetime.datetime

    @classmethod
    def of(cls, stat: QueryStat) -> Self:
        return cls(
            query=stat.query,
            searches=stat.searches,
            zero_results=stat.zero_results,
            last_result_count=stat.last_result_count,
            last_searched_at=stat.last_searched_at,
        )
