"""Reading a search: a code or words, the page size, the cursor to continue after."""

from __future__ import annotations

import pytest

from search.domain.cursors import encode_cursor
from search.domain.queries import InvalidSearch, search_request

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
        ("0016070", "0016070"),
    ],
)
def test_a_query_shaped_like_a_code_is_tried_as_a_code(query: str, code_key: str) -> None:
    request = search_request(query, None, None)
    assert request.code_key == code_key
    assert request.text == query.strip()


@pytest.mark.parametrize("query", ["standard wheelchair", "wheelchair", "E/M", "type 2 diabetes"])
def test_words_are_searched_as_text(query: str) -> None:
    assert search_request(query, None, None).code_key is None


def test_a_query_at_the_length_limit_is_accepted() -> None:
    assert search_request("a" * 500, None, None).text == "a" * 500


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "needs a code or at least one word"),
        ("   \t", "needs a code or at least one word"),
        ("a" * 501, "at most 500 characters"),
    ],
)
def test_an_empty_or_overlong_query_is_refused(query: str, message: str) -> None:
    with pytest.raises(InvalidSearch, match=message):
        search_request(query, None, None)


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
