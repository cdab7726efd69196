"""A page of results: the cursor of each result, and whether more follow."""

from __future__ import annotations

import pytest

from atlaskit.coding import CodeSystem
from search.domain.cursors import decode_cursor
from search.domain.results import SearchHit, SearchPage, marked_code

pytestmark = pytest.mark.unit


def _hits(*codes: str) -> tuple[SearchHit, ...]:
    return tuple(SearchHit(CodeSystem.HCPCS, code, f"title of {code}", None) for code in codes)


def test_cursors_count_from_the_start_of_all_results() -> None:
    page = SearchPage(_hits("K0003", "K0004"), offset=2, total=5)
    assert [decode_cursor(page.cursor_of(i)) for i in range(2)] == [2, 3]
    assert page.end_cursor is not None and decode_cursor(page.end_cursor) == 3
    assert page.has_next_page


def test_the_last_page_has_no_next_page() -> None:
    page = SearchPage(_hits("K0004", "K0005"), offset=3, total=5)
    assert not page.has_next_page


def test_an_empty_page_has_no_end_cursor() -> None:
    page = SearchPage((), offset=0, total=0)
    assert page.end_cursor is None
    assert not page.has_next_page


@pytest.mark.parametrize(
    ("code", "key", "marked"),
    [
        ("E11.9", "E11", "<mark>E11</mark>.9"),
        ("E11.9", "E119", "<mark>E11.9</mark>"),
        ("S52.501A", "S525", "<mark>S52.5</mark>01A"),
        ("K0001", "K0001", "<mark>K0001</mark>"),
        ("K0001", "", "K0001"),
        ("95870", "9586", "95870"),
    ],
)
def test_the_part_of_a_code_that_matched_is_marked(code: str, key: str, marked: str) -> None:
    assert marked_code(code, key) == marked
