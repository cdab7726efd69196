"""Turns planned selections into the GraphQL document each subgraph receives."""

from __future__ import annotations

from graphql import (
    ArgumentNode,
    DirectiveNode,
    FieldNode,
    InlineFragmentNode,
    ListTypeNode,
    NamedTypeNode,
    NameNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableDefinitionNode,
    VariableNode,
    Visitor,
    print_ast,
    visit,
)

from gateway.planning.plan import Fetch

REPRESENTATIONS = "representations"


class _VariableCollector(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def enter_variable(self, node: VariableNode, *_: object) -> None:
        if node.name.value not in self.names:
            self.names.append(node.name.value)


def _used_variables(selection_set: SelectionSetNode) -> list[str]:
    collector = _VariableCollector()
    visit(selection_set, collector)
    return collector.names


def _representations_definition() -> VariableDefinitionNode:
    any_type = NonNullTypeNode(type=NamedTypeNode(name=NameNode(value="_Any")))
    return VariableDefinitionNode(
        variable=VariableNode(name=NameNode(value=REPRESENTATIONS)),
        type=NonNullTypeNode(type=ListTypeNode(type=any_type)),
        directives=(),
    )


def finalize(fetch: Fetch, operation: OperationDefinitionNode) -> None:
    """Prints the fetch's document and those of everything that depends on it.

    Entity fetches of one parent for the same subgraph and path (the members of a union, say)
    become one call: the first takes the others as ``batched`` and asks for all their types.
    """
    parts = [fetch, *fetch.batched]
    selection_sets = [SelectionSetNode(selections=tuple(part.selections)) for part in parts]
    used = list(dict.fromkeys(name for s in selection_sets for name in _used_variables(s)))
    definitions = [d for d in operation.variable_definitions or () if d.variable.name.value in used]
    kind = OperationType.QUERY
    if fetch.is_entity:
        entities = FieldNode(
            name=NameNode(value="_entities"),
            arguments=(
                ArgumentNode(
                    name=NameNode(value=REPRESENTATIONS),
                    value=VariableNode(name=NameNode(value=REPRESENTATIONS)),
                ),
            ),
            directives=(),
            selection_set=SelectionSetNode(
                selections=tuple(
                    InlineFragmentNode(
                        type_condition=NamedTypeNode(
                            name=NameNode(value=part.entity_type or part.type_name)
                        ),
                        directives=(),
                        selection_set=selection_set,
                    )
                    for part, selection_set in zip(parts, selection_sets, strict=True)
                )
            ),
        )
        selection_set = SelectionSetNode(selections=(entities,))
        definitions.insert(0, _representations_definition())
    else:
        [selection_set] = selection_sets
        kind = operation.operation
    document = OperationDefinitionNode(
        operation=kind,
        variable_definitions=tuple(definitions),
        directives=tuple[DirectiveNode, ...](),
        selection_set=selection_set,
    )
    fetch.document = print_ast(document)
    fetch.variable_names = tuple(used)
    _batch(fetch)
    for dependent in (d for part in parts for d in part.dependents):
        finalize(dependent, operation)


def _batch(fetch: Fetch) -> None:
    leads: dict[tuple[str, tuple[str, ...]], Fetch] = {}
    kept: list[Fetch] = []
    for dependent in fetch.dependents:
        lead = leads.setdefault((dependent.subgraph, dependent.path), dependent)
        if lead is dependent:
            kept.append(dependent)
        else:
            lead.batched.append(dependent)
    fetch.dependents = kept
