"""Plans an operation across subgraphs from the supergraph's who-resolves-what.

Fields a subgraph cannot resolve on an entity are moved to an ``_entities`` fetch on a
subgraph that can, after the entity's key fields, and the fields it ``@requires``, are added
(under private aliases) to the parent fetch; a required field another subgraph must give is
planned the same way, so ``@requires`` chains of any length become fetches that wait on each
other. Objects a subgraph returns as an ``@interfaceObject`` are first sent, by key, to the
interface's own subgraph for their concrete type. Fields a subgraph ``@provides`` below a field
are taken from it. Fetches to the same subgraph for the same objects are merged, so N
entities cost one call; a root field several subgraphs resolve goes to the one whose plan
needs the fewest fetches.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

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
from gateway.composition.subgraph import Key
from gateway.planning.documents import finalize
from gateway.planning.plan import KEY_ALIAS_PREFIX, REQUIRES_ALIAS_PREFIX, Fetch, QueryPlan

_UNREACHABLE = 1_000_000
TYPENAME = FieldNode(name=NameNode(value="__typename"))
INTROSPECTION_ROOTS = frozenset({"__schema", "__type", "__typename"})


Conditioned = TypeVar("Conditioned", bound=SelectionNode)


class PlanningError(GraphQLError):
    pass


class QueryPlanner:
    def __init__(self, supergraph: Supergraph) -> None:
        self._sg = supergraph
        self._fragments: dict[str, FragmentDefinitionNode] = {}
        # The entity fields being reached, so that keys needing each other fail, not loop.
        self._reaching: set[tuple[str, str]] = set()

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
            name = field.name.value
            subgraph = self._root_owner(root_type, field, roots, sequential=sequential)
            fetch = self._root_fetch(roots, subgraph, root_type, sequential=sequential)
            fetch.selections.append(
                self._field(fetch, root_type, field, (), self._provides(fetch, root_type, name))
            )
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
    def _with_directives(selection: Conditioned, fragment: SelectionNode) -> Conditioned:
        """A fragment's @skip/@include applies to each of its selections, so that a field the
        planner moves to another fetch keeps the condition it had in the client's document."""
        if not fragment.directives:
            return selection
        return replace(selection, directives=(*fragment.directives, *(selection.directives or ())))

    def _conditioned_selection_set(self, fragment: SelectionNode) -> SelectionSetNode:
        inner = self._fragment_selection_set(fragment)
        if not fragment.directives:
            return inner
        return SelectionSetNode(
            selections=tuple(self._with_directives(s, fragment) for s in inner.selections)
        )

    def _fragment_selection_set(self, selection: SelectionNode) -> SelectionSetNode:
        if isinstance(selection, InlineFragmentNode):
            return selection.selection_set
        assert isinstance(selection, FragmentSpreadNode)
        return self._fragments[selection.name.value].selection_set

    def _root_owner(
        self, root_type: str, field: FieldNode, roots: list[Fetch], *, sequential: bool
    ) -> str:
        """The subgraph whose plan for ``field`` costs the fewest fetches.

        A root fetch already planned to a subgraph takes the field for free, so joining it
        wins a tie; otherwise subgraphs keep their composition order.
        """
        owners = self._sg.resolvers(root_type, field.name.value)
        if not owners:
            raise PlanningError(f'No subgraph resolves the field "{field.name.value}".')
        joinable = {f.subgraph for f in (roots[-1:] if sequential else roots)}
        costs = {owner: self._cost(owner, root_type, field) for owner in owners}
        cheapest = min(owners, key=lambda owner: costs[owner] - (owner in joinable))
        if costs[cheapest] == _UNREACHABLE:
            raise PlanningError(
                f'The field "{field.name.value}" cannot be planned from any of the subgraphs '
                f"that resolve it: {', '.join(owners)}."
            )
        return cheapest

    def _cost(self, subgraph: str, root_type: str, field: FieldNode) -> int:
        trial = Fetch(subgraph, root_type)
        try:
            self._field(
                trial, root_type, field, (), self._provides(trial, root_type, field.name.value)
            )
        except PlanningError:
            return _UNREACHABLE
        return trial.count()

    def _field(
        self,
        fetch: Fetch,
        parent: str,
        field: FieldNode,
        path: tuple[str, ...],
        provided: SelectionSetNode | None,
    ) -> FieldNode:
        if field.selection_set is None:
            return field
        definition = self._sg.api_schema.get_type(parent).fields[field.name.value]  # type: ignore[union-attr]
        return_type = get_named_type(definition.type)
        key = field.alias.value if field.alias else field.name.value
        selection_set = field.selection_set
        if is_abstract_type(return_type):
            # The concrete type is planned like any field: an @interfaceObject cannot give it.
            selection_set = SelectionSetNode(selections=(TYPENAME, *selection_set.selections))
        inner = self._selection_set(fetch, return_type.name, selection_set, (*path, key), provided)
        return FieldNode(
            alias=field.alias,
            name=field.name,
            arguments=field.arguments,
            directives=field.directives,
            selection_set=inner,
        )

    def _selection_set(
        self,
        fetch: Fetch,
        parent: str,
        selection_set: SelectionSetNode,
        path: tuple[str, ...],
        provided: SelectionSetNode | None,
    ) -> SelectionSetNode:
        planned: list[SelectionNode] = []
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                self._plan_field(fetch, parent, selection, path, planned, provided)
                continue
            condition = self._type_condition(selection) or parent
            if condition != parent and self._untyped(fetch, parent, path):
                resolution = self._type_resolution(fetch, parent, path, planned)
                self._plan_fragment(resolution, condition, selection, path, resolution.selections)
                continue
            self._plan_fragment(fetch, condition, selection, path, planned, provided)
        return SelectionSetNode(selections=tuple(planned))

    def _plan_fragment(
        self,
        fetch: Fetch,
        condition: str,
        fragment: SelectionNode,
        path: tuple[str, ...],
        planned: list[SelectionNode],
        provided: SelectionSetNode | None = None,
    ) -> None:
        """Plans the fields of ``fragment`` (on ``condition``) in ``fetch``, and keeps it as an
        inline fragment there when ``fetch``'s subgraph knows the type."""
        inner = self._selection_set(
            fetch, condition, self._conditioned_selection_set(fragment), path, provided
        )
        if inner.selections and self._sg.defines(fetch.subgraph, condition):
            planned.append(
                InlineFragmentNode(
                    type_condition=NamedTypeNode(name=NameNode(value=condition)),
                    directives=fragment.directives,
                    selection_set=inner,
                )
            )

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
        provided: SelectionSetNode | None,
    ) -> Fetch:
        """Plans ``field`` in ``fetch`` when its subgraph can resolve it, else in an entity
        fetch that depends on it; returns the fetch that took it."""
        name = field.name.value
        given = _provided_field(provided, name)
        local = given is not None or (
            fetch.subgraph in self._sg.resolvers(parent, name)
            and not self._requires_elsewhere(fetch, parent, name, provided)
        )
        if not local and self._untyped(fetch, parent, path):
            resolution = self._type_resolution(fetch, parent, path, planned)
            if field is TYPENAME:
                return resolution
            return self._plan_field(resolution, parent, field, path, resolution.selections, None)
        if local or name == "__typename":
            below = (
                given.selection_set if given is not None else self._provides(fetch, parent, name)
            )
            planned.append(self._field(fetch, parent, field, path, below))
            return fetch
        entity_fetch = self._entity_fetch(fetch, parent, name, path, planned, provided)
        entity_fetch.selections.append(
            self._field(
                entity_fetch, parent, field, path, self._provides(entity_fetch, parent, name)
            )
        )
        return entity_fetch

    def _requires_elsewhere(
        self, fetch: Fetch, parent: str, name: str, provided: SelectionSetNode | None
    ) -> bool:
        """Whether ``fetch``'s subgraph ``@requires``, for ``parent.name``, a field it cannot
        give itself: the field then waits for an entity fetch to the same subgraph, sent
        after the required field is fetched from another."""
        sub_type = self._sg.subgraphs[fetch.subgraph].types.get(
            self._sg.entity_type(fetch.subgraph, parent)
        )
        sub_field = sub_type.fields.get(name) if sub_type else None
        if sub_field is None or sub_field.requires is None:
            return False
        required = [
            (f.name.value, f) for f in sub_field.requires.selections if isinstance(f, FieldNode)
        ]
        return not self._all_local(fetch, parent, required, provided)

    def _provides(self, fetch: Fetch, parent: str, name: str) -> SelectionSetNode | None:
        """The fields ``fetch``'s subgraph promises, with ``@provides``, below ``parent.name``."""
        subgraph = self._sg.subgraphs[fetch.subgraph]
        kind = next((k for k, root in self._sg.roots.items() if root == parent), None)
        type_name = (subgraph.root_type_name(kind) if kind else None) or parent
        sub_type = subgraph.types.get(type_name)
        sub_field = sub_type.fields.get(name) if sub_type else None
        return sub_field.provides if sub_field else None

    def _entity_fetch(
        self,
        fetch: Fetch,
        parent: str,
        field_name: str,
        path: tuple[str, ...],
        planned: list[SelectionNode],
        provided: SelectionSetNode | None,
    ) -> Fetch:
        """The ``_entities`` fetch that resolves ``parent.field_name`` for ``fetch``'s objects.

        Its representation (a key, and what the field ``@requires``) is added to ``fetch``
        under private aliases; what ``fetch``'s subgraph cannot give is planned, first, in
        entity fetches of its own (a chain, when those require more), and the entity fetch
        then waits for them.
        """
        options = [
            (target, key, self._representation(parent, field_name, target, key))
            for target in self._sg.resolvers(parent, field_name)
            for key in self._sg.resolvable_keys(parent, target)
        ]
        target, representation = self._cheapest(fetch, parent, field_name, options, provided)
        after = self._plan_representation(
            fetch, parent, field_name, representation, path, planned, provided
        )
        if self._sg.types[parent].kind != "object_type_definition":
            planned.append(TYPENAME)
        return self._attach(after, target, parent, path, representation, self._object_types(parent))

    def _type_resolution(
        self, fetch: Fetch, parent: str, path: tuple[str, ...], planned: list[SelectionNode]
    ) -> Fetch:
        """The entity fetch that asks the interface ``parent``'s own subgraph the concrete
        type of objects ``fetch``'s subgraph returns as an ``@interfaceObject`` (it answers
        ``__typename`` with the interface), by their key, as Apollo Router does. What
        ``fetch`` cannot give of them is then planned from that fetch, whose objects are typed.
        """
        options = [
            (owner, key, self._representation(parent, "__typename", owner, key))
            for owner in self._sg.types[parent].subgraphs
            if not self._sg.subgraphs[owner].types[parent].interface_object
            for key in self._sg.resolvable_keys(parent, owner)
        ]
        if not options:
            raise PlanningError(
                f'The concrete types of the "{parent}" objects the subgraph "{fetch.subgraph}" '
                f'returns cannot be found: no subgraph defines the interface "{parent}" with a '
                "resolvable @key."
            )
        owner, representation = self._cheapest(fetch, parent, "__typename", options, None)
        after = self._plan_representation(
            fetch, parent, "__typename", representation, path, planned, None
        )
        resolution = self._attach(after, owner, parent, path, representation, frozenset())
        if not any(s is TYPENAME for s in resolution.selections):
            resolution.selections.insert(0, TYPENAME)
        return resolution

    def _cheapest(
        self,
        fetch: Fetch,
        parent: str,
        field_name: str,
        options: list[tuple[str, Key, list[tuple[str, FieldNode]]]],
        provided: SelectionSetNode | None,
    ) -> tuple[str, list[tuple[str, FieldNode]]]:
        """The subgraph (and representation) to send the objects to: one whose representation
        ``fetch`` gives itself, when there is one, as that needs no fetch before it."""
        if not options or (parent, field_name) in self._reaching:
            raise self._unreachable(fetch, parent, field_name)
        options = sorted(
            options, key=lambda option: not self._all_local(fetch, parent, option[2], provided)
        )
        target, _, representation = options[0]
        return target, representation

    def _plan_representation(
        self,
        fetch: Fetch,
        parent: str,
        field_name: str,
        representation: list[tuple[str, FieldNode]],
        path: tuple[str, ...],
        planned: list[SelectionNode],
        provided: SelectionSetNode | None,
    ) -> Fetch:
        """Plans the representation's fields in ``fetch`` (or in the fetches that give them);
        returns the fetch after which all of them have answered."""
        self._reaching.add((parent, field_name))
        try:
            sources = [
                self._plan_field(fetch, parent, _aliased(needed, alias), path, planned, provided)
                for alias, needed in representation
            ]
        except PlanningError:
            raise self._unreachable(fetch, parent, field_name) from None
        finally:
            self._reaching.discard((parent, field_name))
        return _after_all(fetch, sources)

    def _attach(
        self,
        after: Fetch,
        target: str,
        parent: str,
        path: tuple[str, ...],
        representation: list[tuple[str, FieldNode]],
        object_types: frozenset[str],
    ) -> Fetch:
        """The entity fetch to ``target`` waiting on ``after``: the one already there for the
        same objects, sent this representation too, or a new one."""
        aliases = tuple((alias, needed.name.value) for alias, needed in representation)
        existing = after.dependent(target, parent, path)
        if existing is not None:
            existing.key_aliases = tuple(dict.fromkeys((*existing.key_aliases, *aliases)))
            return existing
        created = Fetch(
            target,
            parent,
            path,
            is_entity=True,
            key_aliases=aliases,
            entity_type=self._sg.entity_type(target, parent),
            object_types=object_types,
        )
        after.dependents.append(created)
        return created

    def _untyped(self, fetch: Fetch, parent: str, path: tuple[str, ...]) -> bool:
        """Whether ``fetch`` returns the objects of ``parent`` at ``path`` without their
        concrete type: its subgraph sees the interface as an ``@interfaceObject``. The objects
        an entity fetch is sent are typed already."""
        seen = self._sg.subgraphs[fetch.subgraph].types.get(parent)
        if seen is None or not seen.interface_object:
            return False
        return not (fetch.is_entity and path == fetch.path)

    def _object_types(self, type_name: str) -> frozenset[str]:
        named = self._sg.api_schema.get_type(type_name)
        if named is None or not is_abstract_type(named):
            return frozenset({type_name})
        return frozenset(t.name for t in self._sg.api_schema.get_possible_types(named))

    def _representation(
        self, parent: str, field_name: str, target: str, key: Key
    ) -> list[tuple[str, FieldNode]]:
        """The fields ``target`` is sent for one object: its key, then what the field requires."""
        needed = [
            (KEY_ALIAS_PREFIX + f.name.value, f)
            for f in key.selection.selections
            if isinstance(f, FieldNode)
        ]
        sub_type = self._sg.subgraphs[target].types.get(self._sg.entity_type(target, parent))
        sub_field = sub_type.fields.get(field_name) if sub_type else None
        if sub_field is not None and sub_field.requires is not None:
            needed.extend(
                (REQUIRES_ALIAS_PREFIX + f.name.value, f)
                for f in sub_field.requires.selections
                if isinstance(f, FieldNode)
            )
        return needed

    def _all_local(
        self,
        fetch: Fetch,
        parent: str,
        representation: list[tuple[str, FieldNode]],
        provided: SelectionSetNode | None,
    ) -> bool:
        return all(
            fetch.subgraph in self._sg.resolvers(parent, f.name.value)
            or _provided_field(provided, f.name.value) is not None
            for _, f in representation
        )

    @staticmethod
    def _unreachable(fetch: Fetch, parent: str, field_name: str) -> PlanningError:
        return PlanningError(
            f'The field "{parent}.{field_name}" cannot be reached from the subgraph '
            f'"{fetch.subgraph}": no subgraph that resolves it has a key (and required '
            f'fields) that "{fetch.subgraph}" can provide, directly or through other '
            "subgraphs."
        )


