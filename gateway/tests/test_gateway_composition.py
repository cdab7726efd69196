"""Composition of the conformance subgraphs, and composition errors."""

from __future__ import annotations

import pytest
from conformance_subgraphs import claims_schema, codes_schema

from gateway.composition.compose import CompositionError, compose
from gateway.composition.subgraph import read_subgraph
from gateway.composition.supergraph_sdl import print_supergraph

pytestmark = pytest.mark.unit


def _subgraphs() -> list:  # type: ignore[type-arg]
    return [
        read_subgraph("claims", "http://claims.test/graphql", claims_schema.as_str()),
        read_subgraph("codes", "http://codes.test/graphql", codes_schema.as_str()),
    ]


def test_fields_are_resolved_where_they_are_defined() -> None:
    supergraph = compose(_subgraphs())
    assert supergraph.resolvers("Code", "title") == ["codes"]
    assert sorted(supergraph.resolvers("Code", "code")) == ["claims", "codes"]
    assert supergraph.resolvers("Query", "claim") == ["claims"]
    assert supergraph.resolvers("Mutation", "annotateClaim") == ["claims"]


def test_api_schema_hides_federation_machinery() -> None:
    sdl = compose(_subgraphs()).api_sdl
    assert "_entities" not in sdl and "_Any" not in sdl and "@key" not in sdl
    assert "type Query" in sdl and "ClaimsQuery" not in sdl


def test_supergraph_sdl_uses_join_directives() -> None:
    sdl = print_supergraph(compose(_subgraphs()))
    assert '@join__type(graph: CODES, key: "system code")' in sdl
    assert '@join__type(graph: CLAIMS, key: "system code", resolvable: false)' in sdl
    assert 'CLAIMS @join__graph(name: "claims", url: "http://claims.test/graphql")' in sdl


def test_a_field_resolved_twice_without_shareable_is_a_clear_error() -> None:
    twin = read_subgraph("codes-copy", "http://copy.test/graphql", codes_schema.as_str())
    with pytest.raises(CompositionError) as failure:
        compose([*_subgraphs(), twin])
    message = str(failure.value)
    assert 'non-shareable field "Code.title"' in message
    assert "'codes', 'codes-copy'" in message


def test_conflicting_field_types_are_reported() -> None:
    other = read_subgraph(
        "other",
        "http://other.test/graphql",
        'type Query { other: Int } type Code @key(fields: "system code") '
        "{ system: Int! code: String! }",
    )
    with pytest.raises(CompositionError, match=r'field "Code\.system" has type'):
        compose([*_subgraphs(), other])
