"""The relevance harness: the reviewed query set, Recall@1, Recall@10 and MRR, and the
baseline they are compared with (plain PostgreSQL full text over the titles, as search
worked before synonyms, inclusion terms, corrections and ranking rules)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files

from search.adapters.index import Database

Searcher = Callable[[str], Awaitable[Sequence[str]]]  # query -> "SYSTEM:CODE" best first
CUTOFF = 10


@dataclass(frozen=True)
class RelevanceQuery:
    query: str
    expected: frozenset[str]  # "SYSTEM:CODE"; any one of them is a right answer
    category: str


@dataclass(frozen=True)
class Scores:
    queries: int
    recall_at_1: float
    recall_at_10: float
    mrr: float


def relevance_queries() -> list[RelevanceQuery]:
    text = files("search.content").joinpath("relevance_queries.csv").read_text(encoding="utf-8")
    return [
        RelevanceQuery(row["query"], frozenset(row["expected"].split("|")), row["category"])
        for row in csv.DictReader(io.StringIO(text))
    ]


def first_right(expected: frozenset[str], found: Sequence[str]) -> int | None:
    """The 1-based rank of the first right answer in the first ten results, if any."""
    for rank, key in enumerate(found[:CUTOFF], start=1):
        if key in expected:
            return rank
    return None


def scores(ranks: Sequence[int | None]) -> Scores:
    n = len(ranks)
    if not n:
        return Scores(0, 0.0, 0.0, 0.0)
    return Scores(
        queries=n,
        recall_at_1=sum(rank == 1 for rank in ranks) / n,
        recall_at_10=sum(rank is not None for rank in ranks) / n,
        mrr=sum(1 / rank for rank in ranks if rank) / n,
    )


@dataclass(frozen=True)
class Evaluation:
    ranks: dict[str, int | None]  # by query

    def overall(self) -> Scores:
        return scores(list(self.ranks.values()))

    def by_category(self, queries: Iterable[RelevanceQuery]) -> dict[str, Scores]:
        categories: dict[str, list[int | None]] = {}
        for query in queries:
            if query.query in self.ranks:
                categories.setdefault(query.category, []).append(self.ranks[query.query])
        return {name: scores(ranks) for name, ranks in sorted(categories.items())}


async def evaluate(searcher: Searcher, queries: Sequence[RelevanceQuery]) -> Evaluation:
    ranks = {}
    for query in queries:
        ranks[query.query] = first_right(query.expected, await searcher(query.query))
    return Evaluation(ranks)


def table(queries: Sequence[RelevanceQuery], evaluations: dict[str, Evaluation]) -> str:
    """A Markdown table: one row per engine and category, then the overall row per engine."""
    lines = [
        "| engine | queries | Recall@1 | Recall@10 | MRR |",
        "|---|---|---|---|---|",
    ]
    for name, evaluation in evaluations.items():
        for category, score in evaluation.by_category(queries).items():
            lines.append(_row(f"{name}: {category}", score))
    for name, evaluation in evaluations.items():
        lines.append(_row(f"**{name}: all**", evaluation.overall()))
    return "\n".join(lines)


def _row(label: str, score: Scores) -> str:
    return (
        f"| {label} | {score.queries} | {score.recall_at_1:.3f} | {score.recall_at_10:.3f}"
        f" | {score.mrr:.3f} |"
    )


# The indexed document (titles, short titles, inclusion terms) and its GIN index, as plain
# full text uses them: the baseline gets the new inclusion terms, not the new search logic.
BASELINE_SQL = (
    "SELECT system || ':' || code AS key FROM indexed_codes,"
    " websearch_to_tsquery('english', $1) AS query WHERE document @@ query"
    " ORDER BY ts_rank(document, query) DESC, code_key, system LIMIT $2"
)


async def baseline_search(db: Database, text: str, limit: int = CUTOFF) -> list[str]:
    """Plain PostgreSQL full text: no code lookup, synonyms, corrections or ranking rules."""
    rows = await db.fetch(BASELINE_SQL, text, limit)
    return [row["key"] for row in rows]


# Type-ahead the plain way: every word typed, the last one as a prefix, full text only.
BASELINE_PREFIX_SQL = (
    "SELECT system || ':' || code AS key FROM indexed_codes, to_tsquery('simple', $1) AS query"
    " WHERE document @@ query ORDER BY ts_rank(document, query) DESC, code_key, system LIMIT $2"
)


async def baseline_prefix(db: Database, typed: str, limit: int = 8) -> list[str]:
    """Plain PostgreSQL prefix full text: no code lookup, synonyms or vocabulary."""
    words = re.findall(r"[a-z0-9]+", typed.lower())
    if not words:
        return []
    rows = await db.fetch(BASELINE_PREFIX_SQL, " & ".join([*words[:-1], f"{words[-1]}:*"]), limit)
    return [row["key"] for row in rows]
