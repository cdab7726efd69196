"""Merges subgraph schemas into the API schema clients see, with who resolves what.

The rules follow Federation v2: a field resolved by several subgraphs must be shareable
(key fields and ``@shareable`` types are), ``@override`` moves a field, ``@external`` fields
are resolved elsewhere, ``@inaccessible`` hides a type or field from the API schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from graphql import (
    ConstDirectiveNode,
    DefinitionNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    EnumValueDefinitionNode,
    FieldDefinitionNode,
    FieldNode,
    GraphQLSchema,
    InputObjectTypeDefinitionNode,
    InputValueDefinitionNode,
    InterfaceTypeDefinitionNode,
    NamedTypeNode,
    NameNode,
    NonNullTypeNode,
    ObjectTypeDefinitionNode,
    OperationType,
    OperationTypeDefinitionNode,
    ScalarTypeDefinitionNode,
    SchemaDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    TypeNode,
    UnionTypeDefinitionNode,
    build_ast_schema,
    print_ast,
)

from gateway.composition.subgraph import Key, Subgraph, SubgraphType, named_type

API_DIRECTIVES = frozenset({"deprecated", "specifiedBy", "oneOf"})
BUILT_IN_SCALARS = frozenset({"String", "Int", "Float", "Boolean", "ID"})


class CompositionError(Exception):
    """The subgraphs cannot be composed; every problem is listed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("composition failed:\n" + "\n".join(f"  - {p}" for p in problems))
        self.problems = problems


@dataclass
class MergedField:
    name: str
    node: FieldDefinitionNode
    type_node: TypeNode
    definers: list[str] = field(default_factory=list)
    resolvers: list[str] = field(default_factory=list)
    inaccessible: bool = False


@dataclass
class MergedType:
    name: str
    kind: str
    subgraphs: list[str] = field(default_factory=list)
    description: StringValueNode | None = None
    fields: dict[str, MergedField] = field(default_factory=dict)
    interfaces: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    enum_values: dict[str, EnumValueDefinitionNode] = field(default_factory=dict)
    input_fields: dict[str, InputValueDefinitionNode] = field(default_factory=dict)
    keys: dict[str, list[Key]] = field(default_factory=dict)
    inaccessible: bool = False


@dataclass
class Supergraph:
    subgraphs: dict[str, Subgraph]
    types: dict[str, MergedType]
    roots: dict[str, str]
    api_schema: GraphQLSchema
    api_sdl: str

    def resolvers(self, type_name: str, field_name: str) -> list[str]:
        merged = self.types.get(type_name)
        if merged is None or field_name not in merged.fields:
            return []
        return merged.fields[field_name].resolvers

    def resolvable_keys(self, type_name: str, subgraph: str) -> list[Key]:
        merged = self.types.get(type_name)
        if merged is None:
            return []
        return [k for k in merged.keys.get(subgraph, []) if k.resolvable]

    def defines(self, subgraph: str, type_name: str) -> bool:
        return type_name in self.subgraphs[subgraph].types

    def entity_type(self, subgraph: str, type_name: str) -> str:
        """The type ``subgraph`` knows ``type_name``'s entities as: itself, or an interface
        it implements that ``subgraph`` declares as an @interfaceObject."""
        types = self.subgraphs[subgraph].types
        if type_name in types:
            return type_name
        merged = self.types.get(type_name)
        for interface in merged.interfaces if merged else ():
            seen = types.get(interface)
            if seen is not None and seen.interface_object:
                return interface
        return type_name

    def subgraph_root(self, subgraph: str, kind: str) -> str | None:
        return self.subgraphs[subgraph].root_type_name(kind)


def _strip_non_null(node: TypeNode) -> TypeNode:
    return node.type if isinstance(node, NonNullTypeNode) else node


def _rename_root(name: str, subgraph: Subgraph) -> str:
    """Subgraphs may call their root types anything; the API schema uses the standard names."""
    for kind, root in subgraph.roots.items():
        if root == name:
            return {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}[kind]
    return name


