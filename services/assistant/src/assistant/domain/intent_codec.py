"""Intents to JSON and back, so that a thread remembers what its last question asked."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from enum import Enum
from typing import Any

from assistant.domain import intents

_KINDS: dict[str, type[Any]] = {cls.__name__: cls for cls in typing.get_args(intents.Intent)}


class UnreadableIntent(ValueError):
    pass


def dump_intent(intent: intents.Intent) -> dict[str, Any]:
    return {"kind": type(intent).__name__, **_dump(intent)}


def load_intent(stored: dict[str, Any]) -> intents.Intent:
    kind = _KINDS.get(stored.get("kind", ""))
    if kind is None:
        raise UnreadableIntent(f"unknown intent kind {stored.get('kind')!r}")
    fields = {k: v for k, v in stored.items() if k != "kind"}
    loaded: intents.Intent = _load(kind, fields)
    return loaded


def _dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    return value


def _load(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        return _load(options[0], value)
    if origin is tuple:
        (item, *_) = typing.get_args(kind)
        return tuple(_load(item, v) for v in value)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        known = [f.name for f in dataclasses.fields(kind) if f.name in value]
        try:
            return kind(**{name: _load(hints[name], value[name]) for name in known})
        except (TypeError, KeyError) as exc:
            raise UnreadableIntent(str(exc)) from exc
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(value)
    if kind is date:
        return date.fromisoformat(value)
    return value
