"""Shapes merged subgraph data into exactly what the client asked for.

The client's operation is walked over the merged data (read by response key) with the API
schema's types, as GraphQL execution completes values: fragments by the object's runtime
type, aliases, @skip/@include, ``__typename``, leaf serialization and null propagation
follow the specification. What an object of a type selects is collected once per plan
(and per value of the variables @skip/@include read) and kept, so a request only walks
data. An operation that asks the schema itself (``__schema``, ``__type``) is executed by
graphql-core, which answers introspection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLAbstractType,
    GraphQLError,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    execute_sync,
    is_abstract_type,
    is_leaf_type,
)
from graphql.execution.values import VariableValues, get_directive_values
from graphql.type import GraphQLIncludeDirective, GraphQLSkipDirective

TYPENAME = "__typename"
_INTROSPECTION = frozenset({"__schema", "__type"})

# A null that must spread to the nearest nullable parent (its error is already recorded).
_FAILED = object()
Path = list[str | int]


@dataclass(frozen=True)
class _Field:
    key: str
    name: str
    type: GraphQLOutputType | None  # None for __typename
    nodes: tuple[FieldNode, ...]
    parent: str

    @property
    def selection_sets(self) -> tuple[SelectionSetNode, ...]:
        return tuple(n.selection_set for n in self.nodes if n.selection_set)


class ResponseShaper:
    """Shapes the answers of one prepared operation; made once per plan."""

    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode
    ) -> None:
        self._schema = schema
        self._document = document
        self._operation = operation
        self._fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        root = schema.get_root_type(operation.operation)
        assert root is not None  # validation refuses an operation the schema has no root for
        self._root = root
        self._conditions = _condition_variables(document)
        self._introspects = any(
            isinstance(s, FieldNode) and s.name.value in _INTROSPECTION
            for s in operation.selection_set.selections
        )
        self._collected: dict[tuple[Any, ...], tuple[_Field, ...]] = {}

    def shape(
        self,
        data: dict[str, Any],
        variables: VariableValues,
        raw_variables: dict[str, Any] | None,
        operation_name: str | None,
    ) -> ExecutionResult:
        """``variables`` are the request's coerced from its ``raw_variables``."""
        if self._introspects:
            return _executed(self._schema, self._document, operation_name, raw_variables, data)
        run = _Run(self, variables)
        shaped = run.object(self._root, (self._operation.selection_set,), data, [])
        return ExecutionResult(shaped, run.errors or None)

    def fields(
        self,
        object_type: GraphQLObjectType,
        selection_sets: tuple[SelectionSetNode, ...],
        variables: VariableValues,
    ) -> tuple[_Field, ...]:
        """What ``selection_sets`` select on an object of ``object_type``, merged by key."""
        key: tuple[Any, ...] = (object_type.name, *map(id, selection_sets))
        if self._conditions:
            key += tuple(variables.coerced.get(name) for name in self._conditions)
        found = self._collected.get(key)
        if found is None:
            found = self._collected[key] = self._collect(object_type, selection_sets, variables)
        return found

    def _collect(
        self,
        object_type: GraphQLObjectType,
        selection_sets: tuple[SelectionSetNode, ...],
        variables: VariableValues,
    ) -> tuple[_Field, ...]:
        """The specification's CollectFields, over every selection set of a merged field."""
        grouped: dict[str, list[FieldNode]] = {}
        visited: set[str] = set()

        def visit(selection_set: SelectionSetNode) -> None:
            for selection in selection_set.selections:
                if not _included(selection, variables):
                    continue
                if isinstance(selection, FieldNode):
                    grouped.setdefault((selection.alias or selection.name).value, []).append(
                        selection
                    )
                elif isinstance(selection, InlineFragmentNode):
                    condition = selection.type_condition
                    if condition is None or self._matches(condition.name.value, object_type):
                        visit(selection.selection_set)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self._fragments.get(name)
                    if name in visited or fragment is None:
                        continue
                    visited.add(name)
                    if self._matches(fragment.type_condition.name.value, object_type):
                        visit(fragment.selection_set)

        for selection_set in selection_sets:
            visit(selection_set)
        return tuple(self._field(object_type, key, nodes) for key, nodes in grouped.items())

    def _field(self, object_type: GraphQLObjectType, key: str, nodes: list[FieldNode]) -> _Field:
        name = nodes[0].name.value
        definition = object_type.fields.get(name)
        field_type = definition.type if definition is not None else None
        return _Field(key, name, field_type, tuple(nodes), object_type.name)

    def _matches(self, condition: str, object_type: GraphQLObjectType) -> bool:
        if condition == object_type.name:
            return True
        named = self._schema.get_type(condition)
        return isinstance(named, GraphQLAbstractType) and self._schema.is_sub_type(
            named, object_type
        )

    def runtime_type(self, abstract: GraphQLAbstractType, value: dict[str, Any]) -> Any:
        name = value.get(TYPENAME)
        runtime = self._schema.get_type(name) if isinstance(name, str) else None
        if isinstance(runtime, GraphQLObjectType) and self._schema.is_sub_type(abstract, runtime):
            return runtime
        return None


