"""The search rules on a small index in real PostgreSQL: codes in every format, ranges,
wildcards, filters, synonyms, inclusion terms, corrected misspellings, ranking, type-ahead."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import asyncpg
import pytest

from atlaskit.coding import CodeSystem
from devstack.testing import code_changed, rolled_back
from search.adapters.suggestions import suggest
from search.consumers import index_changed_codes
from search.domain.queries import SearchFilters, search_request
from search.domain.results import SearchPage
from search.domain.suggestions import suggest_request
from search.domain.thesaurus import reviewed_thesaurus
from search.relevance import baseline_prefix
from search.searching import search_codes

pytestmark = pytest.mark.integration

ICD = "ICD10CM"
CODES = [
    ("E11", "Type 2 diabetes mellitus", ICD, False, ()),
    ("E11.9", "Type 2 diabetes mellitus without complications", ICD, True, ()),
    ("E11.65", "Type 2 diabetes mellitus with hyperglycemia", ICD, True, ()),
    ("E10.9", "Type 1 diabetes mellitus without complications", ICD, True, ()),
    ("I10", "Essential (primary) hypertension", ICD, True, ("high blood pressure",)),
    ("I21", "Acute myocardial infarction", ICD, False, ("cardiac infarction",)),
    ("I21.9", "Acute myocardial infarction, unspecified", ICD, True, ()),
    ("H10.9", "Unspecified conjunctivitis", ICD, True, ()),
    ("K92.2", "Gastrointestinal hemorrhage, unspecified", ICD, True, ()),
    ("95860", "Needle EMG of one limb", "CPT", True, ()),
    ("95870", "Needle EMG of one arm or leg, limited", "CPT", True, ()),
    ("95872", "Needle EMG using single fiber electrode", "CPT", True, ()),
    ("95886", "Needle EMG added to nerve conduction testing", "CPT", True, ()),
    (
        "S52.501A",
        "Unspecified fracture of the lower end of right radius, initial encounter for closed"
        " fracture",
        ICD,
        True,
        (),
    ),
    ("K0001", "Standard wheelchair", "HCPCS", True, ()),
    ("K0002", "Standard hemi (low seat) wheelchair", "HCPCS", True, ()),
]


@pytest.fixture
async def conn(search_db: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    async with rolled_back(search_db) as connection:
        events = [
            code_changed(code, title, system=system, billable=billable, terms=terms)
            for code, title, system, billable, terms in CODES
        ]
        await index_changed_codes(events, connection)
        yield connection


async def _search(
    conn: asyncpg.Connection, query: str, filters: SearchFilters | None = None
) -> SearchPage:
    request = search_request(query, 20, None, filters)
    return await search_codes(conn, request, reviewed_thesaurus())


def _codes(page: SearchPage) -> list[str]:
    return [hit.code for hit in page.hits]


@pytest.mark.parametrize("query", ["E11.9", "e119", "e11 9", " E11.9 "])
async def test_a_code_in_any_format_comes_first(conn: asyncpg.Connection, query: str) -> None:
    assert _codes(await _search(conn, query))[0] == "E11.9"


async def test_the_start_of_a_category_lists_the_category(conn: asyncpg.Connection) -> None:
    assert _codes(await _search(conn, "E11.")) == ["E11", "E11.65", "E11.9"]
    assert _codes(await _search(conn, "k92.2")) == ["K92.2"]


async def test_a_range_lists_every_code_in_it_in_order(conn: asyncpg.Connection) -> None:
    page = await _search(conn, "95860-95872")
    assert _codes(page) == ["95860", "95870", "95872"] and page.total == 3
    assert _codes(await _search(conn, "E10-E11")) == ["E10.9", "E11", "E11.65", "E11.9"]


async def test_wildcards_stand_for_any_characters_or_one(conn: asyncpg.Connection) -> None:
    assert _codes(await _search(conn, "9587*")) == ["95870", "95872"]
    assert _codes(await _search(conn, "E11.?")) == ["E11.9"]


async def test_filters_keep_systems_billable_codes_and_codes_in_effect(
    conn: asyncpg.Connection,
) -> None:
    icd = SearchFilters((CodeSystem.ICD10CM,))
    assert set(_codes(await _search(conn, "diabetes", icd))) == {"E11", "E11.9", "E11.65", "E10.9"}
    assert _codes(await _search(conn, "diabetes", SearchFilters((CodeSystem.CPT,)))) == []
    billable = await _search(conn, "E11", SearchFilters(billable_only=True))
    assert _codes(billable) == ["E11.65", "E11.9"]
    # K0001 in effect from 2020 until 2025-10-01; K0002 from 2025-10-01; K0009 from 2026.
    terminated = code_changed(
        "K0001", "Standard wheelchair", status="terminated", effective_date="2020-01-01"
    )
    await index_changed_codes([terminated], conn)
    await index_changed_codes(
        [code_changed("K0009", "Other manual wheelchair", effective_date="2026-01-01")], conn
    )
    on_a_date = SearchFilters(as_of=date(2025, 6, 1))
    assert _codes(await _search(conn, "wheelchair", on_a_date)) == ["K0001"]
    later = SearchFilters(as_of=date(2026, 6, 1))
    assert set(_codes(await _search(conn, "wheelchair", later))) == {"K0002", "K0009"}


async def test_active_codes_rank_above_terminated_ones(conn: asyncpg.Connection) -> None:
    await index_changed_codes(
        [code_changed("K0001", "Standard wheelchair", status="terminated", change="terminated")],
        conn,
    )
    assert _codes(await _search(conn, "standard wheelchair")) == ["K0002", "K0001"]
    assert _codes(await _search(conn, "K000")) == ["K0002", "K0001"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("heart attack", "I21.9"),
        ("pink eye", "H10.9"),
        ("htn", "I10"),
        ("EMG", "95860"),
        ("diabetis type 2", "E11.9"),
    ],
)
async def test_lay_terms_abbreviations_and_listed_misspellings_find_the_clinical_title(
    conn: asyncpg.Connection, query: str, code: str
) -> None:
    assert code in _codes(await _search(conn, query))[:3]


async def test_inclusion_terms_are_searched_and_marked(conn: asyncpg.Connection) -> None:
    page = await _search(conn, "cardiac infarction")
    assert _codes(page)[0] == "I21"
    assert page.hits[0].snippet == "<mark>cardiac</mark> <mark>infarction</mark>"


async def test_a_misspelled_word_is_corrected_to_the_nearest_indexed_word(
    conn: asyncpg.Connection,
) -> None:
    page = await _search(conn, "conjunctivits")
    assert _codes(page) == ["H10.9"]
    assert page.corrected_query == "conjunctivitis"
    assert (await _search(conn, "conjunctivitis")).corrected_query is None
    listed = await _search(conn, "hypertenshun")
    assert _codes(listed) == ["I10"] and listed.corrected_query == "hypertension"
    both = await _search(conn, "wheelchiar standrd")
    assert _codes(both)[0] == "K0001" and both.corrected_query == "wheelchair standard"


async def test_a_specific_query_ranks_billable_codes_above_their_header(
    conn: asyncpg.Connection,
) -> None:
    assert _codes(await _search(conn, "myocardial infarction"))[:2] == ["I21.9", "I21"]
    assert _codes(await _search(conn, "type 2 diabetes"))[0] != "E11"


async def test_words_in_any_order_and_any_form_match(conn: asyncpg.Connection) -> None:
    assert _codes(await _search(conn, "wheelchairs standard"))[0] == "K0001"
    assert _codes(await _search(conn, "complication diabetes type 2"))[0] == "E11.9"


async def test_when_no_code_has_every_word_codes_with_some_of_them_are_found(
    conn: asyncpg.Connection,
) -> None:
    page = await _search(conn, "standard wheelchair with rocket boosters")
    assert _codes(page)[0] == "K0001"


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE indexed_codes; --",
        "wheelchair' OR '1'='1",
        "!!(wheelchair & | <-> :*)",
        "E11%",
        "k0001\\",
        "\u0000wheelchair",
    ],
)
async def test_sql_and_query_syntax_are_only_words(conn: asyncpg.Connection, query: str) -> None:
    await _search(conn, query)
    assert await conn.fetchval("SELECT count(*) FROM indexed_codes") == len(CODES)


@pytest.mark.parametrize(
    ("prefix", "first"),
    [
        ("k00", "K0001"),
        ("E11.6", "E11.65"),
        ("wheelch", "K0001"),
        ("hyperten", "I10"),
        ("broken wri", "S52.501A"),
        ("heart att", "I21.9"),
    ],
)
async def test_type_ahead_completes_codes_and_unfinished_words(
    conn: asyncpg.Connection, prefix: str, first: str
) -> None:
    hits = await suggest(conn, suggest_request(prefix), reviewed_thesaurus())
    assert hits and hits[0].code == first
    assert hits[0].snippet is not None and "<mark>" in hits[0].snippet


async def test_type_ahead_keeps_to_the_systems_and_the_limit(conn: asyncpg.Connection) -> None:
    hits = await suggest(
        conn, suggest_request("needle em", (CodeSystem.CPT,), 2), reviewed_thesaurus()
    )
    assert len(hits) == 2 and {hit.system for hit in hits} == {CodeSystem.CPT}
    hcpcs = suggest_request("needle em", (CodeSystem.HCPCS,))
    assert await suggest(conn, hcpcs, reviewed_thesaurus()) == []


async def test_the_type_ahead_baseline_is_plain_prefix_full_text(conn: asyncpg.Connection) -> None:
    assert set(await baseline_prefix(conn, "standard wheelch")) == {"HCPCS:K0001", "HCPCS:K0002"}
    assert await baseline_prefix(conn, "broken wri") == []  # no synonyms
    assert await baseline_prefix(conn, "--") == []
