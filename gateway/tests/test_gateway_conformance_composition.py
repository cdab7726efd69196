"""Composition errors found at startup name the subgraphs and the fields at fault."""

from __future__ import annotations

import httpx
import pytest
from codeset_federation import CODESET_URLS, codeset_routing
from conformance_codesets import SCHEMAS, Rendezvous
from conformance_subgraphs import CallLog

from gateway.composition.compose import CompositionError, compose
from gateway.composition.subgraph import Subgraph, read_subgraph
from gateway.composition.supergraph_sdl import print_supergraph
from gateway.supergraph_loader import load_subgraphs

pytestmark = pytest.mark.unit

PRICING_WITH_UNKNOWN_REQUIRES = """
type Query { price: Int }
type CodeSet @key(fields: "id") {
  id: ID!
  fee(region: String!): Int! @requires(fields: "publishedYear")
}
"""


def _codeset_subgraphs() -> list[Subgraph]:
    return [
        read_subgraph(name, CODESET_URLS[name], schema.as_str()) for name, schema in SCHEMAS.items()
    ]


async def test_the_subgraphs_served_over_http_compose_at_startup() -> None:
    routing = codeset_routing(Rendezvous(), {name: CallLog() for name in SCHEMAS})
    async with httpx.AsyncClient(transport=routing) as loader:
        subgraphs = await load_subgraphs(CODESET_URLS, 5.0, client=loader)
    supergraph = compose(subgraphs)
    assert supergraph.resolvers("CodeSet", "title") == ["notes"], "@override moved it"
    assert supergraph.resolvers("Payer", "name") == ["catalog"], "pricing only provides it"
    assert supergraph.resolvers("Query", "payers") == ["pricing", "catalog"]


def test_the_supergraph_sdl_records_requires_provides_override_and_interface_objects() -> None:
    sdl = print_supergraph(compose(_codeset_subgraphs()))
    assert (
        'fee(region: String!): Int! @join__field(graph: PRICING, requires: "effectiveYear")' in sdl
    )
    assert '@join__field(graph: PRICING, provides: "name")' in sdl
    assert '@join__field(graph: NOTES, override: "catalog")' in sdl
    assert '@join__type(graph: CATALOG, key: "system version")' in sdl
    assert '@join__type(graph: NOTES, key: "id payer { id }")' in sdl
    assert '@join__type(graph: CITATIONS, key: "id", isInterfaceObject: true)' in sdl


def _composed_with(name: str, sdl: str) -> CompositionError:
    """The failure of composing the code-set subgraphs, ``name`` replaced by ``sdl``."""
    replaced = read_subgraph(name, f"http://{name}.test/graphql", sdl)
    others = [s for s in _codeset_subgraphs() if s.name != name]
    with pytest.raises(CompositionError) as failure:
        compose([replaced, *others])
    return failure.value


def test_a_field_two_subgraphs_resolve_without_shareable_names_both() -> None:
    failure = _composed_with(
        "rival",
        'type Query { rival: Int } type CodeSet @key(fields: "id") { id: ID! notes: String }',
    )
    [problem] = failure.problems
    assert 'non-shareable field "CodeSet.notes"' in problem
    assert "'rival', 'notes'" in problem


def test_requires_on_an_unknown_field_names_the_subgraph_and_the_field() -> None:
    failure = _composed_with("pricing", PRICING_WITH_UNKNOWN_REQUIRES)
    [problem] = failure.problems
    assert '@requires on field "CodeSet.fee" in subgraph "pricing"' in problem
    assert '"CodeSet.publishedYear"' in problem
    assert "composition failed" in str(failure)


@pytest.mark.parametrize(
    ("sdl", "expected"),
    [
        (
            'type Query { a: Int } type Payer @key(fields: "id payer { code }") { id: ID! '
            "payer: Payer }",
            '@key(fields: "id payer { code }") on type "Payer" in subgraph "broken" names the '
            'field "Payer.code"',
        ),
        (
            "type Query { contract: Contract } type Contract { payer: Payer "
            '@provides(fields: "title") } type Payer @key(fields: "id") { id: ID! }',
            '@provides on field "Contract.payer" in subgraph "broken" names the field '
            '"Payer.title"',
        ),
    ],
)
def test_keys_and_provides_naming_unknown_fields_are_reported(sdl: str, expected: str) -> None:
    with pytest.raises(CompositionError) as failure:
        compose([read_subgraph("broken", "http://broken.test/graphql", sdl)])
    assert any(expected in problem for problem in failure.value.problems), failure.value
