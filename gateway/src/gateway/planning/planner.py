"""Plans an operation across subgraphs from the supergraph's who-resolves-what.

Fields a subgraph cannot resolve on an entity are moved to an ``_entities`` fetch on a
subgraph that can, after the entity's key fields are added (under private aliases) to the
parent fetch. Fetches to the same subgraph for the same objects are merged, so N entities
cost one call.
"""

from __future__ import annotations

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    NamedTypeNode,
    NameNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    get_named_type,
    is_abstract_type,
)

from gateway.composition.compose import Supergraph
from gateway.planning.documents import finalize
from gateway.planning.plan import Fetch, QueryPlan

KEY_ALIAS_PREFIX = "_key_"
TYPENAME = FieldNode(name=NameNode(value="__typename"))
INTROSPECTION_ROOTS = frozenset({"__schema", "__type", "__typename"})


class PlanningError(GraphQLError):
    pass


class QueryPlanner:
    def __init__(self, supergraph: Supergraph) -> None:
        self._sg = supergraph
        self._fragments: dict[str, FragmentDefinitionNode] = {}

    def plan(self, document: DocumentNode, operation: OperationDefinitionNode) -> QueryPlan:
        self._fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        kind = operation.operation.value
        root_type = self._sg.roots[kind]
        roots: list[Fetch] = []
        sequential = kind == "mutation"
        for field in self._root_fields(operation.selection_set, root_type):
            if field.name.value in INTROSPECTION_ROOTS:
                continue
            subgraph = self._root_owner(root_type, field, roots, sequential=sequential)
            fetch = self._root_fetch(roots, subgraph, root_type, sequential=sequential)
            fetch.selections.append(self._field(fetch, root_type, field, ()))
        for fetch in roots:
            finalize(fetch, operation)
        return QueryPlan(document, operation, roots)

    @staticmethod
    def _root_fetch(
        roots: list[Fetch], subgraph: str, root_type: str, *, sequential: bool
    ) -> Fetch:
        # Mutation fields run in document order, so only the last fetch may take one more.
        for fetch in roots[-1:] if sequential else roots:
            if fetch.subgraph == subgraph:
                return fetch
        created = Fetch(subgraph, root_type)
        roots.append(created)
        return created

    def _root_fields(self, selection_set: SelectionSetNode, root_type: str) -> list[FieldNode]:
        fields: list[FieldNode] = []
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                fields.append(selection)
                continue
            inner = self._fragment_selection_set(selection)
            fields.extend(
                self._with_directives(f, selection) for f in self._root_fields(inner, root_type)
            )
        return fields

    @staticmethod
    def _with_directives(field: FieldNode, fragment: SelectionNode) -> FieldNode:
        """A root fragment's @skip/@include applies to each of its fields."""
        if not fragment.directives:
            return field
        return FieldNode(
            alias=field.alias,
            name=field.name,
            arguments=field.arguments,
            directives=(*fragment.directives, *(field.directives or ())),
            selection_set=field.selection_set,
        )

    def _fragment_selection_set(self, selection: SelectionNode) -> SelectionSetNode:
        if isinstance(selection, InlineFragmentNode):
            return selection.selection_set
        assert isinstance(selection, FragmentSpreadNode)
        return self._fragments[selection.name.value].selection_set

    def _root_owner(
        self, root_type: str, field: FieldNode, roots: list[Fetch], *, sequential: bool
    ) -> str:
        owners = self._sg.resolvers(root_type, field.name.value)
        if not owners:
            raise PlanningError(f'No subgraph resolves the field "{field.name.value}".')
        preferred = [roots[-1]] if sequential and roots else roots
        for fetch in preferred:
            if fetch.subgraph in owners:
                return fetch.subgraph
        return owners[0]

    def _field(
        self, fetch: Fetch, parent: str, field: FieldNode, path: tuple[str, ...]
    ) -> FieldNode:
        if field.selection_set is None:
            return field
        definition = self._sg.api_schema.get_type(parent).fields[field.name.value]  # type: ignore[union-attr]
        return_type = get_named_type(definition.type)
        key = field.alias.value if field.alias else field.name.value
        inner = self._selection_set(fetch, return_type.name, field.selection_set, (*path, key))
        if is_abstract_type(return_type):
            inner = SelectionSetNode(selections=(TYPENAME, *inner.selections))
        return FieldNode(
            alias=field.alias,
            name=field.name,
            arguments=field.arguments,
            directives=field.directives,
            selection_set=inner,
        )

    def _selection_set(
        self, fetch: Fetch, parent: str, selection_set: SelectionSetNode, path: tuple[str, ...]
    ) -> SelectionSetNode:
        planned: list[SelectionNode] = []
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                self._plan_field(fetch, parent, selection, path, planned)
                continue
            condition = self._type_condition(selection) or parent
            inner = self._selection_set(
                fetch, condition, self._fragment_selection_set(selection), path
            )
            if inner.selections and self._sg.defines(fetch.subgraph, condition):
                planned.append(
                    InlineFragmentNode(
                        type_condition=NamedTypeNode(name=NameNode(value=condition)),
                        directives=selection.directives,
                        selection_set=inner,
                    )
                )
        return SelectionSetNode(selections=tuple(planned))

    def _type_condition(self, selection: SelectionNode) -> str | None:
        if isinstance(selection, InlineFragmentNode):
            return selection.type_condition.name.value if selection.type_condition else None
        assert isinstance(selection, FragmentSpreadNode)
        return self._fragments[selection.name.value].type_condition.name.value

    def _plan_field(
        self,
        fetch: Fetch,
        parent: str,
        field: FieldNode,
        path: tuple[str, ...],
        planned: list[SelectionNode],
    ) -> None:
        name = field.name.value
        if name == "__typename" or fetch.subgraph in self._sg.resolvers(parent, name):
            planned.append(self._field(fetch, parent, field, path))
            return
        entity_fetch = self._entity_fetch(fetch, parent, name, path, planned)
        entity_fetch.selections.append(self._field(entity_fetch, parent, field, path))

    def _entity_fetch(
        self,
        fetch: Fetch,
        parent: str,
        field_name: str,
        path: tuple[str, ...],
        planned: list[SelectionNode],
    ) -> Fetch:
        for target in self._sg.resolvers(parent, field_name):
            for key in self._sg.resolvable_keys(parent, target):
                key_fields = [s for s in key.selection.selections if isinstance(s, FieldNode)]
                if not all(
                    fetch.subgraph in self._sg.resolvers(parent, f.name.value) for f in key_fields
                ):
                    continue
                aliases = tuple((KEY_ALIAS_PREFIX + f.name.value, f.name.value) for f in key_fields)
                for alias, key_field in zip(aliases, key_fields, strict=True):
                    planned.append(
                        FieldNode(
                            alias=NameNode(value=alias[0]),
                            name=key_field.name,
                            selection_set=key_field.selection_set,
                        )
                    )
                if self._sg.types[parent].kind != "object_type_definition":
                    planned.append(TYPENAME)
                existing = fetch.dependent(target, parent, path)
                if existing is not None:
                    return existing
                created = Fetch(target, parent, path, is_entity=True, key_aliases=aliases)
                fetch.dependents.append(created)
                return created
        raise PlanningError(
            f'The field "{parent}.{field_name}" cannot be reached from the subgraph '
            f'"{fetch.subgraph}": no subgraph that resolves it has a key that '
            f'"{fetch.subgraph}" can provide.'
        )
