"""A query plan: root fetches, each with the entity fetches that depend on its result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionNode,
)

# What the gateway adds to a fetch for itself is aliased so it never meets the client's keys.
KEY_ALIAS_PREFIX = "_key_"
REQUIRES_ALIAS_PREFIX = "_requires_"
PRIVATE_PREFIXES = (KEY_ALIAS_PREFIX, REQUIRES_ALIAS_PREFIX, "__")


@dataclass
class Fetch:
    """One request to one subgraph.

    A root fetch asks root fields; an entity fetch asks ``_entities`` for the objects found at
    ``path`` (response keys from the root; lists are walked through) in the parent's result.
    ``key_aliases`` say which aliased field of each object fills which field of its
    representation: its key, and what the fetched fields ``@require``.
    """

    subgraph: str
    type_name: str
    path: tuple[str, ...] = ()
    is_entity: bool = False
    selections: list[SelectionNode] = field(default_factory=list)
    key_aliases: tuple[tuple[str, str], ...] = ()
    # The name the subgraph knows the entities by (an @interfaceObject's interface, say),
    # and the concrete types of the objects it is asked for; by default, ``type_name``.
    entity_type: str = ""
    object_types: frozenset[str] = frozenset()
    dependents: list[Fetch] = field(default_factory=list)
    # Entity fetches to the same subgraph at the same path, sent in this one's call.
    batched: list[Fetch] = field(default_factory=list)
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

    def lineage(self, descendant: Fetch) -> list[Fetch] | None:
        """The fetches from this one down to ``descendant`` (both included), or None when
        ``descendant`` does not wait on this one."""
        if descendant is self:
            return [self]
        for child in self.dependents:
            below = child.lineage(descendant)
            if below is not None:
                return [self, *below]
        return None

    def move_below(self, branch: Fetch, new_parent: Fetch) -> None:
        """Makes ``branch``, one of this fetch's dependents, wait on ``new_parent`` instead.

        Entity fetches find their objects by a path from the root, so a fetch can wait on any
        later one without changing what it is sent."""
        self.dependents = [d for d in self.dependents if d is not branch]
        new_parent.dependents.append(branch)

    def takes(self, typename: str) -> bool:
        """Whether an object of type ``typename`` at ``path`` is one this fetch asks for."""
        return typename in self.object_types if self.object_types else typename == self.type_name

    def variables_in(self, variables: Mapping[str, Any]) -> dict[str, Any]:
        """The operation's variables this fetch's document uses."""
        return {n: variables[n] for n in self.variable_names if n in variables}

    def response_keys(self) -> list[str]:
        """The client's response keys this fetch fills at its path."""

        def keys(selections: list[SelectionNode] | tuple[SelectionNode, ...]) -> list[str]:
            found: list[str] = []
            for selection in selections:
                if isinstance(selection, InlineFragmentNode):
                    found.extend(keys(selection.selection_set.selections))
                elif isinstance(selection, FieldNode):
                    key = (selection.alias or selection.name).value
                    if not key.startswith(PRIVATE_PREFIXES):
                        found.append(key)
            return list(dict.fromkeys(found))

        return keys(self.selections)

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
            parts = [fetch, *fetch.batched]
            return {
                "subgraph": fetch.subgraph,
                "entity": ", ".join(p.type_name for p in parts) if fetch.is_entity else None,
                "path": list(fetch.path),
                "document": fetch.document,
                "then": [one(d) for part in parts for d in part.dependents],
            }

        return [one(f) for f in self.root_fetches]
