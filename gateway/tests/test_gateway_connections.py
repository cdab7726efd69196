"""The subgraph connection pool against real TCP servers that answer as each test needs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from scripted_subgraph import Script, ScriptedSubgraph, http_answer, scripted_subgraph

from gateway.execution.connections import SubgraphConnectionError, SubgraphConnections

pytestmark = pytest.mark.integration


@asynccontextmanager
async def _subgraph(
    script: Script, close_after_reply: bool = False
) -> AsyncIterator[tuple[ScriptedSubgraph, SubgraphConnections]]:
    async with scripted_subgraph(script, close_after_reply) as (subgraph, url):
        pool = SubgraphConnections(url, max_connections=3)
        try:
            yield subgraph, pool
        finally:
            await pool.close()


async def _echo(_: int, __: int, body: bytes) -> bytes:
    return http_answer(body)


async def test_calls_one_after_another_share_one_kept_alive_connection() -> None:
    async with _subgraph(_echo) as (subgraph, pool):
        answers = [
            await pool.post({"content-type": "application/json"}, b"%d" % i) for i in range(5)
        ]
    assert answers == [b"0", b"1", b"2", b"3", b"4"]
    assert subgraph.connections == 1
    first = subgraph.requests[0]
    assert first.startswith(b"POST /graphql HTTP/1.1\r\n")
    assert b"content-type: application/json\r\n" in first
    assert b"content-length: 1\r\n" in first


async def test_a_chunked_answer_is_read_whole() -> None:
    async def chunked(_: int, __: int, ___: bytes) -> bytes:
        return (
            b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
            b'7\r\n{"data"\r\n6\r\n: null\r\n1\r\n}\r\n0\r\n\r\n'
        )

    async with _subgraph(chunked) as (_, pool):
        assert await pool.post({}, b"{}") == b'{"data": null}'


async def test_a_connection_the_subgraph_closes_after_answering_is_not_reused() -> None:
    async def closing(_: int, __: int, body: bytes) -> bytes:
        return http_answer(body, close=True)

    async with _subgraph(closing) as (subgraph, pool):
        assert [await pool.post({}, b"a"), await pool.post({}, b"b")] == [b"a", b"b"]
    assert subgraph.connections == 2


async def test_a_kept_connection_closed_before_it_answers_is_replaced_once() -> None:
    async def idle_timeout(connection: int, sequence: int, body: bytes) -> bytes | None:
        # The first connection answers once, then closes as the next request arrives, as
        # a subgraph does whose idle timeout races the gateway's next call.
        if connection == 1 and sequence == 1:
            return None
        return http_answer(body)

    async with _subgraph(idle_timeout) as (subgraph, pool):
        assert await pool.post({}, b"first") == b"first"
        assert await pool.post({}, b"second") == b"second"
    assert subgraph.connections == 2


async def test_an_answer_broken_off_midway_is_a_failure_not_a_retry() -> None:
    async def half(_: int, __: int, ___: bytes) -> bytes:
        return b'HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"data"'

    async with _subgraph(half, close_after_reply=True) as (subgraph, pool):
        with pytest.raises(SubgraphConnectionError, match="closed the connection"):
            async with asyncio.timeout(10):
                await pool.post({}, b"{}")
    assert subgraph.connections == 1


async def test_an_answer_without_length_or_chunks_ends_when_the_subgraph_closes() -> None:
    async def unframed(_: int, __: int, ___: bytes) -> bytes:
        return b'HTTP/1.0 200 OK\r\ncontent-type: application/json\r\n\r\n{"data": {}}'

    async with _subgraph(unframed, close_after_reply=True) as (subgraph, pool):
        assert await pool.post({}, b"{}") == b'{"data": {}}'
        assert await pool.post({}, b"{}") == b'{"data": {}}'
    assert subgraph.connections == 2


async def test_an_answer_that_is_not_http_is_a_failure() -> None:
    async def garbage(_: int, __: int, ___: bytes) -> bytes:
        return b"SMTP ready\r\n\r\n"

    async with _subgraph(garbage) as (_, pool):
        with pytest.raises(SubgraphConnectionError, match="not valid HTTP"):
            await pool.post({}, b"{}")


async def test_a_subgraph_nobody_listens_for_cannot_be_reached() -> None:
    server = await asyncio.start_server(ScriptedSubgraph(_echo).serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    pool = SubgraphConnections(f"http://127.0.0.1:{port}/graphql")
    with pytest.raises(SubgraphConnectionError, match="cannot be reached"):
        await pool.post({}, b"{}")


async def test_a_call_given_up_never_leaves_its_late_answer_for_the_next() -> None:
    release = asyncio.Event()

    async def slow_first(connection: int, sequence: int, body: bytes) -> bytes:
        if connection == 1 and sequence == 0:
            await release.wait()
        return http_answer(body)

    async with _subgraph(slow_first) as (subgraph, pool):
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.2):
                await pool.post({}, b"late")
        release.set()
        assert await pool.post({}, b"next") == b"next"
    assert subgraph.connections == 2


async def test_calls_beyond_the_connection_limit_wait_their_turn() -> None:
    gate = asyncio.Event()
    three_held = asyncio.Event()
    held_calls = 0

    async def held(_: int, __: int, body: bytes) -> bytes:
        nonlocal held_calls
        held_calls += 1
        if held_calls == 3:
            three_held.set()
        await gate.wait()
        return http_answer(body)

    async with _subgraph(held) as (subgraph, pool):
        calls = [asyncio.create_task(pool.post({}, b"%d" % i)) for i in range(7)]
        async with asyncio.timeout(10):
            await three_held.wait()
        gate.set()
        answers = await asyncio.gather(*calls)
    assert sorted(answers) == sorted(b"%d" % i for i in range(7))
    assert subgraph.most_open == 3


async def test_a_header_with_a_line_break_is_refused_before_anything_is_sent() -> None:
    async with _subgraph(_echo) as (subgraph, pool):
        with pytest.raises(ValueError, match="line break"):
            await pool.post({"x-note": "a\r\nx-injected: 1"}, b"{}")
    assert subgraph.requests == []


def test_a_url_that_is_not_http_is_refused() -> None:
    with pytest.raises(ValueError, match="http"):
        SubgraphConnections("ftp://catalog/graphql")
