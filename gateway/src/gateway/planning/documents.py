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
    """Prints the fetch's document and those of everything that depends on it."""
    selection_set = SelectionSetNode(selections=tuple(fetch.selections))
    used = _used_variables(selection_set)
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
                selections=(
                    InlineFragmentNode(
                        type_condition=NamedTypeNode(name=NameNode(value=fetch.type_name)),
                        directives=(),
                        selection_set=selection_set,
                    ),
                )
            ),
        )
        selection_set = SelectionSetNode(selections=(entities,))
        definitions.insert(0, _representations_definition())
    else:
        kind = operation.operation
    document = OperationDefinitionNode(
        operation=kind,
        variable_definitions=tuple(definitions),
        directives=tuple[DirectiveNode, ...](),
        selection_set=selection_set,
    )
    fetch.document = print_ast(document)
    fetch.variable_names = tuple(used)
    for dependent in fetch.dependents:
        finalize(dependent, operation)
