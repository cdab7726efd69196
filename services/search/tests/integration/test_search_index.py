"""The index follows catalog.code.changed events and answers searches, in real PostgreSQL."""

from __future__ import annotations

import asyncpg
import pytest

from devstack.testing import code_changed
from search.consumers import index_changed_codes
from search.domain.queries import SearchFilters, search_request
from search.domain.results import SearchPage
from search.domain.thesaurus import reviewed_thesaurus
from search.searching import search_codes

pytestmark = pytest.mark.integration


async def _index(conn: asyncpg.Connection, *codes: tuple[str, str]) -> None:
    for code, title in codes:
        await index_changed_codes([code_changed(code, title)], conn)


async def _search(
    conn: asyncpg.Connection,
    query: str,
    first: int | None = None,
    after: str | None = None,
    filters: SearchFilters | None = None,
) -> SearchPage:
    request = search_request(query, first, after, filters)
    return await search_codes(conn, request, reviewed_thesaurus())


def _codes(page: SearchPage) -> list[str]:
    return [hit.code for hit in page.hits]


async def test_the_same_change_twice_leaves_one_row(conn: asyncpg.Connection) -> None:
    event = code_changed("K0001", "Standard wheelchair")
    await index_changed_codes([event], conn)
    await index_changed_codes([event], conn)
    rows = await conn.fetch("SELECT code, title, status FROM indexed_codes")
    assert [tuple(row) for row in rows] == [("K0001", "Standard wheelchair", "active")]


async def test_a_revised_title_replaces_the_old_one(conn: asyncpg.Connection) -> None:
    await index_changed_codes([code_changed("K0001", "Standard wheelchair")], conn)
    revised = code_changed("K0001", "Standard manual wheelchair", change="revised")
    await index_changed_codes([revised], conn)
    assert await conn.fetchval("SELECT count(*) FROM indexed_codes") == 1
    assert await conn.fetchval("SELECT title FROM indexed_codes") == "Standard manual wheelchair"
    assert _codes(await _search(conn, "manual")) == ["K0001"]
    assert _codes(await _search(conn, "standard wheelchair")) == ["K0001"]


async def test_a_code_matches_exactly_first_then_the_codes_it_starts(
    conn: asyncpg.Connection,
) -> None:
    await _index(
        conn,
        ("K0002", "Standard hemi (low seat) wheelchair"),
        ("K0001", "Standard wheelchair"),
        ("K0010", "Standard - weight frame motorized/power wheelchair"),
        ("E0950", "Wheelchair accessory, tray, each"),
    )
    exact = await _search(conn, "k0001")
    assert _codes(exact) == ["K0001"] and exact.total == 1
    assert exact.hits[0].snippet == "<mark>K0001</mark> Standard wheelchair"
    assert _codes(await _search(conn, "K000")) == ["K0001", "K0002"]
    assert _codes(await _search(conn, "K001")) == ["K0010"]


async def test_an_icd_10_cm_code_matches_with_or_without_its_dot(
    conn: asyncpg.Connection,
) -> None:
    for code, title in (
        ("E11.9", "Type 2 diabetes mellitus without complications"),
        ("E11", "Type 2 diabetes mellitus"),
    ):
        await index_changed_codes([code_changed(code, title, system="ICD10CM")], conn)
    for query, codes in (("E11.9", ["E11.9"]), ("e119", ["E11.9"]), ("e11", ["E11", "E11.9"])):
        page = await _search(conn, query)
        assert [(hit.system.value, hit.code) for hit in page.hits] == [
            ("ICD10CM", code) for code in codes
        ]


async def test_words_match_titles_with_a_snippet_and_active_codes_first(
    conn: asyncpg.Connection,
) -> None:
    await _index(
        conn,
        ("A0130", "Non-emergency transportation: wheelchair van"),
        ("E0950", "Wheelchair accessory, tray, each"),
    )
    await index_changed_codes(
        [code_changed("K0001", "Standard wheelchair", status="terminated")], conn
    )
    page = await _search(conn, "wheelchair")
    assert page.total == 3
    assert _codes(page)[-1] == "K0001", "a terminated code ranks below the active ones"
    assert set(_codes(page)[:2]) == {"A0130", "E0950"}
    assert all(hit.snippet and "<mark>" in hit.snippet for hit in page.hits)
    van = await _search(conn, "wheelchair van")
    assert _codes(van) == ["A0130"]
    assert van.hits[0].snippet == (
        "Non-emergency transportation: <mark>wheelchair</mark> <mark>van</mark>"
    )


async def test_a_short_title_of_just_the_words_ranks_above_long_titles_repeating_them(
    conn: asyncpg.Connection,
) -> None:
    await _index(
        conn,
        (
            "E2627",
            "Wheelchair accessory, shoulder elbow, mobile arm support attached to wheelchair,"
            " balanced, adjustable rancho type",
        ),
        ("K0001", "Standard wheelchair"),
    )
    assert _codes(await _search(conn, "wheelchair")) == ["K0001", "E2627"]


async def test_a_word_with_a_digit_falls_back_to_full_text(conn: asyncpg.Connection) -> None:
    await index_changed_codes(
        [code_changed("0001A", "Covid19 vaccine first dose administration", system="CPT")],
        conn,
    )
    assert _codes(await _search(conn, "covid19")) == ["0001A"]


async def test_nothing_matches_gives_an_empty_page(conn: asyncpg.Connection) -> None:
    await _index(conn, ("K0001", "Standard wheelchair"))
    for query in ("Z9999", "crutches", "the"):
        page = await _search(conn, query)
        assert page.hits == () and page.total == 0 and not page.has_next_page


async def test_pages_follow_their_cursors_to_the_end(conn: asyncpg.Connection) -> None:
    codes = [f"K00{n:02d}" for n in range(1, 8)]
    await _index(conn, *((code, f"Wheelchair model {code}") for code in codes))
    seen: list[str] = []
    after: str | None = None
    while True:
        page = await _search(conn, "K00", first=3, after=after)
        assert page.total == 7
        seen += _codes(page)
        if not page.has_next_page:
            break
        after = page.end_cursor
    assert seen == codes
