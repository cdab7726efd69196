"""Server-sent events as GraphQL over SSE frames them in its "distinct connections mode":
one ``next`` event for each result, then ``complete``; a comment keeps a quiet stream open.

The gateway speaks it to clients and to subgraphs, and the stack's clients read it.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass

EVENT_STREAM = "text/event-stream"
NEXT = "next"
COMPLETE = "complete"
HEARTBEAT = b": ping\n\n"
# Sent with every stream, so proxies neither cache it nor hold its events back.
STREAM_HEADERS = {"cache-control": "no-cache", "x-accel-buffering": "no"}


@dataclass(frozen=True)
class ServerSentEvent:
    event: str
    data: str = ""

    @property
    def heartbeat(self) -> bool:
        """Only comments: the sender says it is still there, and nothing else."""
        return not self.event


def encode_event(event: str, data: str = "") -> bytes:
    """One event; ``data`` must be a single line (compact JSON always is)."""
    data_line = f"data: {data}" if data else "data:"
    return f"event: {event}\n{data_line}\n\n".encode()


async def read_events(lines: AsyncIterable[str]) -> AsyncIterator[ServerSentEvent]:
    """The events in a stream's lines (without their line endings), in order.

    A block of only comments comes out as a heartbeat; a block with data and no event name
    is a ``message``, as the SSE specification says.
    """
    event, data, seen = "", list[str](), False
    async for line in lines:
        if not line:
            if seen:
                yield ServerSentEvent(event or ("message" if data else ""), "\n".join(data))
            event, data, seen = "", [], False
            continue
        seen = True
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            event = value
        elif name == "data":
            data.append(value)
