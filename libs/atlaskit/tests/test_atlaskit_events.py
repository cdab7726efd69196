"""Envelopes round-trip, and every event is checked against the schema of its type."""

from __future__ import annotations

import pytest

from atlaskit.events import Envelope, EventSchemaError, validate_event
from atlaskit.events.registry import known_event_types
from atlaskit.events.topics import CODE_CHANGED

pytestmark = pytest.mark.unit


def _code_changed(**data: object) -> Envelope:
    payload: dict[str, object] = {
        "system": "HCPCS",
        "code": "K0001",
        "change": "added",
        "shortTitle": "Standard wheelchair",
        "title": "Standard wheelchair",
        "status": "active",
        "releaseId": "HCPCS-2025-10-01",
    }
    payload.update(data)
    return Envelope(type=CODE_CHANGED, source="catalog", subject="HCPCS:K0001", data=payload)


def test_an_envelope_survives_json() -> None:
    event = _code_changed()
    assert Envelope.from_json(event.to_json()) == event


def test_a_valid_event_passes() -> None:
    validate_event(_code_changed())


def test_an_invalid_event_says_where_it_is_wrong() -> None:
    with pytest.raises(EventSchemaError, match=r"catalog.code.changed v1 at system: 'X'"):
        validate_event(_code_changed(system="X"))


def test_an_unknown_event_type_has_no_schema() -> None:
    unknown = Envelope(type="nobody.knows", source="t", subject="s", data={})
    with pytest.raises(EventSchemaError, match="no schema"):
        validate_event(unknown)


def test_every_schema_file_is_versioned() -> None:
    assert all(name.rsplit(".", 2)[-2].startswith("v") for name in known_event_types())
