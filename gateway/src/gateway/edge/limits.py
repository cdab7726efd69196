"""Operation limits: what a document may cost before the gateway validates and plans it.

Tokens are capped while parsing, so an enormous document is abandoned part way. Depth, aliases,
root fields and selected fields are counted on the parsed document before validation, whose
overlapping-fields rule grows with the square of the fields selected together. Depth follows
fragment spreads; aliases are counted as written in the document. Selected fields are counted
as if every fragment spread were replaced by its fragment, so a small document whose fragments
spread one another many times (a "fragment bomb") is refused by what it would expand to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graphql import DocumentNode, GraphQLError, parse
from graphql.language import ast

if TYPE_CHECKING:
    from gateway.settings import GatewaySettings

TOO_MANY_TOKENS = "TOO_MANY_TOKENS"
TOO_DEEP = "QUERY_TOO_DEEP"
TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
TOO_MANY_ROOT_FIELDS = "TOO_MANY_ROOT_FIELDS"
TOO_MANY_FIELDS = "TOO_MANY_FIELDS"
# graphql-core's words when one of its own limits stops the parser.
_ABORTED = "Parsing aborted."
_NESTED = "nested too deeply"


class LimitExceeded(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class OperationLimits:
    """The default depth lets the standard introspection query through: it is 15 fields deep
    (a root field is 1), as its type references nest ``ofType`` nine times."""

    max_depth: int = 15  # fields within fields, through fragments
    max_aliases: int = 100
    max_root_fields: int = 20  # in each operation, through fragments
    max_tokens: int = 5000  # lexical tokens; as many comments again
    max_selected_fields: int = 2000  # in each operation, fragments expanded

    @classmethod
    def from_settings(cls, settings: GatewaySettings) -> OperationLimits:
        """Every limit from its setting, so a new limit needs no change where this is built."""
        return cls(
            settings.max_depth,
            settings.max_aliases,
            settings.max_root_fields,
            settings.max_tokens,
            settings.max_selected_fields,
        )

    def parse(self, query: str) -> DocumentNode:
        """The document, unless it has more tokens (or comments) than allowed."""
        try:
            return parse(query, max_lexical_tokens=self.max_tokens, max_comments=self.max_tokens)
        except GraphQLError as exc:
            if _ABORTED not in exc.message:
                raise
            if _NESTED in exc.message:
                raise LimitExceeded(
                    f"The operation is nested too deeply; at most {self.max_depth} fields"
                    " deep are allowed.",
                    TOO_DEEP,
                ) from exc
            raise LimitExceeded(
                f"The document has more than {self.max_tokens} tokens; send a smaller one.",
                TOO_MANY_TOKENS,
            ) from exc

    def check(self, document: DocumentNode) -> None:
        """Raises LimitExceeded for the first limit ``document`` goes over."""
        fragments = {
            d.name.value: d
            for d in document.definitions
            if isinstance(d, ast.FragmentDefinitionNode)
        }
        aliases = _alias_count(document)
        if aliases > self.max_aliases:
            raise LimitExceeded(
                f"The document uses {aliases} aliases; at most {self.max_aliases} are allowed.",
                TOO_MANY_ALIASES,
            )
        depth_of, fields_of = _Measure(fragments, max), _Measure(fragments, sum)
        for definition in document.definitions:
            if not isinstance(definition, ast.OperationDefinitionNode):
                continue
            roots = _root_field_count(definition.selection_set, fragments, set())
            if roots > self.max_root_fields:
                raise LimitExceeded(
                    f"The operation selects {roots} root fields;"
                    f" at most {self.max_root_fields} are allowed.",
                    TOO_MANY_ROOT_FIELDS,
                )
            depth = depth_of.of(definition.selection_set)
            if depth > self.max_depth:
                raise LimitExceeded(
                    f"The operation is nested {depth} fields deep;"
                    f" at most {self.max_depth} are allowed.",
                    TOO_DEEP,
                )
            self._check_fields(fields_of.of(definition.selection_set))

    def _check_fields(self, fields: int) -> None:
        """Counted as expanded: the work the operation asks for, not the size of its text."""
        if fields > self.max_selected_fields:
            raise LimitExceeded(
                f"The operation selects {fields:,} fields once its fragments are expanded;"
                f" at most {self.max_selected_fields:,} are allowed. Spread fewer fragments,"
                " or split the operation.",
                TOO_MANY_FIELDS,
            )


def _alias_count(document: DocumentNode) -> int:
    count = 0
    pending: list[ast.SelectionSetNode] = [
        d.selection_set
        for d in document.definitions
        if isinstance(d, ast.OperationDefinitionNode | ast.FragmentDefinitionNode)
    ]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, ast.FieldNode) and selection.alias is not None:
                count += 1
            nested = getattr(selection, "selection_set", None)
            if nested is not None:
                pending.append(nested)
    return count


def _root_field_count(
    selection_set: ast.SelectionSetNode,
    fragments: dict[str, ast.FragmentDefinitionNode],
    spread: set[str],
) -> int:
    count = 0
    for selection in selection_set.selections:
        if isinstance(selection, ast.FieldNode):
            count += 1
        elif isinstance(selection, ast.InlineFragmentNode):
            count += _root_field_count(selection.selection_set, fragments, spread)
        elif isinstance(selection, ast.FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in spread:
                spread.add(name)
                count += _root_field_count(fragments[name].selection_set, fragments, spread)
    return count


class _Measure:
    """A number for a selection set, with its fragments followed: ``combine`` (max for depth,
    sum for the fields selected) joins the numbers of the selections side by side, and a
    field is 1 more than the number of what it selects. Each fragment is measured once and
    remembered, so a fragment spread many times costs one walk however large its expansion.
    A cycle of fragments counts as nothing here: validation refuses it next."""

    def __init__(
        self,
        fragments: dict[str, ast.FragmentDefinitionNode],
        combine: Callable[[list[int]], int],
    ) -> None:
        self._fragments = fragments
        self._combine = combine
        self._known: dict[str, int] = {}
        self._visiting: set[str] = set()

    def of(self, selection_set: ast.SelectionSetNode) -> int:
        # The leading 0: max of nothing is 0 (graphql-core parses an empty selection set).
        return self._combine([0, *map(self._selection, selection_set.selections)])

    def _selection(self, selection: ast.SelectionNode) -> int:
        if isinstance(selection, ast.FieldNode):
            return 1 + (self.of(selection.selection_set) if selection.selection_set else 0)
        if isinstance(selection, ast.InlineFragmentNode):
            return self.of(selection.selection_set)
        if isinstance(selection, ast.FragmentSpreadNode):
            return self._fragment(selection.name.value)
        return 0

    def _fragment(self, name: str) -> int:
        if name not in self._known and name in self._fragments and name not in self._visiting:
            self._measure_with_its_fragments(name)
        return self._known.get(name, 0)

    def _measure_with_its_fragments(self, name: str) -> None:
        """Measures ``name`` after every fragment it spreads, on a stack of its own rather than
        by recursion, so that a long chain of fragments cannot exhaust Python's stack."""
        stack = [name]
        while stack:
            current = stack[-1]
            if current in self._visiting:  # what it spreads is measured (or in a cycle)
                self._known[current] = self.of(self._fragments[current].selection_set)
                self._visiting.discard(current)
                stack.pop()
            elif current in self._known:
                stack.pop()
            else:
                self._visiting.add(current)
                stack.extend(
                    spread
                    for spread in _spread_names(self._fragments[current].selection_set)
                    if spread in self._fragments
                    and spread not in self._known
                    and spread not in self._visiting
                )


def _spread_names(selection_set: ast.SelectionSetNode) -> list[str]:
    """The fragments spread anywhere within ``selection_set``, inside its fields included."""
    names: list[str] = []
    pending = [selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, ast.FragmentSpreadNode):
                names.append(selection.name.value)
            elif (nested := getattr(selection, "selection_set", None)) is not None:
                pending.append(nested)
    return names
