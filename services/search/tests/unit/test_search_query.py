"""Reading a search: a code in any format, a range, a wildcard or words; filters; the page."""

from __future__ import annotations

from datetime import date

import pytest

from atlaskit.coding import CodeSystem
from search.domain.cursors import encode_cursor
from search.domain.queries import (
    CodeMatch,
    CodePattern,
    InvalidSearch,
    SearchFilters,
    search_request,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("query", "code_key"),
    [
        ("K0001", "K0001"),
        ("  k0001 ", "K0001"),
        ("k00", "K00"),
        ("992", "992"),
        ("E11.9", "E119"),
        ("e119", "E119"),
        ("e11 9", "E119"),
        ("E11.", "E11"),
        ("k92.2", "K922"),
        ("0016070", "0016070"),
        ("ICD-10 E11.9", "E119"),
        ("CPT code 99213", "99213"),
        ("hcpcs: k0001", "K0001"),
    ],
)
def test_a_code_in_any_format_is_tried_as_a_code_or_its_start(query: str, code_key: str) -> None:
    assert search_request(query, None, None).code == CodePattern(CodeMatch.PREFIX, code_key)


@pytest.mark.parametrize(
    ("query", "first", "last"),
    [
        ("95860-95872", "95860", "95872"),
        ("95872 - 95860", "95860", "95872"),
        ("E08-E13", "E08", "E13"),
        ("e11.9 to e11.69", "E1169", "E119"),
        ("99202\u201399205", "99202", "99205"),
    ],
)
def test_two_codes_joined_by_a_dash_or_to_are_a_range(query: str, first: str, last: str) -> None:
    assert search_request(query, None, None).code == CodePattern(CodeMatch.RANGE, first, last)


@pytest.mark.parametrize(
    ("query", "pattern"),
    [("9587*", "9587%"), ("E11.*", "E11%"), ("e11.?", "E11_"), ("*9", "%9"), ("K**1", "K%1")],
)
def test_star_and_question_mark_are_wildcards(query: str, pattern: str) -> None:
    assert search_request(query, None, None).code == CodePattern(CodeMatch.WILDCARD, pattern)


@pytest.mark.parametrize("query", ["*", "?*", ".*"])
def test_a_wildcard_without_a_character_of_a_code_is_refused(query: str) -> None:
    with pytest.raises(InvalidSearch, match="at least one character of a code"):
        search_request(query, None, None)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("Standard  Wheelchair", ("standard", "wheelchair")),
        ("E/M", ("e", "m")),
        ("gastro-esophageal reflux", ("gastro", "esophageal", "reflux")),
        ("heart attack!", ("heart", "attack")),
        ("type 2 diabetes", ("type", "2", "diabetes")),
        ("cpt code for flu shot", ("cpt", "code", "for", "flu", "shot")),
    ],
)
def test_words_are_searched_as_lower_case_words(query: str, words: tuple[str, ...]) -> None:
    request = search_request(query, None, None)
    assert request.code is None
    assert request.words == words


def test_words_with_a_digit_are_also_kept_as_words_in_case_no_code_matches() -> None:
    request = search_request("covid19", None, None)
    assert request.code == CodePattern(CodeMatch.PREFIX, "COVID19")
    assert request.words == ("covid19",)


def test_a_query_at_the_length_limit_is_accepted() -> None:
    assert search_request("a" * 500, None, None).words == ("a" * 500,)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "needs a code or at least one word"),
        ("   \t", "needs a code or at least one word"),
        ("a" * 501, "at most 500 characters"),
        ("x" * 10_240, "at most 500 characters"),
        ("%%% ;;; ---", "punctuation alone matches nothing"),
        ("\x00", "punctuation alone matches nothing"),
        (" ".join(["word"] * 33), "at most 32 words"),
    ],
)
def test_an_empty_overlong_or_wordless_query_is_refused(query: str, message: str) -> None:
    with pytest.raises(InvalidSearch, match=message):
        search_request(query, None, None)


def test_filters_are_kept_on_the_request() -> None:
    filters = SearchFilters((CodeSystem.ICD10CM,), billable_only=True, as_of=date(2024, 1, 1))
    assert search_request("asthma", None, None, filters).filters == filters


def test_the_page_size_defaults_to_ten() -> None:
    assert search_request("wheelchair", None, None).first == 10


@pytest.mark.parametrize("first", [1, 100])
def test_page_sizes_from_one_to_a_hundred_are_accepted(first: int) -> None:
    assert search_request("wheelchair", first, None).first == first


@pytest.mark.parametrize("first", [0, -1, 101])
def test_a_page_size_outside_one_to_a_hundred_is_refused(first: int) -> None:
    with pytest.raises(InvalidSearch, match="between 1 and 100"):
        search_request("wheelchair", first, None)


def test_a_page_starts_after_the_cursor_it_is_given() -> None:
    assert search_request("wheelchair", None, None).offset == 0
    assert search_request("wheelchair", None, encode_cursor(9)).offset == 10


def test_a_cursor_this_service_did_not_write_is_refused() -> None:
    with pytest.raises(InvalidSearch, match="not a cursor from a previous search"):
        search_request("wheelchair", None, "not-a-cursor")
