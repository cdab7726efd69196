"""Operation limits: what a document may cost before the gateway validates and plans it.

Tokens are capped while parsing, so an enormous document is abandoned part way. Depth, aliases
and root fields are counted on the parsed document before validation, whose overlapping-fields
rule grows with the square of the fields selected together. Depth follows fragment spreads;
aliases are counted as written in the document (a fragment spread many times is not counted
again: that is a question of cost, not of size).
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import DocumentNode, GraphQLError, parse
from graphql.language import ast

TOO_MANY_TOKENS = "TOO_MANY_TOKENS"
TOO_DEEP = "QUERY_TOO_DEEP"
TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
TOO_MANY_ROOT_FIELDS = "TOO_MANY_ROOT_FIELDS"
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
        counter = _Depth(fragments)
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
            depth = counter.of(definition.selection_set)
            if depth > self.max_depth:
                raise LimitExceeded(
                    f"The operation is nested {depth} fields deep;"
                    f" at most {self.max_depth} are allowed.",
                    TOO_DEEP,
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


class _Depth:
    """Field nesting through fragments; a fragment's depth is counted once. A cycle of
    fragments counts as nothing here: validation refuses it next."""

    def __init__(self, fragments: dict[str, ast.FragmentDefinitionNode]) -> None:
        self._fragments = fragments
        self._known: dict[str, int] = {}
        self._visiting: set[str] = set()

    def of(self, selection_set: ast.SelectionSetNode) -> int:
        deepest = 0
        for selection in selection_set.selections:
            if isinstance(selection, ast.FieldNode):
                below = self.of(selection.selection_set) if selection.selection_set else 0
                deepest = max(deepest, 1 + below)
            elif isinstance(selection, ast.InlineFragmentNode):
                deepest = max(deepest, self.of(selection.selection_set))
            elif isinstance(selection, ast.FragmentSpreadNode):
                deepest = max(deepest, self._fragment(selection.name.value))
        return deepest

    def _fragment(self, name: str) -> int:
        if name in self._known:
            return self._known[name]
        fragment = self._fragments.get(name)
        if fragment is None or name in self._visiting:
            return 0
        self._visiting.add(name)
        depth = self.of(fragment.selection_set)
        self._visiting.discard(name)
        self._known[name] = depth
        return depth
