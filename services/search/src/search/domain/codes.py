"""A code as the search index holds it, taken from the catalog's code.changed event."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from atlaskit.coding import CodeStatus, CodeSystem


@dataclass(frozen=True)
class IndexedCode:
    system: CodeSystem
    code: str
    short_title: str
    title: str
    status: CodeStatus
    billable: bool
    release_id: str


def indexed_code(changed: Mapping[str, Any]) -> IndexedCode:
    """The index entry for the data of a ``catalog.code.changed`` v1 event."""
    return IndexedCode(
        system=CodeSystem(changed["system"]),
        code=changed["code"],
        short_title=changed["shortTitle"],
        title=changed["title"],
        status=CodeStatus(changed["status"]),
        # Optional in the v1 schema; the catalog treats a code as billable unless told.
        billable=changed.get("billable", True),
        release_id=changed["releaseId"],
    )
