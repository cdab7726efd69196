"""The plan cache and parallel root fetches."""

from __future__ import annotations

import pytest
from codeset_federation import CodeSetFederation

pytestmark = pytest.mark.integration

TWO_OPERATIONS = "query Sets { codeSets { id } } query Edits { edits { id } }"


async def test_an_operation_is_planned_once_then_served_from_the_cache(
    codesets: CodeSetFederation,
) -> None:
    plans = codesets.gateway.plans
    for _ in range(3):
        body = await codesets.query(TWO_OPERATIONS, operationName="Sets")
        assert len(body["data"]["codeSets"]) == 3
    assert (plans.misses, plans.hits) == (1, 2)
    await codesets.query(TWO_OPERATIONS, operationName="Edits")
    await codesets.query(TWO_OPERATIONS + " ", operationName="Sets")
    assert (plans.misses, plans.hits) == (3, 2)
    assert len(plans) == 3


async def test_a_refused_operation_is_not_cached(codesets: CodeSetFederation) -> None:
    for _ in range(2):
        body = await codesets.query("{ codeSets { nope } }")
        assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert len(codesets.gateway.plans) == 0


async def test_independent_root_fetches_run_in_parallel(codesets: CodeSetFederation) -> None:
    # Each resolver waits until the other subgraph has been reached: fetched one after the
    # other, the first would give up waiting (after five seconds) with an error.
    body = await codesets.query("{ catalogHandshake pricingHandshake }")
    assert body == {
        "data": {
            "catalogHandshake": "catalog met pricing",
            "pricingHandshake": "pricing met catalog",
        }
    }