class _Composer:
    def __init__(self, subgraphs: list[Subgraph]) -> None:
        self.subgraphs = {s.name: s for s in subgraphs}
        self.types: dict[str, MergedType] = {}
        self.problems: list[str] = []
        self.shareable: dict[tuple[str, str], dict[str, bool]] = {}
        self.overrides: dict[tuple[str, str], tuple[str, str]] = {}
        # Interfaces some subgraphs see as an object type (@interfaceObject), and which.
        self.interface_objects: dict[str, list[str]] = {}

    def compose(self) -> dict[str, MergedType]:
        for subgraph in self.subgraphs.values():
            for sub_type in subgraph.types.values():
                self._check_field_sets(subgraph, sub_type)
                self._merge_type(subgraph, sub_type)
        self._spread_interface_objects()
        self._assign_resolvers()
        if self.problems:
            raise CompositionError(self.problems)
        return self.types

    def _check_field_sets(self, subgraph: Subgraph, sub_type: SubgraphType) -> None:
        """Every field a @key, @requires or @provides names exists where it is looked for."""
        where = f'in subgraph "{subgraph.name}"'
        for key in sub_type.keys:
            for missing in _unknown_fields(key.selection, sub_type, subgraph):
                self.problems.append(
                    f'@key(fields: "{key.fields}") on type "{sub_type.name}" {where} names '
                    f'the field "{missing}", which the type does not define'
                )
        for sub_field in sub_type.fields.values():
            coordinate = f'"{sub_type.name}.{sub_field.name}"'
            if sub_field.requires is not None:
                for missing in _unknown_fields(sub_field.requires, sub_type, subgraph):
                    self.problems.append(
                        f"@requires on field {coordinate} {where} names the field "
                        f'"{missing}", which "{sub_type.name}" does not define there; declare '
                        "it with @external"
                    )
            returned = subgraph.types.get(named_type(sub_field.node))
            if sub_field.provides is not None and returned is not None:
                for missing in _unknown_fields(sub_field.provides, returned, subgraph):
                    self.problems.append(
                        f"@provides on field {coordinate} {where} names the field "
                        f'"{missing}", which "{returned.name}" does not define there'
                    )

    def _merge_type(self, subgraph: Subgraph, sub_type: SubgraphType) -> None:
        name = _rename_root(sub_type.name, subgraph)
        merged = self.types.get(name)
        kind = sub_type.kind
        if sub_type.interface_object:
            kind = "interface_type_definition"
            self.interface_objects.setdefault(name, []).append(subgraph.name)
        if merged is None:
            merged = self.types[name] = MergedType(name, kind)
        elif merged.kind != kind:
            self.problems.append(
                f'type "{name}" is a {merged.kind.removesuffix("_type_definition")} in '
                f"{', '.join(merged.subgraphs)} but a {kind.removesuffix('_type_definition')} "
                f'in "{subgraph.name}"'
            )
            return
        merged.subgraphs.append(subgraph.name)
        merged.inaccessible |= sub_type.inaccessible
        if sub_type.keys:
            merged.keys[subgraph.name] = list(sub_type.keys)
        for node in sub_type.nodes:
            description = getattr(node, "description", None)
            if merged.description is None and description is not None:
                merged.description = description
            for interface in getattr(node, "interfaces", None) or ():
                if interface.name.value not in merged.interfaces:
                    merged.interfaces.append(interface.name.value)
            for member in getattr(node, "types", None) or ():
                if member.name.value not in merged.members:
                    merged.members.append(member.name.value)
            for value in getattr(node, "values", None) or ():
                if isinstance(value, EnumValueDefinitionNode):
                    merged.enum_values.setdefault(value.name.value, value)
                elif isinstance(value, InputValueDefinitionNode):
                    merged.input_fields.setdefault(value.name.value, value)
        key_fields = {
            s.name.value
            for key in sub_type.keys
            for s in key.selection.selections
            if hasattr(s, "name")
        }
        for sub_field in sub_type.fields.values():
            merged_field = merged.fields.get(sub_field.name)
            if merged_field is None:
                merged_field = merged.fields[sub_field.name] = MergedField(
                    sub_field.name, sub_field.node, sub_field.node.type
                )
            elif print_ast(_strip_non_null(merged_field.type_node)) != print_ast(
                _strip_non_null(sub_field.node.type)
            ):
                self.problems.append(
                    f'field "{name}.{sub_field.name}" has type '
                    f"{print_ast(merged_field.type_node)} in {', '.join(merged_field.definers)} "
                    f'but {print_ast(sub_field.node.type)} in "{subgraph.name}"'
                )
                continue
            elif not isinstance(sub_field.node.type, NonNullTypeNode):
                merged_field.type_node = sub_field.node.type
            merged_field.definers.append(subgraph.name)
            merged_field.inaccessible |= sub_field.inaccessible
            if sub_field.external:
                continue
            shareable = (
                sub_field.shareable
                or sub_type.shareable
                or sub_field.name in key_fields
                or kind != "object_type_definition"
            )
            self.shareable.setdefault((name, sub_field.name), {})[subgraph.name] = shareable
            if sub_field.override_from:
                self.overrides[(name, sub_field.name)] = (sub_field.override_from, subgraph.name)

    def _spread_interface_objects(self) -> None:
        """A field a subgraph adds to an interface through @interfaceObject is resolved by
        that subgraph on every implementation, by the interface's key."""
        for interface, subgraphs in self.interface_objects.items():
            implementations = [t for t in self.types.values() if interface in t.interfaces]
            for subgraph in subgraphs:
                seen = self.subgraphs[subgraph].types[interface]
                for implementation in implementations:
                    implementation.keys.setdefault(subgraph, list(seen.keys))
                    for sub_field in seen.fields.values():
                        if sub_field.external:
                            continue
                        added = implementation.fields.setdefault(
                            sub_field.name,
                            MergedField(sub_field.name, sub_field.node, sub_field.node.type),
                        )
                        added.definers.append(subgraph)
                        by_subgraph = self.shareable.setdefault(
                            (implementation.name, sub_field.name), {}
                        )
                        by_subgraph[subgraph] = True

    def _assign_resolvers(self) -> None:
        for (type_name, field_name), by_subgraph in self.shareable.items():
            resolvers = list(by_subgraph)
            override = self.overrides.get((type_name, field_name))
            if override is not None and override[0] in resolvers:
                resolvers.remove(override[0])
            if len(resolvers) > 1 and not all(by_subgraph[s] for s in resolvers):
                self.problems.append(
                    f'non-shareable field "{type_name}.{field_name}" is resolved from '
                    f"subgraphs {', '.join(repr(s) for s in resolvers)}; mark it @shareable "
                    f"in all of them, or resolve it in one"
                )
            self.types[type_name].fields[field_name].resolvers = resolvers


