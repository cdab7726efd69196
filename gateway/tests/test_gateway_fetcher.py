"""The fetcher over real sockets: identical calls in flight sent once, failures explained.

The scripted subgraph holds every answer until the test lets it go, so the calls made
meanwhile are certainly in flight together.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import orjson
import pytest
from scripted_subgraph import ScriptedSubgraph, http_answer, scripted_subgraph

from gateway.execution.fetcher import (
    SUBGRAPH_UNAVAILABLE,
    SubgraphFetcher,
    SubgraphRequest,
    SubgraphResponse,
)

pytestmark = pytest.mark.integration

QUERY = "{ code(system: CPT, code: $code) { title } }"


@dataclass
class _Held:
    """Answers each call with its variables once the test releases them."""

    released: asyncio.Event = field(default_factory=asyncio.Event)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def __call__(self, _: int, __: int, body: bytes) -> bytes:
        self.arrived.set()
        await self.released.wait()
        variables = orjson.loads(body)["variables"]
        return http_answer(orjson.dumps({"data": {"code": {"title": variables["code"]}}}))


@asynccontextmanager
async def _fetcher(
    held: _Held, deduplicate: bool = True, timeout: float = 5.0
) -> AsyncIterator[tuple[ScriptedSubgraph, SubgraphFetcher]]:
    async with scripted_subgraph(held) as (subgraph, url):
        fetcher = SubgraphFetcher({"catalog": url}, timeout, deduplicate=deduplicate)
        try:
            yield subgraph, fetcher
        finally:
            await fetcher.close()


def _request(
    code: str = "99213", *, viewer: str = "guest:1", shareable: bool = True
) -> SubgraphRequest:
    return SubgraphRequest(
        "catalog", QUERY, {"code": code}, {"x-viewer": viewer}, shareable=shareable
    )


async def _together(
    fetcher: SubgraphFetcher, held: _Held, requests: list[SubgraphRequest]
) -> list[SubgraphResponse]:
    """Each request fetched at once; the subgraph answers once all of them are waiting."""
    calls = [asyncio.create_task(fetcher.fetch(r)) for r in requests]
    async with asyncio.timeout(5):
        await held.arrived.wait()
    await asyncio.sleep(0)  # the other calls reach the fetcher before the answer is let go
    held.released.set()
    return await asyncio.gather(*calls)


async def test_identical_queries_in_flight_together_reach_the_subgraph_once() -> None:
    held = _Held()
    async with _fetcher(held) as (subgraph, fetcher):
        answers = await _together(fetcher, held, [_request() for _ in range(3)])
    assert len(subgraph.requests) == 1
    assert fetcher.shared_calls == 2
    assert [a.data for a in answers] == [{"code": {"title": "99213"}}] * 3
    # Each run merges into what it was given, so no two share an object.
    assert len({id(a.data) for a in answers}) == 3


async def test_mutations_are_never_shared() -> None:
    held = _Held()
    async with _fetcher(held) as (subgraph, fetcher):
        await _together(fetcher, held, [_request(shareable=False) for _ in range(3)])
    assert len(subgraph.requests) == 3
    assert fetcher.shared_calls == 0


async def test_calls_for_different_viewers_or_variables_are_each_sent() -> None:
    held = _Held()
    requests = [_request(viewer="guest:1"), _request(viewer="free:7"), _request("99214")]
    async with _fetcher(held) as (subgraph, fetcher):
        answers = await _together(fetcher, held, requests)
    assert len(subgraph.requests) == 3
    assert [a.data for a in answers][2] == {"code": {"title": "99214"}}


async def test_a_call_after_the_first_has_answered_is_sent_again() -> None:
    held = _Held()
    held.released.set()
    async with _fetcher(held) as (subgraph, fetcher):
        await fetcher.fetch(_request())
        await fetcher.fetch(_request())
    assert len(subgraph.requests) == 2
    assert fetcher.shared_calls == 0


async def test_deduplication_can_be_turned_off() -> None:
    held = _Held()
    async with _fetcher(held, deduplicate=False) as (subgraph, fetcher):
        await _together(fetcher, held, [_request() for _ in range(3)])
    assert len(subgraph.requests) == 3


async def test_a_subgraph_that_does_not_answer_in_time_is_unavailable() -> None:
    held = _Held()  # never released
    async with _fetcher(held, timeout=0.2) as (_, fetcher):
        answer = await fetcher.fetch(_request())
    assert answer.data is None
    [error] = answer.errors
    assert error["extensions"] == {"code": SUBGRAPH_UNAVAILABLE, "serviceName": "catalog"}
    assert "did not answer within 0.2 seconds" in error["message"]


async def test_a_subgraph_nobody_listens_for_is_unavailable() -> None:
    async with scripted_subgraph(_Held()) as (_, url):
        pass  # closed again: the port is free
    fetcher = SubgraphFetcher({"catalog": url}, 5.0)
    try:
        answer = await fetcher.fetch(_request())
    finally:
        await fetcher.close()
    [error] = answer.errors
    assert error["extensions"]["code"] == SUBGRAPH_UNAVAILABLE
    assert error["message"] == "The catalog service did not answer; try again shortly."
