"""Type-ahead requests: the start of a code, or words with an unfinished last word."""

from __future__ import annotations

import pytest

from atlaskit.coding import CodeSystem
from search.domain.queries import InvalidSearch
from search.domain.suggestions import SuggestRequest, suggest_request

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("prefix", "key"), [("e1", "E1"), ("K00", "K00"), ("e11.", "E11")])
def test_the_start_of_a_code_is_completed_as_a_code(prefix: str, key: str) -> None:
    assert suggest_request(prefix).code_key == key


def test_the_last_word_may_be_unfinished() -> None:
    request = suggest_request("type 2 diab", (CodeSystem.ICD10CM,), 5)
    assert request == SuggestRequest(None, ("type", "2"), "diab", (CodeSystem.ICD10CM,), 5)


def test_after_a_space_every_word_is_finished() -> None:
    request = suggest_request("knee ")
    assert (request.words, request.partial) == (("knee",), None)


@pytest.mark.parametrize("prefix", ["", "   ", "--", "e", "fr"])
def test_nothing_typed_asks_for_nothing(prefix: str) -> None:
    request = suggest_request(prefix)
    assert (request.code_key, request.words, request.partial) == (None, (), None)


@pytest.mark.parametrize(
    ("prefix", "limit", "message"),
    [("a" * 101, 8, "at most 100 characters"), ("knee", 0, "between 1 and 20")],
)
def test_an_overlong_prefix_or_a_wrong_limit_is_refused(
    prefix: str, limit: int, message: str
) -> None:
    with pytest.raises(InvalidSearch, match=message):
        suggest_request(prefix, (), limit)
