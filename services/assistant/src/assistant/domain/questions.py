"""What a question asks: which code, in which code system, or no code at all."""

from __future__ import annotations

import re
from dataclasses import dataclass

from atlaskit.coding import CodeSystem, systems_matching

MAX_QUESTION_LENGTH = 2000

# ICD-10 without CM or PCS names no single system: the code's shape decides then.
_SYSTEM_NAMES = (
    (re.compile(r"\bICD[- ]?10[- ]?PCS\b"), CodeSystem.ICD10PCS),
    (re.compile(r"\bICD[- ]?10[- ]?CM\b"), CodeSystem.ICD10CM),
    (re.compile(r"\bHCPCS\b"), CodeSystem.HCPCS),
    (re.compile(r"\bCPT\b"), CodeSystem.CPT),
)
_TOKEN = re.compile(r"[A-Z0-9](?:[A-Z0-9.]*[A-Z0-9])?")


class InvalidQuestion(ValueError):
    """A question a person must change before it can be answered; the message says how."""


@dataclass(frozen=True)
class CodeLookup:
    """A question about one code, e.g. "What is HCPCS K0001?"."""

    system: CodeSystem
    code: str


@dataclass(frozen=True)
class NoCodeAsked:
    """A question that names no code, e.g. "Guidelines for E/M services"."""


Intent = CodeLookup | NoCodeAsked


def read_intent(question: str) -> Intent:
    text = question.strip()
    if not text:
        raise InvalidQuestion("A question cannot be empty.")
    if len(question) > MAX_QUESTION_LENGTH:
        raise InvalidQuestion(f"A question can have at most {MAX_QUESTION_LENGTH} characters.")
    upper = text.upper()
    code = _first_code(upper)
    if code is None:
        return NoCodeAsked()
    return CodeLookup(_system_of(code, _named_systems(upper)), code)


def _first_code(upper: str) -> str | None:
    # A code has a digit in every system; requiring one keeps seven-letter words such as
    # "SURGERY", which have the shape of an ICD-10-PCS code, from being read as codes.
    tokens: list[str] = _TOKEN.findall(upper)
    for token in tokens:
        if any(c.isdigit() for c in token) and systems_matching(token):
            return token
    return None


def _named_systems(upper: str) -> list[CodeSystem]:
    """The code systems the question names, in the order it names them."""
    found = [
        (match.start(), system)
        for pattern, system in _SYSTEM_NAMES
        for match in pattern.finditer(upper)
    ]
    return [system for _, system in sorted(found, key=lambda named: named[0])]


def _system_of(code: str, named: list[CodeSystem]) -> CodeSystem:
    """A named system the code fits, else the first named (the asker's word is kept, even
    for a code it cannot hold), else the one system whose shape the code has."""
    shaped = systems_matching(code)
    fitting = [system for system in named if system in shaped]
    return (fitting or named or shaped)[0]