def _after_all(fetch: Fetch, sources: list[Fetch]) -> Fetch:
    """The fetch after which every one of ``sources`` (``fetch`` or fetches waiting on it)
    has answered. Sources on one line end at its deepest; a source on another branch is moved,
    with its branch, below the line's end: the plan is a tree, so a fetch waits on one other.
    """
    last = fetch
    for source in sources:
        source_line = fetch.lineage(source)
        last_line = fetch.lineage(last)
        assert source_line is not None and last_line is not None
        if any(f is last for f in source_line):
            last = source
        elif not any(f is source for f in last_line):
            shared = _shared_length(source_line, last_line)
            source_line[shared - 1].move_below(source_line[shared], last)
            last = source
    return last


def _shared_length(one: list[Fetch], other: list[Fetch]) -> int:
    shared = 0
    while shared < min(len(one), len(other)) and one[shared] is other[shared]:
        shared += 1
    return shared


def _aliased(field: FieldNode, alias: str) -> FieldNode:
    return FieldNode(
        alias=NameNode(value=alias),
        name=field.name,
        arguments=field.arguments,
        directives=(),
        selection_set=field.selection_set,
    )


def _provided_field(provided: SelectionSetNode | None, name: str) -> FieldNode | None:
    if provided is None:
        return None
    return next(
        (s for s in provided.selections if isinstance(s, FieldNode) and s.name.value == name),
        None,
    )