def _unknown_fields(
    selection: SelectionSetNode, sub_type: SubgraphType, subgraph: Subgraph
) -> list[str]:
    """The fields of a field set (``id organization { id }``) the subgraph does not define,
    as ``Type.field``."""
    missing: list[str] = []
    for selection_node in selection.selections:
        if not isinstance(selection_node, FieldNode):
            continue
        name = selection_node.name.value
        sub_field = sub_type.fields.get(name)
        if sub_field is None:
            missing.append(f"{sub_type.name}.{name}")
            continue
        nested = subgraph.types.get(named_type(sub_field.node))
        if selection_node.selection_set is not None and nested is not None:
            missing.extend(_unknown_fields(selection_node.selection_set, nested, subgraph))
    return missing


def _api_directives(node: object) -> tuple[ConstDirectiveNode, ...]:
    directives: tuple[ConstDirectiveNode, ...] = tuple(getattr(node, "directives", None) or ())
    return tuple(d for d in directives if d.name.value in API_DIRECTIVES)


def _without_federation(node: FieldDefinitionNode, type_node: TypeNode) -> FieldDefinitionNode:
    return replace(
        node,
        type=type_node,
        directives=_api_directives(node),
        arguments=tuple(_clean_input(argument) for argument in node.arguments or ()),
    )


