"""The search subgraph's SDL: what the gateway composes."""

from __future__ import annotations

import pytest

from search.api.schema import schema

pytestmark = pytest.mark.unit


async def test_code_is_an_entity_key_the_catalog_resolves() -> None:
    result = await schema.execute("{ _service { sdl } }")
    assert result.errors is None and result.data is not None
    sdl = result.data["_service"]["sdl"]
    assert 'type Code @key(fields: "system code", resolvable: false)' in sdl
    assert (
        "search(query: String!, systems: [CodeSystem!] = null, billableOnly: Boolean! = false,"
        " asOf: Date = null, first: Int = 10, after: String = null): CodeSearchConnection!" in sdl
    )
    assert (
        "autocomplete(prefix: String!, systems: [CodeSystem!] = null, limit: Int = 8):"
        " [Suggestion!]!" in sdl
    )
