"""Opaque page cursors: an offset, base64-encoded so clients do not build them."""

from __future__ import annotations

import base64
import binascii

_PREFIX = "offset:"


class BadCursor(ValueError):
    pass


def cursor_after(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def offset_of(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise BadCursor("The cursor is not one this API gave out.") from exc
    if not text.startswith(_PREFIX) or not text[len(_PREFIX) :].isdigit():
        raise BadCursor("The cursor is not one this API gave out.")
    return int(text[len(_PREFIX) :])
