"""The search subgraph as the gateway calls it, in process and as the deployed service."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest

from devstack.testing import code_changed, publish_code_change
from search.api.context import SearchContext
from search.api.schema import schema
from search.app import create_app
from search.consumers import index_changed_codes
from search.domain.thesaurus import reviewed_thesaurus
from search.settings import SearchSettings

pytestmark = pytest.mark.integration

SEARCH = """
query Search($query: String!, $first: Int, $after: String) {
  search(query: $query, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor snippet node { system code } }
  }
}
"""
WHEELCHAIRS = (
    ("A0130", "Non-emergency transportation: wheelchair van"),
    ("E0950", "Wheelchair accessory, tray, each"),
    ("K0001", "Standard wheelchair"),
)


@pytest.fixture
async def context(search_db: asyncpg.Pool) -> AsyncIterator[dict[str, Any]]:
    """Resolver context over an index holding three wheelchair codes, emptied afterwards."""
    async with search_db.acquire() as conn, conn.transaction():
        for code, title in WHEELCHAIRS:
            await index_changed_codes([code_changed(code, title)], conn)
    try:
        yield SearchContext(search_db, reviewed_thesaurus(), None).as_dict()
    finally:
        await search_db.execute("DELETE FROM indexed_codes; DELETE FROM index_words")


async def test_a_search_answers_a_connection_of_code_entities(context: dict[str, Any]) -> None:
    first = await schema.execute(
        SEARCH, variable_values={"query": "wheelchair", "first": 2}, context_value=context
    )
    assert first.errors is None and first.data is not None
    page = first.data["search"]
    assert page["totalCount"] == 3
    assert page["pageInfo"]["hasNextPage"] is True
    assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
    assert [edge["node"]["system"] for edge in page["edges"]] == ["HCPCS", "HCPCS"]
    assert all("<mark>" in edge["snippet"] for edge in page["edges"])

    rest = await schema.execute(
        SEARCH,
        variable_values={"query": "wheelchair", "after": page["pageInfo"]["endCursor"]},
        context_value=context,
    )
    assert rest.errors is None and rest.data is not None
    last = rest.data["search"]
    assert len(last["edges"]) == 1 and last["pageInfo"]["hasNextPage"] is False
    codes = {edge["node"]["code"] for edge in page["edges"] + last["edges"]}
    assert codes == {code for code, _ in WHEELCHAIRS}


async def test_a_code_query_finds_the_code_with_its_title(context: dict[str, Any]) -> None:
    result = await schema.execute(SEARCH, variable_values={"query": "k0001"}, context_value=context)
    assert result.errors is None and result.data is not None
    [edge] = result.data["search"]["edges"]
    assert edge["node"] == {"system": "HCPCS", "code": "K0001"}
    assert edge["snippet"] == "<mark>K0001</mark> Standard wheelchair"


@pytest.mark.parametrize(
    "variables",
    [
        {"query": ""},
        {"query": "   "},
        {"query": "w" * 501},
        {"query": "wheelchair", "first": 0},
        {"query": "wheelchair", "first": 101},
        {"query": "wheelchair", "after": "not-a-cursor"},
    ],
)
async def test_bad_input_is_told_as_bad_user_input(
    context: dict[str, Any], variables: dict[str, Any]
) -> None:
    result = await schema.execute(SEARCH, variable_values=variables, context_value=context)
    assert result.data is None
    assert result.errors is not None and len(result.errors) == 1
    error = result.errors[0]
    assert error.extensions == {"code": "BAD_USER_INPUT"}
    assert error.message.endswith(".") and "Traceback" not in error.message


async def _search_over_http(client: httpx.AsyncClient, query: str) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": SEARCH, "variables": {"query": query}})
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


async def test_the_service_indexes_published_changes_and_serves_them_over_http(
    search_db: asyncpg.Pool,
) -> None:
    settings = SearchSettings()
    app = create_app(settings)
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://search"
            ) as client,
        ):
            ready = await client.get("/readyz")
            assert ready.status_code == 200, ready.text
            await publish_code_change(settings, code_changed("K0003", "Lightweight wheelchair"))
            for _ in range(300):
                found = (await _search_over_http(client, "k0003"))["data"]["search"]
                if found["totalCount"]:
                    break
                await asyncio.sleep(0.1)
            assert [edge["node"] for edge in found["edges"]] == [
                {"system": "HCPCS", "code": "K0003"}
            ]
            refused = await _search_over_http(client, " ")
            assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    finally:
        await search_db.execute("DELETE FROM indexed_codes; DELETE FROM index_words")
