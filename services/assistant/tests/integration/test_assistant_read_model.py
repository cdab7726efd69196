"""The code_facts read model follows catalog events, and answers rest on it (real PostgreSQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from assistant.adapters.catalog_tools import CatalogTools
from assistant.adapters.guidance_file import guidance_topics
from assistant.adapters.search_tools import SearchTools
from assistant.answering import Tools
from assistant.app import MIGRATIONS
from assistant.casepilot import CasePilot
from assistant.consumers import record_changed_codes
from assistant.domain.answers import Answer, Citation
from assistant.domain.questions import read_intent
from assistant.settings import AssistantSettings
from atlaskit.coding import CodeSystem
from devstack.infra import Infrastructure
from devstack.testing import code_changed, migrated_pool, rolled_back

pytestmark = pytest.mark.integration

# Lookups of HCPCS and ICD-10 codes and our own guidance need only the read model: these
# tools are never asked (nothing listens there).
NOWHERE = "http://127.0.0.1:9/graphql"
UNASKED_CATALOG = CatalogTools(NOWHERE, 1.0, "secret")
UNASKED_SEARCH = SearchTools(NOWHERE, 1.0, "secret")


async def answer_question(conn: asyncpg.Connection, question: str) -> Answer:
    tools = Tools(conn, UNASKED_CATALOG, UNASKED_SEARCH, guidance_topics())
    pilot = CasePilot(conn, tools)  # threads are not used here
    return await pilot.answer(question, read_intent(question))


@pytest.fixture(scope="module")
async def assistant_db(infra: Infrastructure) -> AsyncIterator[asyncpg.Pool]:
    settings = AssistantSettings()
    async with migrated_pool(settings.dsn, [MIGRATIONS]) as pool:
        yield pool


@pytest.fixture
async def conn(assistant_db: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    """A connection in a transaction rolled back after the test, so each test starts empty."""
    async with rolled_back(assistant_db) as connection:
        yield connection


async def test_the_same_change_twice_leaves_one_row(conn: asyncpg.Connection) -> None:
    event = code_changed("K0001", "Standard wheelchair")
    await record_changed_codes([event], conn)
    await record_changed_codes([event], conn)
    rows = await conn.fetch("SELECT system, code, title, status, release_id FROM code_facts")
    assert [tuple(row) for row in rows] == [
        ("HCPCS", "K0001", "Standard wheelchair", "active", "HCPCS-2025-10-01")
    ]


async def test_a_revised_title_replaces_the_old_one_in_answers(conn: asyncpg.Connection) -> None:
    await record_changed_codes([code_changed("K0001", "Standard wheelchair")], conn)
    revised = code_changed(
        "K0001", "Standard manual wheelchair", change="revised", release_id="HCPCS-2026-01-01"
    )
    await record_changed_codes([revised], conn)
    assert await conn.fetchval("SELECT count(*) FROM code_facts") == 1
    answer = await answer_question(conn, "What is HCPCS K0001?")
    assert answer.text == (
        'HCPCS K0001 is "Standard manual wheelchair" (active, release HCPCS-2026-01-01).'
    )
    assert answer.citations == (Citation(CodeSystem.HCPCS, "K0001", "HCPCS-2026-01-01", "catalog"),)


async def test_a_terminated_code_is_still_answered_as_terminated(conn: asyncpg.Connection) -> None:
    await record_changed_codes(
        [code_changed("K0001", "Standard wheelchair", status="terminated")], conn
    )
    answer = await answer_question(conn, "what is k0001")
    assert "(terminated, release HCPCS-2025-10-01)" in answer.text


async def test_a_code_missing_from_the_read_model_gets_no_citation(
    conn: asyncpg.Connection,
) -> None:
    await record_changed_codes([code_changed("K0001", "Standard wheelchair")], conn)
    answer = await answer_question(conn, "What is HCPCS K0002?")
    assert answer.text.startswith("HCPCS K0002 is not in the catalog")
    assert "K0001" not in answer.text and "wheelchair" not in answer.text
    assert answer.citations == ()
    assert answer.tools_used == ("catalog.lookup",)


async def test_guidance_is_answered_from_our_content_without_asking_the_catalog(
    conn: asyncpg.Connection,
) -> None:
    office_visits = [f"992{n:02d}" for n in (2, 3, 4, 5, 11, 12, 13, 14, 15)]
    events = [
        code_changed(code, f"CPT {code}", system="CPT", release_id="CPT-2025-10-01")
        for code in office_visits
    ]
    await record_changed_codes(events, conn)
    answer = await answer_question(conn, "Guidelines for E/M services")
    assert "medical decision making" in answer.text.lower()
    assert answer.citations[0].source == "codeatlas_content"
    assert answer.tools_used == ("content.guidance",)


async def test_an_answer_naming_a_code_the_read_model_lacks_is_dropped(
    conn: asyncpg.Connection,
) -> None:
    """The E/M guidance names 99202-99215; with none of them in the read model, the guard
    cannot vouch for them, so the answer becomes "I don't know"."""
    answer = await answer_question(conn, "Guidelines for E/M services")
    assert answer.text.startswith("I don't know") and answer.citations == ()
