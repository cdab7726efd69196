"""Shapes merged subgraph data into exactly what the client asked for.

graphql-core executes the client's operation against the API schema with the merged data
as root value, reading each field by its response key: fragments, aliases, @skip/@include,
__typename and null propagation then follow the specification without gateway code.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLResolveInfo,
    GraphQLSchema,
    execute_sync,
)


def _by_response_key(source: Any, info: GraphQLResolveInfo[Any], **_: Any) -> Any:
    if isinstance(source, dict):
        return source.get(info.path.key)
    return None


def shape(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any] | None,
    data: dict[str, Any],
) -> ExecutionResult:
    result = execute_sync(
        schema,
        document,
        root_value=data,
        variable_values=variables,
        operation_name=operation_name,
        field_resolver=_by_response_key,
    )
    return result
