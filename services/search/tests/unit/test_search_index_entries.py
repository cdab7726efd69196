"""The index entry taken from a catalog.code.changed event."""

from __future__ import annotations

import pytest

from atlaskit.coding import CodeStatus, CodeSystem
from search.domain.codes import IndexedCode, indexed_code

pytestmark = pytest.mark.unit


def test_an_event_becomes_an_index_entry() -> None:
    changed = {
        "system": "HCPCS",
        "code": "K0001",
        "change": "added",
        "shortTitle": "Standard wheelchair",
        "title": "Standard wheelchair",
        "status": "active",
        "billable": False,
        "releaseId": "HCPCS-2025-10-01",
    }
    assert indexed_code(changed) == IndexedCode(
        system=CodeSystem.HCPCS,
        code="K0001",
        short_title="Standard wheelchair",
        title="Standard wheelchair",
        status=CodeStatus.ACTIVE,
        billable=False,
        release_id="HCPCS-2025-10-01",
    )


def test_a_code_is_billable_unless_the_event_says_otherwise() -> None:
    changed = {
        "system": "HCPCS",
        "code": "K0001",
        "change": "terminated",
        "shortTitle": "Standard wheelchair",
        "title": "Standard wheelchair",
        "status": "terminated",
        "releaseId": "HCPCS-2025-10-01",
    }
    entry = indexed_code(changed)
    assert entry.billable
    assert entry.status is CodeStatus.TERMINATED
