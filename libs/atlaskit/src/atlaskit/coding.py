"""The vocabulary every service shares: code systems and the shape of their codes."""

from __future__ import annotations

import re
from enum import Enum


class CodeSystem(Enum):
    CPT = "CPT"
    HCPCS = "HCPCS"
    ICD10CM = "ICD10CM"
    ICD10PCS = "ICD10PCS"


class CodeStatus(Enum):
    """Whether a code may be used on a claim today, as every read model of the catalog says."""

    ACTIVE = "active"
    TERMINATED = "terminated"


CODE_FORMATS: dict[CodeSystem, re.Pattern[str]] = {
    CodeSystem.CPT: re.compile(r"^[0-9]{4}[0-9A-Z]$"),
    CodeSystem.HCPCS: re.compile(r"^[A-V][0-9]{4}$"),
    CodeSystem.ICD10CM: re.compile(r"^[A-Z][0-9A-Z][0-9A-Z](\.[0-9A-Z]{1,4})?$"),
    CodeSystem.ICD10PCS: re.compile(r"^[0-9A-HJ-NP-Z]{7}$"),
}


class MalformedCode(ValueError):
    """A code that does not have the shape its code system prescribes."""


def normalize_code(system: CodeSystem, raw: str) -> str:
    """Upper-case and trim a code, and check it has its system's shape."""
    code = raw.strip().upper()
    if not CODE_FORMATS[system].match(code):
        raise MalformedCode(f"{raw!r} is not a well-formed {system.value} code")
    return code


def systems_matching(raw: str) -> list[CodeSystem]:
    """The code systems in which ``raw`` (already trimmed and upper-cased) is well formed."""
    return [system for system, pattern in CODE_FORMATS.items() if pattern.match(raw)]


_TOKEN = re.compile(r"[A-Z0-9](?:[A-Z0-9.]*[A-Z0-9])?")


def code_like_tokens(text: str) -> list[str]:
    """The tokens of ``text`` that have the shape of a code of some system, upper-cased, in
    order, each once. A code has a digit in every system; requiring one keeps seven-letter
    words such as "SURGERY", which have the shape of an ICD-10-PCS code, out."""
    tokens: list[str] = _TOKEN.findall(text.upper())
    found = (t for t in tokens if any(c.isdigit() for c in t) and systems_matching(t))
    return list(dict.fromkeys(found))
