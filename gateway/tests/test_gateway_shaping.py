"""The response shaper against graphql-core's own execution, taken as the reference.

Each case is an operation and the merged data the subgraphs gave for it; the shaper must
answer exactly what graphql-core's execution over the same data answers: the same data, the
same errors at the same paths, nulls spread to the same parents.
"""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from graphql import ExecutionResult, build_schema, execute_sync, get_operation_ast, parse
from graphql.execution.values import get_variable_values

from gateway.execution.shaping import ResponseShaper

pytestmark = pytest.mark.unit

SCHEMA = build_schema(
    """
    interface Code { code: String! title: String }
    type Cpt implements Code { code: String! title: String workRvu: Float }
    type Hcpcs implements Code { code: String! title: String level: Int! }
    union Listed = Cpt | Hcpcs
    enum Status { ACTIVE DELETED }
    type Query {
      code(code: String!): Code
      codes: [Code!]!
      listed: [Listed]
      cpt: Cpt
      strict: Cpt!
      maybe: [Cpt]
      status: Status
      count: Int
    }
    """
)

CPT = {"__typename": "Cpt", "code": "99213", "title": "Office visit", "workRvu": 1.3}
HCPCS = {"__typename": "Hcpcs", "code": "E0114", "title": "Crutches", "level": 2}

CASES: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    ("aliases and typename", "{ a: cpt { t: title, __typename } }", {"a": CPT | {"t": "x"}}, {}),
    (
        "fragments on an interface",
        "{ codes { code ... on Cpt { workRvu } ...H } } fragment H on Hcpcs { level }",
        {"codes": [CPT, HCPCS]},
        {},
    ),
    (
        "a union's members",
        "{ listed { ... on Code { code } ... on Hcpcs { level } __typename } }",
        {"listed": [HCPCS, None, CPT]},
        {},
    ),
    (
        "the same key selected twice merges",
        "{ cpt { code } cpt { title ... on Cpt { workRvu } } }",
        {"cpt": CPT},
        {},
    ),
    (
        "skip and include by variables",
        "query ($s: Boolean!, $i: Boolean = false) "
        "{ cpt { code @skip(if: $s) title @include(if: $i) workRvu } }",
        {"cpt": CPT},
        {"s": True},
    ),
    (
        "skip on a fragment",
        "query ($s: Boolean!) { cpt { ... on Cpt @skip(if: $s) { title } code } }",
        {"cpt": CPT},
        {"s": False},
    ),
    (
        "a null in a non-null field nulls its nullable parent",
        "{ cpt { code title } count }",
        {"cpt": {"code": None, "title": "x"}, "count": 3},
        {},
    ),
    (
        "a null in a non-null list item nulls the non-null list and then the root",
        "{ codes { code } }",
        {"codes": [CPT, None]},
        {},
    ),
    (
        "a non-null root field's null nulls the data",
        "{ strict { code } count }",
        {"strict": None, "count": 1},
        {},
    ),
    (
        "a nullable item's failure nulls only the item",
        "{ maybe { code } }",
        {"maybe": [CPT, {"code": None}]},
        {},
    ),
    (
        "a missing field is null",
        "{ cpt { title workRvu } }",
        {"cpt": {"title": "x"}},
        {},
    ),
    (
        "an enum value the schema lacks",
        "{ status count }",
        {"status": "RETIRED", "count": 1},
        {},
    ),
    (
        "a scalar of the wrong kind",
        "{ count }",
        {"count": "many"},
        {},
    ),
    (
        "a named fragment spread twice",
        '{ code(code: "99213") { ...F ...F } } fragment F on Code { code title }',
        {"code": CPT},
        {},
    ),
]


def _reference(query: str, data: dict[str, Any], variables: dict[str, Any]) -> ExecutionResult:
    def by_key(source: Any, info: Any, **_: Any) -> Any:
        return source.get(info.path.key) if isinstance(source, dict) else None

    return execute_sync(
        SCHEMA, parse(query), root_value=data, variable_values=variables, field_resolver=by_key
    )


def _shaped(query: str, data: dict[str, Any], variables: dict[str, Any]) -> ExecutionResult:
    document = parse(query)
    operation = get_operation_ast(document)
    assert operation is not None
    coerced = get_variable_values(SCHEMA, operation.variable_definitions or (), variables)
    assert not isinstance(coerced, list)
    return ResponseShaper(SCHEMA, document, operation).shape(data, coerced, variables, None)


def _errors(result: ExecutionResult) -> list[tuple[str, list[str | int] | None]]:
    return sorted((e.message, e.path) for e in result.errors or ())


@pytest.mark.parametrize(
    ("query", "data", "variables"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_shaper_answers_as_graphql_execution_does(
    query: str, data: dict[str, Any], variables: dict[str, Any]
) -> None:
    reference = _reference(query, data, variables)
    shaped = _shaped(query, data, variables)
    # Same data with its keys in the same order, as the client reads the JSON.
    assert orjson.dumps(shaped.data) == orjson.dumps(reference.data)
    assert _errors(shaped) == _errors(reference)


def test_an_abstract_object_without_a_known_type_is_an_error_at_its_path() -> None:
    shaped = _shaped('{ code(code: "x") { code } }', {"code": {"code": "x"}}, {})
    assert shaped.data == {"code": None}
    [error] = shaped.errors or []
    assert error.path == ["code"]
    assert "Abstract type 'Code'" in error.message


def test_introspection_is_answered_by_the_schema() -> None:
    shaped = _shaped('{ __type(name: "Cpt") { name } __typename }', {}, {})
    assert shaped.data == {"__type": {"name": "Cpt"}, "__typename": "Query"}
