"""Prints the composed supergraph in the standard ``@link`` / ``@join__*`` format.

Any standard router (Apollo Router, Hive Gateway) can serve this file, and a reference
composer's output can be compared with it.
"""

from __future__ import annotations

import json
import re

from graphql import print_ast

from gateway.composition.compose import MergedField, MergedType, Supergraph

_PRELUDE = """directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE

directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, \
type: String, external: Boolean, override: String, usedOverridden: Boolean) repeatable on \
FIELD_DEFINITION | INPUT_FIELD_DEFINITION

directive @join__graph(name: String!, url: String!) on ENUM_VALUE

directive @join__implements(graph: join__Graph!, interface: String!) repeatable on \
OBJECT | INTERFACE

directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false, \
resolvable: Boolean! = true, isInterfaceObject: Boolean! = false) repeatable on OBJECT | \
INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR

directive @join__unionMember(graph: join__Graph!, member: String!) repeatable on UNION

directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) \
repeatable on SCHEMA

scalar join__FieldSet

scalar link__Import

enum link__Purpose {
  SECURITY
  EXECUTION
}
"""

_KEYWORD = {
    "object_type_definition": "type",
    "interface_type_definition": "interface",
    "union_type_definition": "union",
    "enum_type_definition": "enum",
    "input_object_type_definition": "input",
    "scalar_type_definition": "scalar",
}


def graph_enum_name(subgraph: str) -> str:
    return re.sub(r"[^A-Z0-9_]", "_", subgraph.upper())


def _q(text: str) -> str:
    return json.dumps(text)


def _type_directives(merged: MergedType, sg: Supergraph) -> str:
    parts: list[str] = []
    for subgraph in merged.subgraphs:
        graph = graph_enum_name(subgraph)
        keys = merged.keys.get(subgraph, [])
        if not keys:
            parts.append(f"@join__type(graph: {graph})")
        seen = sg.subgraphs[subgraph].types.get(merged.name)
        as_object = ", isInterfaceObject: true" if seen and seen.interface_object else ""
        for key in keys:
            resolvable = "" if key.resolvable else ", resolvable: false"
            parts.append(
                f"@join__type(graph: {graph}, key: {_q(key.fields)}{resolvable}{as_object})"
            )
    for interface in merged.interfaces:
        for subgraph in merged.subgraphs:
            parts.append(
                f"@join__implements(graph: {graph_enum_name(subgraph)}, interface: {_q(interface)})"
            )
    return "".join(f"\n  {p}" for p in parts)


def _field_directives(merged: MergedType, merged_field: MergedField, sg: Supergraph) -> str:
    parts: list[str] = []
    for subgraph in merged_field.definers:
        sub_field = sg.subgraphs[subgraph].types.get(merged.name)
        read = sub_field.fields.get(merged_field.name) if sub_field else None
        args = [f"graph: {graph_enum_name(subgraph)}"]
        if read is not None:
            if read.external:
                args.append("external: true")
            if read.requires is not None:
                args.append(f"requires: {_q(_field_set(read.requires))}")
            if read.provides is not None:
                args.append(f"provides: {_q(_field_set(read.provides))}")
            if read.override_from:
                args.append(f"override: {_q(read.override_from)}")
        parts.append(f"@join__field({', '.join(args)})")
    # A type of one subgraph needs no @join__field, unless it says more than the graph.
    if len(merged.subgraphs) == 1 and all("," not in p for p in parts):
        return ""
    return " " + " ".join(parts)


def _field_set(selection: object) -> str:
    return print_ast(selection).strip()[1:-1].strip().replace("\n", " ")  # type: ignore[arg-type]


def _body(merged: MergedType, sg: Supergraph) -> str:
    if merged.kind in ("object_type_definition", "interface_type_definition"):
        lines = []
        for f in merged.fields.values():
            args = ""
            if f.node.arguments:
                args = "(" + ", ".join(print_ast(a) for a in f.node.arguments) + ")"
            lines.append(
                f"  {f.name}{args}: {print_ast(f.type_node)}{_field_directives(merged, f, sg)}"
            )
        return " {\n" + "\n".join(lines) + "\n}"
    if merged.kind == "enum_type_definition":
        return " {\n" + "\n".join(f"  {v}" for v in merged.enum_values) + "\n}"
    if merged.kind == "input_object_type_definition":
        return " {\n" + "\n".join(f"  {print_ast(v)}" for v in merged.input_fields.values()) + "\n}"
    if merged.kind == "union_type_definition":
        return " = " + " | ".join(merged.members)
    return ""


def print_supergraph(sg: Supergraph) -> str:
    roots = "\n".join(f"  {kind}: {name}" for kind, name in sg.roots.items())
    header = (
        'schema\n  @link(url: "https://specs.apollo.dev/link/v1.0")\n'
        '  @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION)\n'
        f"{{\n{roots}\n}}\n"
    )
    graphs = "\n".join(
        f"  {graph_enum_name(s.name)} @join__graph(name: {_q(s.name)}, url: {_q(s.url)})"
        for s in sg.subgraphs.values()
    )
    types = [
        f"{_KEYWORD[m.kind]} {m.name}{_type_directives(m, sg)}{_body(m, sg)}"
        for m in sg.types.values()
        if m.kind in _KEYWORD
    ]
    return "\n".join([header, _PRELUDE, f"enum join__Graph {{\n{graphs}\n}}\n", *types]) + "\n"
