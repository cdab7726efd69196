"""Finding the objects at a path in a response, and merging entity results into them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

JsonObject = dict[str, Any]
ResponsePath = tuple[str | int, ...]


def objects_at(data: Any, path: tuple[str, ...]) -> Iterator[tuple[JsonObject, ResponsePath]]:
    """Every object at ``path`` (response keys), walking through lists; with its full path."""

    def walk(
        value: Any, rest: tuple[str, ...], where: ResponsePath
    ) -> Iterator[tuple[JsonObject, ResponsePath]]:
        if value is None:
            return
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, rest, (*where, index))
            return
        if not isinstance(value, dict):
            return
        if not rest:
            yield value, where
            return
        yield from walk(value.get(rest[0]), rest[1:], (*where, rest[0]))

    yield from walk(data, path, ())


def deep_merge(target: JsonObject, source: JsonObject) -> None:
    for key, value in source.items():
        existing = target.get(key)
        if isinstance(existing, dict) and isinstance(value, dict):
            deep_merge(existing, value)
        elif isinstance(existing, list) and isinstance(value, list):
            for old, new in zip(existing, value, strict=False):
                if isinstance(old, dict) and isinstance(new, dict):
                    deep_merge(old, new)
        else:
            target[key] = value
