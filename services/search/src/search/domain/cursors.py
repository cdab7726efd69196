"""Opaque page cursors: a result's position, encoded so clients pass them back untouched."""

from __future__ import annotations

import base64
import binascii
import re

_POSITION = re.compile(r"^offset:([0-9]{1,9})$")
# Longer than any cursor this module writes: rejects junk before decoding it.
_MAX_CURSOR_LENGTH = 32


class MalformedCursor(ValueError):
    """A cursor this service did not write."""


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode("ascii")


def decode_cursor(cursor: str) -> int:
    """The position of the result the cursor points at."""
    if len(cursor) > _MAX_CURSOR_LENGTH:
        raise MalformedCursor(cursor)
    try:
        raw = base64.b64decode(cursor.encode("ascii"), altchars=b"-_", validate=True)
        match = _POSITION.match(raw.decode("ascii"))
    except (UnicodeError, binascii.Error) as exc:
        raise MalformedCursor(cursor) from exc
    if match is None:
        raise MalformedCursor(cursor)
    return int(match.group(1))
