"""SQL statements built from parts: numbered parameters, and text-search queries from words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from search.domain.thesaurus import WordGroup


class Statement:
    """Collects parameter values; ``param`` returns the placeholder for the next one."""

    def __init__(self) -> None:
        self.params: list[object] = []

    def param(self, value: object) -> str:
        self.params.append(value)
        return f"${len(self.params)}"


@dataclass(frozen=True)
class TextQuery:
    """A CTE ``q`` with one tsquery per alternative of each group (``alternatives`` names
    them) and ``q.query``, the tsquery that decides which codes match."""

    cte: str
    alternatives: tuple[tuple[str, ...], ...]  # per group: "q.g0a0", ...


def text_query(statement: Statement, groups: Sequence[WordGroup], every_group: bool) -> TextQuery:
    """Each group as typed OR as any of its synonyms; the groups ANDed (every group must
    match) or ORed (any may). Words are parameters, never SQL or tsquery syntax."""
    columns: list[str] = []
    parts: list[str] = []
    alternatives: list[tuple[str, ...]] = []
    for g, group in enumerate(groups):
        names = [f"g{g}a{a}" for a in range(len(group.alternatives))]
        for name, text in zip(names, group.alternatives, strict=True):
            columns.append(f"plainto_tsquery('english', {statement.param(text)}) AS {name}")
        parts.append(f"({' || '.join(names)})")
        alternatives.append(tuple(f"q.{name}" for name in names))
    matching = f" {'&&' if every_group else '||'} ".join(parts)
    cte = f"a AS (SELECT {', '.join(columns)}), q AS (SELECT a.*, {matching} AS query FROM a)"
    return TextQuery(cte, tuple(alternatives))


def every_group(statement: Statement, groups: tuple[WordGroup, ...]) -> str:
    """Every group, each as typed or as one of its synonyms (an empty query if none)."""
    parts = [
        "("
        + " || ".join(f"plainto_tsquery('english', {statement.param(a)})" for a in g.alternatives)
        + ")"
        for g in groups
    ]
    return " && ".join(parts) or "''::tsquery"
