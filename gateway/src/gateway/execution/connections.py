"""Kept-alive HTTP/1.1 connections to one subgraph: asyncio's transports, httptools' parser.

Every subgraph call has one shape: a POST of a JSON body to one URL, answered with a body
read whole. httpx costs the gateway a third to a half of its CPU per call for generality it
does not need here (a pool that looks over every connection each time a call starts or
ends, a stream abstraction per connection, redirects, auth hooks); this pool does only
that one exchange, on the event loop's own transports, with a parser written in C.

A connection carries one request at a time and goes back to the pool when the subgraph
keeps it alive. One taken from the pool that turns out to be closed by the subgraph before
any byte of an answer arrived (its idle timeout raced the request) is replaced once by a
new connection: the subgraph never read that request.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Mapping
from typing import cast
from urllib.parse import urlsplit

import httptools


class SubgraphConnectionError(Exception):
    """The subgraph could not be reached, or it broke off or garbled its answer."""


class _Exchange(asyncio.Protocol):
    """One connection to a subgraph, one request on it at a time."""

    def __init__(self) -> None:
        self._parser = httptools.HttpResponseParser(self)
        self._transport: asyncio.Transport | None = None
        self._answer: asyncio.Future[bytes] | None = None
        self._body: list[bytes] = []
        self.keep_alive = False
        self.closed = False
        # Whether any of the current answer arrived: before that, a closed connection means
        # the subgraph never took the request.
        self.answering = False
        self.idle_since = 0.0
        # An answer with neither a length nor chunks ends when the subgraph closes.
        self._headers_done = False
        self._framed = False

    # asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.bind(transport)

    def data_received(self, data: bytes) -> None:
        if self._answer is None or self._answer.done():
            self.close()  # nothing was asked: the connection cannot be trusted any more
            return
        self.answering = True
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(SubgraphConnectionError(f"its answer is not valid HTTP ({exc})"))
            self.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self._headers_done and not self._framed and exc is None:
            self._complete()
        self._fail(SubgraphConnectionError("it closed the connection before answering"))

    # httptools callbacks

    def on_header(self, name: bytes, _: bytes) -> None:
        if name.lower() in (b"content-length", b"transfer-encoding"):
            self._framed = True

    def on_headers_complete(self) -> None:
        self._headers_done = True

    def on_body(self, body: bytes) -> None:
        self._body.append(body)

    def on_message_complete(self) -> None:
        self.keep_alive = self._parser.should_keep_alive()
        self._complete()

    def _complete(self) -> None:
        if self._answer is not None and not self._answer.done():
            self._answer.set_result(b"".join(self._body))

    # the pool's side

    def bind(self, transport: asyncio.BaseTransport) -> None:
        """uvloop may hand back a connection before it has called ``connection_made``."""
        # uvloop's transports have a Transport's methods without deriving from it.
        self._transport = cast(asyncio.Transport, transport)

    def send(self, request: bytes) -> asyncio.Future[bytes]:
        assert self._transport is not None
        self._body = []
        self.answering = False
        self.keep_alive = False
        self._headers_done = self._framed = False
        self._answer = asyncio.get_running_loop().create_future()
        self._transport.write(request)
        return self._answer

    def close(self) -> None:
        self.closed = True
        if self._transport is not None:
            self._transport.close()

    def _fail(self, error: SubgraphConnectionError) -> None:
        if self._answer is not None and not self._answer.done():
            self._answer.set_exception(error)


class SubgraphConnections:
    """A pool of kept-alive connections to the subgraph at ``url``.

    At most ``max_connections`` calls are in flight at once (the others wait their turn),
    at most ``max_idle`` connections are kept between calls, and none is reused after
    ``idle_seconds`` without use (uvicorn closes a connection idle for five seconds).
    """

    def __init__(
        self,
        url: str,
        max_connections: int = 200,
        max_idle: int = 100,
        idle_seconds: float = 4.0,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"a subgraph URL must be http(s)://host[:port]/path, not {url!r}")
        self._host = parts.hostname
        self._port = parts.port or (443 if parts.scheme == "https" else 80)
        self._ssl = ssl.create_default_context() if parts.scheme == "https" else None
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self._head = f"POST {target} HTTP/1.1\r\nhost: {parts.netloc}\r\n".encode("latin-1")
        self._slots = asyncio.Semaphore(max_connections)
        self._max_idle = max_idle
        self._idle_seconds = idle_seconds
        self._idle: list[_Exchange] = []

    async def post(self, headers: Mapping[str, str], body: bytes) -> bytes:
        """The body of the subgraph's answer to ``body`` POSTed with ``headers``."""
        request = self._request(headers, body)
        async with self._slots:
            kept = self._kept_connection()
            if kept is not None:
                try:
                    return await self._exchange(kept, request)
                except SubgraphConnectionError:
                    if kept.answering:
                        raise
            return await self._exchange(await self._connect(), request)

    async def close(self) -> None:
        for connection in self._idle:
            connection.close()
        self._idle.clear()

    def _request(self, headers: Mapping[str, str], body: bytes) -> bytes:
        lines = [self._head]
        for name, value in headers.items():
            line = f"{name}: {value}\r\n"
            if "\n" in line[:-2] or "\r" in line[:-2]:
                raise ValueError(f"the header {name!r} has a line break in it")
            lines.append(line.encode("latin-1"))
        lines.append(b"content-length: %d\r\n\r\n" % len(body))
        lines.append(body)
        return b"".join(lines)

    def _kept_connection(self) -> _Exchange | None:
        """The most recently used open connection (stale ones are closed on the way)."""
        now = time.monotonic()
        while self._idle:
            connection = self._idle.pop()
            if not connection.closed and now - connection.idle_since < self._idle_seconds:
                return connection
            connection.close()
        return None

    async def _connect(self) -> _Exchange:
        loop = asyncio.get_running_loop()
        try:
            transport, connection = await loop.create_connection(
                _Exchange, self._host, self._port, ssl=self._ssl
            )
        except OSError as exc:
            raise SubgraphConnectionError(f"it cannot be reached ({exc})") from exc
        connection.bind(transport)
        return connection

    async def _exchange(self, connection: _Exchange, request: bytes) -> bytes:
        try:
            answer = await connection.send(request)
        except BaseException:
            # Timed out, cancelled or broken: an answer may still come, so the connection
            # can never carry another request.
            connection.close()
            raise
        if connection.keep_alive and not connection.closed:
            self._keep(connection)
        else:
            connection.close()
        return answer

    def _keep(self, connection: _Exchange) -> None:
        connection.idle_since = time.monotonic()
        self._idle.append(connection)
        if len(self._idle) > self._max_idle:
            self._idle.pop(0).close()
