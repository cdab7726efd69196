"""Answers as server-sent events (GraphQL over SSE, distinct connections mode): each body is
sent as a ``next`` event the moment it is ready, then ``complete`` ends the stream."""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from typing import Any

import orjson
from opentelemetry import context
from starlette.responses import StreamingResponse

from atlaskit.sse import COMPLETE, EVENT_STREAM, HEARTBEAT, NEXT, STREAM_HEADERS, encode_event
from gateway.engine import StreamedBody

log = logging.getLogger(__name__)

INTERNAL_ERROR = {
    "errors": [
        {
            "message": "The gateway could not finish this stream; subscribe again.",
            "extensions": {"code": "INTERNAL_SERVER_ERROR"},
        }
    ]
}


def event_stream(
    bodies: AsyncGenerator[StreamedBody, None], trace_context: context.Context
) -> StreamingResponse:
    """``bodies`` streamed in the trace of the request that asked for them (the stream
    outlives the request's own span)."""
    return StreamingResponse(
        _events(bodies, trace_context), media_type=EVENT_STREAM, headers=STREAM_HEADERS
    )


async def one_body(body: dict[str, Any]) -> AsyncGenerator[StreamedBody, None]:
    """A query's or a mutation's single answer, for a client that takes only events."""
    yield body


async def _events(
    bodies: AsyncGenerator[StreamedBody, None], trace_context: context.Context
) -> AsyncIterator[bytes]:
    token = context.attach(trace_context)
    try:
        async with aclosing(bodies):
            async for body in bodies:
                yield HEARTBEAT if body is None else _next(body)
    except Exception:
        # The 200 has been sent, so the client can only be told in the stream itself.
        log.exception("a subscription stream failed")
        yield _next(INTERNAL_ERROR)
    finally:
        context.detach(token)
    yield encode_event(COMPLETE)


def _next(body: dict[str, Any]) -> bytes:
    return encode_event(NEXT, orjson.dumps(body).decode())
