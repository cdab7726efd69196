"""SQL statements built from parts: numbered parameters, and text-search queries from words."""

from __future__ import annotations

from collections.abc import Sequence

from search.domain.thesaurus import WordGroup


class Statement:
    """Collects parameter values; ``param`` returns the placeholder for the next one."""

    def __init__(self) -> None:
        self.params: list[object] = []

    def param(self, value: object) -> str:
        self.params.append(value)
        return f"${len(self.params)}"


def text_query(statement: Statement, groups: Sequence[WordGroup], every_group: bool) -> str:
    """A tsquery: each group as typed OR as any of its synonyms; the groups ANDed (every group
    must match) or ORed (any may). Words are parameters, never SQL or tsquery syntax."""
    parts = []
    for group in groups:
        alternatives = " || ".join(
            f"plainto_tsquery('english', {statement.param(text)})" for text in group.alternatives
        )
        parts.append(f"({alternatives})")
    return f" {'&&' if every_group else '||'} ".join(parts)
