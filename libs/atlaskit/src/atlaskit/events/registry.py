"""Every event type has a JSON schema kept in this package: ``schemas/<type>.v<N>.json``."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

from atlaskit.events.envelope import Envelope


class EventSchemaError(ValueError):
    """An event does not match the schema of its type and version."""


@cache
def _validator(event_type: str, version: int) -> Draft202012Validator:
    name = f"{event_type}.v{version}.json"
    source = resources.files("atlaskit.events").joinpath("schemas", name)
    if not source.is_file():
        raise EventSchemaError(f"no schema for event type {event_type!r} version {version}")
    schema: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def validate_event(event: Envelope) -> None:
    validator = _validator(event.type, event.schema_version)
    errors = sorted(validator.iter_errors(event.data), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.path) or "(root)"
        raise EventSchemaError(f"{event.type} v{event.schema_version} at {where}: {first.message}")


def known_event_types() -> list[str]:
    folder = resources.files("atlaskit.events").joinpath("schemas")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".json"))