def _clean_input(node: InputValueDefinitionNode) -> InputValueDefinitionNode:
    return replace(node, directives=_api_directives(node))


def _named(names: list[str]) -> tuple[NamedTypeNode, ...]:
    return tuple(NamedTypeNode(name=NameNode(value=n)) for n in names)


def _api_definition(merged: MergedType, hidden: set[str]) -> DefinitionNode | None:
    name = NameNode(value=merged.name)
    description = merged.description
    if merged.kind in ("object_type_definition", "interface_type_definition"):
        fields = tuple(
            _without_federation(f.node, f.type_node)
            for f in merged.fields.values()
            if f.resolvers and not f.inaccessible and _base_name(f.type_node) not in hidden
        )
        if not fields:
            return None
        cls = (
            ObjectTypeDefinitionNode
            if merged.kind == "object_type_definition"
            else InterfaceTypeDefinitionNode
        )
        return cls(
            name=name,
            description=description,
            fields=fields,
            directives=(),
            interfaces=_named([i for i in merged.interfaces if i not in hidden]),
        )
    if merged.kind == "union_type_definition":
        return UnionTypeDefinitionNode(
            name=name,
            description=description,
            directives=(),
            types=_named([m for m in merged.members if m not in hidden]),
        )
    if merged.kind == "enum_type_definition":
        return EnumTypeDefinitionNode(
            name=name,
            description=description,
            directives=(),
            values=tuple(
                replace(v, directives=_api_directives(v)) for v in merged.enum_values.values()
            ),
        )
    if merged.kind == "input_object_type_definition":
        return InputObjectTypeDefinitionNode(
            name=name,
            description=description,
            directives=(),
            fields=tuple(_clean_input(v) for v in merged.input_fields.values()),
        )
    if merged.kind == "scalar_type_definition":
        if merged.name in BUILT_IN_SCALARS:
            return None
        return ScalarTypeDefinitionNode(name=name, description=description, directives=())
    return None


def _base_name(node: TypeNode) -> str:
    while not isinstance(node, NamedTypeNode):
        node = node.type  # type: ignore[attr-defined]
    return node.name.value


def compose(subgraphs: list[Subgraph]) -> Supergraph:
    types = _Composer(subgraphs).compose()
    hidden = {name for name, merged in types.items() if merged.inaccessible}
    definitions: list[DefinitionNode] = [
        d
        for merged in types.values()
        if merged.name not in hidden and (d := _api_definition(merged, hidden)) is not None
    ]
    roots = {
        kind: name
        for kind, name in (
            ("query", "Query"),
            ("mutation", "Mutation"),
            ("subscription", "Subscription"),
        )
        if any(getattr(d, "name", None) and d.name.value == name for d in definitions)  # type: ignore[attr-defined]
    }
    if "query" not in roots:
        raise CompositionError(["no subgraph defines a query root field"])
    schema_node = SchemaDefinitionNode(
        directives=(),
        operation_types=tuple(
            OperationTypeDefinitionNode(
                operation=OperationType(kind), type=NamedTypeNode(name=NameNode(value=name))
            )
            for kind, name in roots.items()
        ),
    )
    document = DocumentNode(definitions=(schema_node, *definitions))
    api_sdl = print_ast(document)
    try:
        api_schema = build_ast_schema(document)
    except (TypeError, ValueError) as exc:
        raise CompositionError([f"the merged schema is not valid: {exc}"]) from exc
    return Supergraph({s.name: s for s in subgraphs}, types, roots, api_schema, api_sdl)
