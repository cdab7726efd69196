"""One subgraph's SDL, read for what federation needs: keys, external, shareable, requires."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    ArgumentNode,
    DirectiveNode,
    DocumentNode,
    FieldDefinitionNode,
    ListValueNode,
    NamedTypeNode,
    ObjectValueNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    SelectionSetNode,
    StringValueNode,
    TypeDefinitionNode,
    TypeExtensionNode,
    ValueNode,
    parse,
)

FEDERATION_TYPES = frozenset(
    {
        "_Any",
        "_Entity",
        "_Service",
        "FieldSet",
        "_FieldSet",
        "link__Import",
        "link__Purpose",
        "federation__FieldSet",
        "federation__Scope",
        "federation__Policy",
        "policy__Policy",
        "requiresScopes__Scope",
        "federation__ContextFieldValue",
    }
)
FEDERATION_ROOT_FIELDS = frozenset({"_service", "_entities"})
ROOT_KINDS = ("query", "mutation", "subscription")


class SubgraphSdlError(ValueError):
    pass


@dataclass(frozen=True)
class Key:
    fields: str
    selection: SelectionSetNode
    resolvable: bool


@dataclass
class SubgraphField:
    name: str
    node: FieldDefinitionNode
    external: bool = False
    shareable: bool = False
    inaccessible: bool = False
    override_from: str | None = None
    requires: SelectionSetNode | None = None
    provides: SelectionSetNode | None = None


@dataclass
class SubgraphType:
    name: str
    kind: str
    nodes: list[TypeDefinitionNode | TypeExtensionNode] = field(default_factory=list)
    keys: list[Key] = field(default_factory=list)
    shareable: bool = False
    interface_object: bool = False
    inaccessible: bool = False
    fields: dict[str, SubgraphField] = field(default_factory=dict)


@dataclass
class Subgraph:
    name: str
    url: str
    sdl: str
    types: dict[str, SubgraphType]
    roots: dict[str, str]

    def root_type_name(self, kind: str) -> str | None:
        return self.roots.get(kind)


def _directive_name(node: DirectiveNode, renames: dict[str, str]) -> str:
    raw = node.name.value
    raw = raw.removeprefix("federation__")
    return renames.get(raw, raw)


def _argument(node: DirectiveNode, name: str) -> ValueNode | None:
    args: tuple[ArgumentNode, ...] = tuple(node.arguments or ())
    return next((a.value for a in args if a.name.value == name), None)


def _string_argument(node: DirectiveNode, name: str) -> str | None:
    value = _argument(node, name)
    return value.value if isinstance(value, StringValueNode) else None


def parse_field_set(fields: str) -> SelectionSetNode:
    document = parse("{" + fields + "}")
    operation = document.definitions[0]
    selection: SelectionSetNode = operation.selection_set  # type: ignore[attr-defined]
    return selection


def _import_renames(document: DocumentNode) -> dict[str, str]:
    """``@link(import: [{name: "@key", as: "@primaryKey"}])`` maps primaryKey back to key."""
    renames: dict[str, str] = {}
    for definition in document.definitions:
        if not isinstance(definition, SchemaDefinitionNode | SchemaExtensionNode):
            continue
        for directive in definition.directives or ():
            if directive.name.value != "link":
                continue
            imports = _argument(directive, "import")
            if not isinstance(imports, ListValueNode):
                continue
            for item in imports.values:
                if isinstance(item, ObjectValueNode):
                    fields = {f.name.value: f.value for f in item.fields}
                    name, alias = fields.get("name"), fields.get("as")
                    if isinstance(name, StringValueNode) and isinstance(alias, StringValueNode):
                        renames[alias.value.lstrip("@")] = name.value.lstrip("@")
    return renames


def read_subgraph(name: str, url: str, sdl: str) -> Subgraph:
    try:
        document = parse(sdl)
    except Exception as exc:
        raise SubgraphSdlError(
            f"subgraph {name!r} returned SDL that does not parse: {exc}"
        ) from exc
    renames = _import_renames(document)
    types: dict[str, SubgraphType] = {}
    roots = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}
    for definition in document.definitions:
        if isinstance(definition, SchemaDefinitionNode | SchemaExtensionNode):
            for operation in definition.operation_types or ():
                roots[operation.operation.value] = operation.type.name.value
            continue
        if not isinstance(definition, TypeDefinitionNode | TypeExtensionNode):
            continue
        type_name = definition.name.value
        if type_name in FEDERATION_TYPES:
            continue
        kind = definition.kind.replace("_extension", "_definition")
        entry = types.setdefault(type_name, SubgraphType(type_name, kind))
        entry.nodes.append(definition)
        _read_type_directives(entry, definition, renames)
        for field_node in getattr(definition, "fields", None) or ():
            if isinstance(field_node, FieldDefinitionNode):
                entry.fields[field_node.name.value] = _read_field(field_node, renames)
    present_roots = {k: v for k, v in roots.items() if v in types}
    query_root = present_roots.get("query")
    if query_root is not None:
        for internal in FEDERATION_ROOT_FIELDS:
            types[query_root].fields.pop(internal, None)
    return Subgraph(name, url, sdl, types, present_roots)


def _read_type_directives(
    entry: SubgraphType, node: TypeDefinitionNode | TypeExtensionNode, renames: dict[str, str]
) -> None:
    for directive in node.directives or ():
        name = _directive_name(directive, renames)
        if name == "key":
            fields = _string_argument(directive, "fields") or ""
            resolvable_node = _argument(directive, "resolvable")
            resolvable = getattr(resolvable_node, "value", True) is not False
            entry.keys.append(Key(fields, parse_field_set(fields), resolvable))
        elif name == "shareable":
            entry.shareable = True
        elif name == "interfaceObject":
            entry.interface_object = True
        elif name == "inaccessible":
            entry.inaccessible = True


def _read_field(node: FieldDefinitionNode, renames: dict[str, str]) -> SubgraphField:
    read = SubgraphField(node.name.value, node)
    for directive in node.directives or ():
        name = _directive_name(directive, renames)
        if name == "external":
            read.external = True
        elif name == "shareable":
            read.shareable = True
        elif name == "inaccessible":
            read.inaccessible = True
        elif name == "override":
            read.override_from = _string_argument(directive, "from")
        elif name == "requires":
            read.requires = parse_field_set(_string_argument(directive, "fields") or "")
        elif name == "provides":
            read.provides = parse_field_set(_string_argument(directive, "fields") or "")
    return read


def named_type(node: FieldDefinitionNode) -> str:
    type_node = node.type
    while not isinstance(type_node, NamedTypeNode):
        type_node = type_node.type  # type: ignore[attr-defined]
    return type_node.name.value
