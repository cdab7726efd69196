"""The fact recorded from a catalog.code.changed event."""

from __future__ import annotations

import pytest

from assistant.domain.facts import CodeFact, code_fact
from atlaskit.coding import CodeStatus, CodeSystem

pytestmark = pytest.mark.unit


def test_an_event_becomes_a_code_fact() -> None:
    changed = {
        "system": "HCPCS",
        "code": "K0001",
        "change": "revised",
        "shortTitle": "Std wheelchair",
        "title": "Standard wheelchair",
        "status": "terminated",
        "billable": True,
        "releaseId": "HCPCS-2025-10-01",
    }
    assert code_fact(changed) == CodeFact(
        system=CodeSystem.HCPCS,
        code="K0001",
        title="Standard wheelchair",
        short_title="Std wheelchair",
        status=CodeStatus.TERMINATED,
        release_id="HCPCS-2025-10-01",
    )
