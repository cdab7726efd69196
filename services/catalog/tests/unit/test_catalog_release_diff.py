"""What a release changes: added, revised, terminated, unchanged."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from catalog.domain.codes import ChangeKind, Code, CodeStatus, CodeSystem, diff_release

pytestmark = pytest.mark.unit

EFFECTIVE = date(2026, 1, 1)


def _code(code: str, title: str = "Title") -> Code:
    return Code(
        CodeSystem.HCPCS, code, title[:28], title, CodeStatus.ACTIVE, True, date(2020, 1, 1), None
    )


def test_the_same_codes_change_nothing() -> None:
    current = {c.code: c for c in (_code("K0001"), _code("K0002"))}
    changes, counts = diff_release(current, list(current.values()), EFFECTIVE)
    assert changes == [] and counts.unchanged == 2


def test_one_revised_one_added_one_terminated() -> None:
    current = {c.code: c for c in (_code("K0001"), _code("K0002"), _code("K0003"))}
    incoming = [
        _code("K0001", "Standard wheelchair, revised"),
        _code("K0002"),
        _code("K0004"),
    ]
    changes, counts = diff_release(current, incoming, EFFECTIVE)
    kinds = {c.code.code: c.kind for c in changes}
    assert kinds == {
        "K0001": ChangeKind.REVISED,
        "K0004": ChangeKind.ADDED,
        "K0003": ChangeKind.TERMINATED,
    }
    ended = next(c.code for c in changes if c.kind is ChangeKind.TERMINATED)
    assert ended.status is CodeStatus.TERMINATED and ended.termination_date == EFFECTIVE
    assert counts.as_dict() == {"added": 1, "revised": 1, "terminated": 1, "unchanged": 1}


def test_a_termination_date_in_the_file_is_a_termination() -> None:
    current = {"K0001": _code("K0001")}
    ended = replace(
        _code("K0001"), status=CodeStatus.TERMINATED, termination_date=date(2025, 12, 31)
    )
    changes, _ = diff_release(current, [ended], EFFECTIVE)
    assert [c.kind for c in changes] == [ChangeKind.TERMINATED]
