"""Server-sent events as the gateway writes them and as it and the stack's clients read them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from atlaskit.sse import COMPLETE, NEXT, ServerSentEvent, encode_event, read_events

pytestmark = pytest.mark.unit


async def _lines(text: str) -> AsyncIterator[str]:
    for line in text.split("\n"):
        yield line


async def _read(text: str) -> list[ServerSentEvent]:
    return [event async for event in read_events(_lines(text))]


def test_events_are_framed_as_graphql_over_sse_distinct_connections() -> None:
    assert encode_event(NEXT, '{"data":{}}') == b'event: next\ndata: {"data":{}}\n\n'
    assert encode_event(COMPLETE) == b"event: complete\ndata:\n\n"


async def test_what_is_written_reads_back_in_order() -> None:
    written = (encode_event(NEXT, '{"data":1}') + encode_event(COMPLETE)).decode()
    assert await _read(written) == [
        ServerSentEvent(NEXT, '{"data":1}'),
        ServerSentEvent(COMPLETE, ""),
    ]


async def test_a_comment_alone_is_a_heartbeat_and_data_alone_a_message() -> None:
    events = await _read(": ping\n\ndata: a\ndata: b\n\nevent: next")
    assert [(e.event, e.data, e.heartbeat) for e in events] == [
        ("", "", True),
        ("message", "a\nb", False),
    ], "an event cut off before its blank line is not dispatched"
