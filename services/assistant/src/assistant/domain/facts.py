"""What the assistant knows about a code, taken from the catalog's code.changed event."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from atlaskit.coding import CodeStatus, CodeSystem


@dataclass(frozen=True)
class CodeFact:
    system: CodeSystem
    code: str
    title: str
    short_title: str
    status: CodeStatus
    release_id: str


def code_fact(changed: Mapping[str, Any]) -> CodeFact:
    """The fact recorded for the data of a ``catalog.code.changed`` v1 event."""
    return CodeFact(
        system=CodeSystem(changed["system"]),
        code=changed["code"],
        title=changed["title"],
        short_title=changed["shortTitle"],
        status=CodeStatus(changed["status"]),
        release_id=changed["releaseId"],
    )
