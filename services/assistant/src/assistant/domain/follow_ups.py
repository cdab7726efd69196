"""Follow-ups: a short question that continues the thread's previous one, e.g. "and with
modifier 59?" after an NCCI question, or "what about 99214?" after an MUE question."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from assistant.domain.intents import (
    CodeLookup,
    Intent,
    NcciPair,
    PageFact,
    PageFactLookup,
)


def follow_up(
    previous: Intent,
    codes: list[CodeLookup],
    fact: PageFact | None,
    modifier: str | None,
    on: date | None,
) -> Intent | None:
    """The previous intent with what the follow-up changes, or None when the follow-up is a
    question of its own."""
    if isinstance(previous, NcciPair) and len(codes) < 2 and (modifier or on):
        return replace(
            previous,
            modifier=modifier or previous.modifier,
            date_of_service=on or previous.date_of_service,
        )
    if isinstance(previous, PageFactLookup):
        if len(codes) == 1 and fact in (None, previous.fact):
            return replace(previous, code=codes[0], date_of_service=on or previous.date_of_service)
        if not codes and fact is not None:
            return replace(previous, fact=fact, date_of_service=on or previous.date_of_service)
    if isinstance(previous, CodeLookup) and not codes and fact is not None:
        return PageFactLookup(previous, fact, on)
    if isinstance(previous, CodeLookup) and len(codes) == 1 and fact is None:
        return codes[0]
    return None
