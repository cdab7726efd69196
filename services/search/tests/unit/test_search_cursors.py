"""Page cursors: opaque to clients, and only ours are accepted back."""

from __future__ import annotations

import base64

import pytest

from search.domain.cursors import MalformedCursor, decode_cursor, encode_cursor

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("offset", [0, 9, 123_456])
def test_a_cursor_gives_back_the_position_it_was_made_from(offset: int) -> None:
    assert decode_cursor(encode_cursor(offset)) == offset


def _b64(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "not-a-cursor",
        "!!!!",
        "é",
        _b64("OFFSET:1"),
        _b64("offset:"),
        _b64("offset:-1"),
        _b64("offset:x"),
        _b64("offset:1 "),
        _b64("position:1"),
        _b64("offset:1234567890"),
        "A" * 1000,
    ],
)
def test_anything_else_is_a_malformed_cursor(cursor: str) -> None:
    with pytest.raises(MalformedCursor):
        decode_cursor(cursor)
