"""Reading the JSONL span files every process of a test stack writes."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Span:
    service: str
    name: str
    kind: str
    trace_id: str
    attributes: dict[str, Any]


def new_traceparent() -> tuple[str, str]:
    trace_id = secrets.token_hex(16)
    return trace_id, f"00-{trace_id}-{secrets.token_hex(8)}-01"


def read_spans(folder: Path, trace_id: str) -> list[Span]:
    found = []
    for path in folder.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            raw = json.loads(line)
            if raw["context"]["trace_id"].removeprefix("0x") != trace_id:
                continue
            found.append(
                Span(
                    service=raw["resource"]["attributes"]["service.name"],
                    name=raw["name"],
                    kind=raw["kind"],
                    trace_id=trace_id,
                    attributes=raw.get("attributes") or {},
                )
            )
    return found


def wait_for_spans(
    folder: Path, trace_id: str, enough: Callable[[list[Span]], bool], timeout: float = 15
) -> list[Span]:
    deadline = time.monotonic() + timeout
    spans = read_spans(folder, trace_id)
    while not enough(spans) and time.monotonic() < deadline:
        time.sleep(0.2)
        spans = read_spans(folder, trace_id)
    return spans
