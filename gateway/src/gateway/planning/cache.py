"""The plan cache: an operation (document text and operation name) is planned once.

It counts its hits and misses so that operators and tests can see it working.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

Planned = TypeVar("Planned")


class PlanCache(Generic[Planned]):
    """Least recently used plans, at most ``size`` of them."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[str, str | None], Planned] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get_or_plan(
        self, document: str, operation_name: str | None, plan: Callable[[], Planned]
    ) -> Planned:
        """The cached plan, or ``plan()`` cached; an exception from ``plan`` is not cached."""
        key = (document, operation_name)
        cached = self._entries.get(key)
        if cached is not None:
            self.hits += 1
            self._entries.move_to_end(key)
            return cached
        self.misses += 1
        planned = plan()
        self._entries[key] = planned
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return planned
