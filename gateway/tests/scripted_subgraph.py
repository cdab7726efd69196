"""A subgraph on a real TCP socket that answers each request as a test's script says.

It counts the connections it accepted and keeps every request it read, so keep-alive, reuse,
a subgraph closing a kept connection, a garbled or broken answer, a cancelled call and
calls shared by identical requests can each be shown over real sockets.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

# (number of the connection, number of the request on it, request body) -> what to do
Script = Callable[[int, int, bytes], Awaitable[bytes | None]]


def http_answer(body: bytes, *, close: bool = False) -> bytes:
    connection = b"connection: close\r\n" if close else b""
    return (
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
        + connection
        + b"content-length: %d\r\n\r\n" % len(body)
        + body
    )


class ScriptedSubgraph:
    def __init__(self, script: Script, close_after_reply: bool = False) -> None:
        self.script = script
        self.close_after_reply = close_after_reply
        self.connections = 0
        self.open = 0
        self.most_open = 0
        self.requests: list[bytes] = []

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        number = self.connections
        self.open += 1
        self.most_open = max(self.most_open, self.open)
        try:
            for sequence in range(1_000):
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                )
                body = await reader.readexactly(length)
                self.requests.append(head + body)
                reply = await self.script(number, sequence, body)
                if reply is None:
                    break
                writer.write(reply)
                await writer.drain()
                if self.close_after_reply:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self.open -= 1
            writer.close()


@asynccontextmanager
async def scripted_subgraph(
    script: Script, close_after_reply: bool = False
) -> AsyncIterator[tuple[ScriptedSubgraph, str]]:
    subgraph = ScriptedSubgraph(script, close_after_reply)
    server = await asyncio.start_server(subgraph.serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield subgraph, f"http://127.0.0.1:{port}/graphql"
    finally:
        server.close()
        await server.wait_closed()
