"""The envelope every CodeAtlas event travels in (CloudEvents-like)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class Envelope:
    """id, type, source, subject, time, schema version and data of one event."""

    type: str
    source: str
    subject: str
    data: dict[str, Any]
    schema_version: int = 1
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    time: str = field(default_factory=lambda: datetime.now(UTC).isoformat())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "source": self.source,
            "subject": self.subject,
            "time": self.time,
            "schemaVersion": self.schema_version,
            "data": self.data,
        }

    def to_json(self) -> bytes:
        return json.dumps(self.to_dict(), separators=(",", ":")).encode()

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Envelope:
        return cls(
            id=str(raw["id"]),
            type=str(raw["type"]),
            source=str(raw["source"]),
            subject=str(raw["subject"]),
            time=str(raw["time"]),
            schema_version=int(raw["schemaVersion"]),
            data=dict(raw["data"]),
        )

    @classmethod
    def from_json(cls, payload: bytes) -> Envelope:
        return cls.from_dict(json.loads(payload))
