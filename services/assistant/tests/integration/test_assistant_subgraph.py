"""The ask field as the gateway calls it, in process and as the deployed service."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest

from assistant.adapters.catalog_tools import CatalogTools
from assistant.api.context import AssistantContext
from assistant.api.schema import schema
from assistant.app import MIGRATIONS, create_app
from assistant.consumers import record_changed_codes
from assistant.settings import AssistantSettings
from devstack.infra import Infrastructure
from devstack.testing import code_changed, migrated_pool, publish_code_change

pytestmark = pytest.mark.integration

ASK = """
query Ask($question: String!) {
  ask(question: $question) { text citations { system code releaseId source } toolsUsed }
}
"""


@pytest.fixture(scope="module")
async def assistant_db(infra: Infrastructure) -> AsyncIterator[asyncpg.Pool]:
    settings = AssistantSettings()
    async with migrated_pool(settings.dsn, [MIGRATIONS]) as pool:
        yield pool


@pytest.fixture
async def context(assistant_db: asyncpg.Pool) -> AsyncIterator[dict[str, Any]]:
    """Resolver context over a read model holding HCPCS K0001, emptied afterwards."""
    async with assistant_db.acquire() as conn, conn.transaction():
        await record_changed_codes([code_changed("K0001", "Standard wheelchair")], conn)
    try:
        tools = CatalogTools(AssistantSettings().catalog_url, 1.0)  # lookups do not ask it
        yield AssistantContext(pool=assistant_db, tools=tools).as_dict()
        await tools.close()
    finally:
        await assistant_db.execute("DELETE FROM code_facts")


async def _ask(context: dict[str, Any], question: str) -> Any:
    return await schema.execute(ASK, variable_values={"question": question}, context_value=context)


async def test_an_answer_cites_the_catalog_release(context: dict[str, Any]) -> None:
    result = await _ask(context, "What is HCPCS K0001?")
    assert result.errors is None
    assert result.data == {
        "ask": {
            "text": 'HCPCS K0001 is "Standard wheelchair" (active, release HCPCS-2025-10-01).',
            "citations": [
                {
                    "system": "HCPCS",
                    "code": "K0001",
                    "releaseId": "HCPCS-2025-10-01",
                    "source": "catalog",
                }
            ],
            "toolsUsed": ["catalog.lookup"],
        }
    }


async def test_a_code_not_in_the_catalog_is_answered_without_citations(
    context: dict[str, Any],
) -> None:
    result = await _ask(context, "What is CPT code 99213?")
    assert result.errors is None and result.data is not None
    assert result.data["ask"]["text"].startswith("CPT 99213 is not in the catalog")
    assert result.data["ask"]["citations"] == []


@pytest.mark.parametrize("question", ["", "   ", "What is K0001?".ljust(2001)])
async def test_an_empty_or_overlong_question_is_bad_user_input(
    context: dict[str, Any], question: str
) -> None:
    result = await _ask(context, question)
    assert result.data is None
    assert result.errors is not None and len(result.errors) == 1
    assert result.errors[0].extensions == {"code": "BAD_USER_INPUT"}
    assert result.errors[0].message.endswith(".")


async def _ask_over_http(client: httpx.AsyncClient, question: str) -> dict[str, Any]:
    payload = {"query": ASK, "variables": {"question": question}}
    response = await client.post("/graphql", json=payload)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


async def test_the_service_learns_published_changes_and_answers_over_http(
    assistant_db: asyncpg.Pool,
) -> None:
    settings = AssistantSettings()
    app = create_app(settings)
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://assistant"
            ) as client,
        ):
            assert (await client.get("/readyz")).status_code == 200
            await publish_code_change(settings, code_changed("K0004", "Standard power wheelchair"))
            for _ in range(300):
                answer = (await _ask_over_http(client, "What is K0004?"))["data"]["ask"]
                if answer["citations"]:
                    break
                await asyncio.sleep(0.1)
            assert answer["text"] == (
                'HCPCS K0004 is "Standard power wheelchair" (active, release HCPCS-2025-10-01).'
            )
            refused = await _ask_over_http(client, "")
            assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    finally:
        await assistant_db.execute("DELETE FROM code_facts")