class _Run:
    """One answer's walk: the errors it finds, each at the client's path."""

    def __init__(self, shaper: ResponseShaper, variables: VariableValues) -> None:
        self._shaper = shaper
        self._variables = variables
        self.errors: list[GraphQLError] = []

    def object(
        self,
        object_type: GraphQLObjectType,
        selection_sets: tuple[SelectionSetNode, ...],
        source: dict[str, Any],
        path: Path,
    ) -> dict[str, Any] | None:
        """The object shaped, or None when a non-null field of it failed."""
        shaped: dict[str, Any] = {}
        for field in self._shaper.fields(object_type, selection_sets, self._variables):
            if field.type is None:  # __typename (validation allows no other unknown field)
                shaped[field.key] = object_type.name
                continue
            value = self._complete(field, field.type, source.get(field.key), [*path, field.key])
            if value is _FAILED:
                return None
            shaped[field.key] = value
        return shaped

    def _complete(self, field: _Field, of_type: GraphQLOutputType, value: Any, path: Path) -> Any:
        """The value completed; _FAILED when a null must spread past this position (a null
        in a non-null position records its error once, where it first appears)."""
        if isinstance(of_type, GraphQLNonNull):
            completed = self._value(field, of_type.of_type, value, path)
            if completed is None:
                message = f"Cannot return null for non-nullable field {field.parent}.{field.name}."
                self._error(message, field, path)
                return _FAILED
            return completed
        completed = self._value(field, of_type, value, path)
        return None if completed is _FAILED else completed

    def _value(self, field: _Field, of_type: Any, value: Any, path: Path) -> Any:
        if value is None:
            return None
        if isinstance(of_type, GraphQLList):
            return self._list(field, of_type, value, path)
        if is_leaf_type(of_type):
            return self._leaf(field, of_type, value, path)
        return self._composite(field, of_type, value, path)

    def _list(self, field: _Field, of_type: GraphQLList[Any], value: Any, path: Path) -> Any:
        if not isinstance(value, list):
            self._error(f"Expected a list for field {field.parent}.{field.name}.", field, path)
            return None
        items = []
        for index, item in enumerate(value):
            completed = self._complete(field, of_type.of_type, item, [*path, index])
            if completed is _FAILED:  # a non-null item's null spreads to the list
                return _FAILED
            items.append(completed)
        return items

    def _leaf(self, field: _Field, of_type: GraphQLLeafType, value: Any, path: Path) -> Any:
        try:
            return of_type.serialize(value)
        except (GraphQLError, TypeError, ValueError) as exc:
            self._error(str(exc), field, path)
            return None

    def _composite(self, field: _Field, of_type: Any, value: Any, path: Path) -> Any:
        if not isinstance(value, dict):
            self._error(f"Expected an object for field {field.parent}.{field.name}.", field, path)
            return None
        object_type = of_type
        if is_abstract_type(of_type):
            object_type = self._shaper.runtime_type(of_type, value)
            if object_type is None:
                message = (
                    f"Abstract type '{of_type.name}' must resolve to an Object type at runtime"
                    f" for field '{field.parent}.{field.name}'; no subgraph said which type"
                    f" {value.get(TYPENAME)!r} is."
                )
                self._error(message, field, path)
                return None
        shaped = self.object(object_type, field.selection_sets, value, path)
        return _FAILED if shaped is None else shaped

    def _error(self, message: str, field: _Field, path: Path) -> None:
        self.errors.append(GraphQLError(message, nodes=list(field.nodes), path=list(path)))


def _included(selection: Any, variables: VariableValues) -> bool:
    if not selection.directives:
        return True
    skip = get_directive_values(GraphQLSkipDirective, selection, variables)
    if skip and skip.get("if") is True:
        return False
    include = get_directive_values(GraphQLIncludeDirective, selection, variables)
    return not (include and include.get("if") is False)


def _condition_variables(document: DocumentNode) -> tuple[str, ...]:
    """The variables any @skip or @include of the document reads, in a stable order."""
    names: set[str] = set()

    def visit(selection_sets: Sequence[SelectionSetNode]) -> None:
        for selection_set in selection_sets:
            for selection in selection_set.selections:
                for directive in selection.directives or ():
                    if directive.name.value in ("skip", "include"):
                        for argument in directive.arguments or ():
                            variable = getattr(argument.value, "name", None)
                            if variable is not None:
                                names.add(variable.value)
                nested = getattr(selection, "selection_set", None)
                if nested is not None:
                    visit([nested])

    visit(
        [
            d.selection_set
            for d in document.definitions
            if isinstance(d, OperationDefinitionNode | FragmentDefinitionNode)
        ]
    )
    return tuple(sorted(names))


def _by_response_key(source: Any, info: GraphQLResolveInfo[Any], **_: Any) -> Any:
    if isinstance(source, dict):
        return source.get(info.path.key)
    return None


def _executed(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any] | None,
    data: dict[str, Any],
) -> ExecutionResult:
    """graphql-core's execution over the merged data: introspection answered by the schema."""
    return execute_sync(
        schema,
        document,
        root_value=data,
        variable_values=variables,
        operation_name=operation_name,
        field_resolver=_by_response_key,
    )
