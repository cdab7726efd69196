"""Automatic persisted queries (Apollo's protocol) and the safelist, over HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from edge_gateway import CLAIM, code_of, edge_gateway

from gateway.edge.persisted import sha256_of

pytestmark = pytest.mark.integration

TITLE = '{ code(system: HCPCS, code: "K0001") { title } }'


def _persisted(query: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256_of(query)}}


async def test_an_unknown_hash_asks_for_the_query_and_reaches_no_subgraph() -> None:
    async with edge_gateway() as gateway:
        response = await gateway.post({"extensions": _persisted(CLAIM)})
    assert response.status_code == 200
    assert code_of(response) == "PERSISTED_QUERY_NOT_FOUND"
    assert response.json()["errors"][0]["message"] == "PersistedQueryNotFound", "as Apollo's"
    assert "data" not in response.json()
    assert gateway.claims.calls == []


async def test_a_query_registered_once_then_runs_by_its_hash_alone() -> None:
    async with edge_gateway() as gateway:
        registered = await gateway.post({"query": CLAIM, "extensions": _persisted(CLAIM)})
        by_hash = await gateway.post({"extensions": _persisted(CLAIM)})
        by_get = await gateway.http.get(
            "/graphql", params={"extensions": orjson.dumps(_persisted(CLAIM)).decode()}
        )
    assert registered.json() == {"data": {"claim": {"id": "c1"}}}
    assert by_hash.json() == registered.json()
    assert by_get.status_code == 200
    assert by_get.json() == registered.json()


async def test_a_query_that_does_not_match_its_hash_is_refused() -> None:
    async with edge_gateway() as gateway:
        response = await gateway.post({"query": CLAIM, "extensions": _persisted(TITLE)})
        by_hash = await gateway.post({"extensions": _persisted(TITLE)})
    assert response.status_code == 400
    assert code_of(response) == "PERSISTED_QUERY_HASH_MISMATCH"
    assert code_of(by_hash) == "PERSISTED_QUERY_NOT_FOUND", "nothing was registered"


@pytest.mark.parametrize(
    "extensions",
    [{"persistedQuery": {"version": 2, "sha256Hash": "0" * 64}}, {"persistedQuery": "x"}],
)
async def test_an_unsupported_persisted_query_is_refused(extensions: dict[str, Any]) -> None:
    async with edge_gateway() as gateway:
        response = await gateway.post({"query": CLAIM, "extensions": extensions})
    assert response.status_code == 400
    assert code_of(response) == "PERSISTED_QUERY_NOT_SUPPORTED"


async def test_with_a_safelist_only_the_operations_on_it_run(tmp_path: Path) -> None:
    safelist = tmp_path / "safelist.json"
    safelist.write_bytes(orjson.dumps({sha256_of(TITLE): TITLE}))
    async with edge_gateway(GATEWAY_SAFELIST_FILE=str(safelist)) as gateway:
        listed = await gateway.post({"extensions": _persisted(TITLE)})
        in_full = await gateway.post({"query": CLAIM})
        registering = await gateway.post({"query": CLAIM, "extensions": _persisted(CLAIM)})
    assert listed.json() == {"data": {"code": {"title": "Standard wheelchair"}}}
    for refused in (in_full, registering):
        assert refused.status_code == 403
        assert code_of(refused) == "PERSISTED_QUERY_NOT_ALLOWED"
    assert gateway.claims.calls == []


async def test_a_safelist_of_hashes_alone_lets_its_queries_register(tmp_path: Path) -> None:
    safelist = tmp_path / "safelist.json"
    safelist.write_bytes(orjson.dumps([sha256_of(CLAIM)]))
    async with edge_gateway(GATEWAY_SAFELIST_FILE=str(safelist)) as gateway:
        unknown = await gateway.post({"extensions": _persisted(CLAIM)})
        registered = await gateway.post({"query": CLAIM, "extensions": _persisted(CLAIM)})
    assert code_of(unknown) == "PERSISTED_QUERY_NOT_FOUND"
    assert registered.json() == {"data": {"claim": {"id": "c1"}}}
