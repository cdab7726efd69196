"""A query plan: root fetches, each with the entity fetches that depend on its result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import DocumentNode, OperationDefinitionNode, SelectionNode


@dataclass
class Fetch:
    """One request to one subgraph.

    A root fetch asks root fields; an entity fetch asks ``_entities`` for the objects found at
    ``path`` (response keys from the root; lists are walked through) in the parent's result.
    """

    subgraph: str
    type_name: str
    path: tuple[str, ...] = ()
    is_entity: bool = False
    selections: list[SelectionNode] = field(default_factory=list)
    key_aliases: tuple[tuple[str, str], ...] = ()
    dependents: list[Fetch] = field(default_factory=list)
    document: str = ""
    variable_names: tuple[str, ...] = ()

    def dependent(self, subgraph: str, type_name: str, path: tuple[str, ...]) -> Fetch | None:
        return next(
            (
                d
                for d in self.dependents
                if d.subgraph == subgraph and d.type_name == type_name and d.path == path
            ),
            None,
        )

    def variables_in(self, variables: Mapping[str, Any]) -> dict[str, Any]:
        """The operation's variables this fetch's document uses."""
        return {n: variables[n] for n in self.variable_names if n in variables}

    def count(self) -> int:
        return 1 + sum(d.count() for d in self.dependents)


@dataclass
class QueryPlan:
    document: DocumentNode
    operation: OperationDefinitionNode
    root_fetches: list[Fetch]

    @property
    def sequential(self) -> bool:
        return self.operation.operation.value == "mutation"

    def describe(self) -> list[dict[str, object]]:
        """A readable form of the plan, for logs and tests."""

        def one(fetch: Fetch) -> dict[str, object]:
            return {
                "subgraph": fetch.subgraph,
                "entity": fetch.type_name if fetch.is_entity else None,
                "path": list(fetch.path),
                "document": fetch.document,
                "then": [one(d) for d in fetch.dependents],
            }

        return [one(f) for f in self.root_fetches]
