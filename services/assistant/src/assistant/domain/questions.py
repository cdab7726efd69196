"""What a question asks: which code, in which code system, or no code at all."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

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
# Words that ask whether codes may be billed together (an NCCI question).
_PAIR_WORDS = re.compile(
    r"\b(TOGETHER|BUNDL\w*|UNBUNDL\w*|NCCI|PTP|SAME (DAY|DATE)|PAIR\w*|EDITS?)\b"
)
_MODIFIER = re.compile(r"\bMODIFIER\s+-?([0-9A-Z]{2})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_US_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


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


@dataclass(frozen=True)
class NcciPair:
    """Whether codes may be billed together, e.g. "Can 95870 and 95886 be billed together?"."""

    codes: tuple[str, ...]  # in the order asked, each once
    date_of_service: date | None  # None: today


@dataclass(frozen=True)
class ModifierLookup:
    """What a modifier means, e.g. "What does modifier 59 mean?"."""

    modifier: str


Intent = CodeLookup | NoCodeAsked | NcciPair | ModifierLookup


def read_intent(question: str) -> Intent:
    text = question.strip()
    if not text:
        raise InvalidQuestion("A question cannot be empty.")
    if len(question) > MAX_QUESTION_LENGTH:
        raise InvalidQuestion(f"A question can have at most {MAX_QUESTION_LENGTH} characters.")
    upper = text.upper()
    modifier = _MODIFIER.search(upper)
    if modifier:
        return ModifierLookup(modifier[1])
    on = _date_of_service(upper)
    codes = _codes(_ISO_DATE.sub(" ", _US_DATE.sub(" ", upper)))
    if not codes:
        return NoCodeAsked()
    if len(codes) > 1 and _PAIR_WORDS.search(upper):
        return NcciPair(tuple(codes), on)
    return CodeLookup(_system_of(codes[0], _named_systems(upper)), codes[0])


def _codes(upper: str) -> list[str]:
    """The codes a question names, in order, each once."""
    # A code has a digit in every system; requiring one keeps seven-letter words such as
    # "SURGERY", which have the shape of an ICD-10-PCS code, from being read as codes.
    tokens: list[str] = _TOKEN.findall(upper)
    found = [t for t in tokens if any(c.isdigit() for c in t) and systems_matching(t)]
    return list(dict.fromkeys(found))


def _date_of_service(upper: str) -> date | None:
    """The first date the question names (2024-09-01 or 09/01/2024), if any."""
    iso, us = _ISO_DATE.search(upper), _US_DATE.search(upper)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if us:
            return date(int(us[3]), int(us[1]), int(us[2]))
    except ValueError as exc:
        raise InvalidQuestion(f"{exc}: the date of service is not a real date.") from exc
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


def system_of_code(code: str) -> CodeSystem:
    """The system a code's shape names (CPT before HCPCS for five digits)."""
    return _system_of(code, [])
