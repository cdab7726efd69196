"""Recall@1, Recall@10 and MRR of the relevance harness, and the table it prints."""

from __future__ import annotations

import pytest

from search.relevance import (
    Evaluation,
    RelevanceQuery,
    first_right,
    relevance_queries,
    scores,
    table,
)

pytestmark = pytest.mark.unit


def test_the_first_right_answer_counts_within_the_first_ten() -> None:
    expected = frozenset({"ICD10CM:I21.9", "ICD10CM:I21"})
    assert first_right(expected, ["ICD10CM:I21.9"]) == 1
    assert first_right(expected, ["X:1", "X:2", "ICD10CM:I21", "ICD10CM:I21.9"]) == 3
    assert first_right(expected, [f"X:{n}" for n in range(10)] + ["ICD10CM:I21"]) is None


def test_scores_average_over_every_query() -> None:
    result = scores([1, 2, None, 4])
    assert (result.queries, result.recall_at_1, result.recall_at_10) == (4, 0.25, 0.75)
    assert result.mrr == pytest.approx((1 + 0.5 + 0.25) / 4)


def test_the_table_has_a_row_per_engine_and_category_and_an_overall_row() -> None:
    queries = [
        RelevanceQuery("a", frozenset({"X:1"}), "lay_term"),
        RelevanceQuery("b", frozenset({"X:2"}), "typo"),
    ]
    printed = table(queries, {"CodeAtlas": Evaluation({"a": 1, "b": None})})
    assert "| CodeAtlas: lay_term | 1 | 1.000 | 1.000 | 1.000 |" in printed
    assert "| **CodeAtlas: all** | 2 | 0.500 | 0.500 | 0.500 |" in printed


def test_the_reviewed_query_set_has_at_least_150_queries() -> None:
    assert len(relevance_queries()) >= 150
