"""Codes, code systems and what a release does to them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import Enum

from atlaskit.coding import CodeStatus, CodeSystem, MalformedCode, normalize_code

__all__ = [
    "ChangeKind",
    "Code",
    "CodeChange",
    "CodeStatus",
    "CodeSystem",
    "MalformedCode",
    "ReleaseCounts",
    "diff_release",
    "normalize_code",
    "status_on",
]


class ChangeKind(Enum):
    ADDED = "added"
    REVISED = "revised"
    TERMINATED = "terminated"


@dataclass(frozen=True)
class Code:
    system: CodeSystem
    code: str
    short_title: str
    title: str
    status: CodeStatus
    billable: bool
    effective_date: date | None
    termination_date: date | None
    parent: str | None = None  # the code above this one (E11.9 -> E11), if any
    group: str | None = None  # the block a top-level code sits in (E11 -> E08-E13), if any
    # System-specific facts (HCPCS coverage...), sorted by name so equal facts compare equal.
    attributes: tuple[tuple[str, str], ...] = ()
    # Other words the official files give for the code (ICD-10-CM inclusion terms): searchable.
    search_terms: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.system.value}:{self.code}"


@dataclass(frozen=True)
class CodeChange:
    kind: ChangeKind
    code: Code


@dataclass(frozen=True)
class ReleaseCounts:
    added: int = 0
    revised: int = 0
    terminated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "added": self.added,
            "revised": self.revised,
            "terminated": self.terminated,
            "unchanged": self.unchanged,
        }


def status_on(termination_date: date | None, as_of: date) -> CodeStatus:
    if termination_date is not None and termination_date <= as_of:
        return CodeStatus.TERMINATED
    return CodeStatus.ACTIVE


def diff_release(
    current: dict[str, Code], incoming: list[Code], effective_date: date
) -> tuple[list[CodeChange], ReleaseCounts]:
    """What a release changes: added, revised and terminated codes, and the unchanged count.

    A code the release no longer lists is terminated on the release's effective date.
    """
    changes: list[CodeChange] = []
    unchanged = 0
    seen: set[str] = set()
    for code in incoming:
        seen.add(code.code)
        before = current.get(code.code)
        if before is None:
            changes.append(CodeChange(ChangeKind.ADDED, code))
        elif before == code:
            unchanged += 1
        elif code.status is CodeStatus.TERMINATED and before.status is CodeStatus.ACTIVE:
            changes.append(CodeChange(ChangeKind.TERMINATED, code))
        else:
            changes.append(CodeChange(ChangeKind.REVISED, code))
    for missing in sorted(set(current) - seen):
        before = current[missing]
        if before.status is CodeStatus.ACTIVE:
            ended = replace(before, status=CodeStatus.TERMINATED, termination_date=effective_date)
            changes.append(CodeChange(ChangeKind.TERMINATED, ended))
        else:
            unchanged += 1
    counts = ReleaseCounts(
        added=sum(c.kind is ChangeKind.ADDED for c in changes),
        revised=sum(c.kind is ChangeKind.REVISED for c in changes),
        terminated=sum(c.kind is ChangeKind.TERMINATED for c in changes),
        unchanged=unchanged,
    )
    return changes, counts
