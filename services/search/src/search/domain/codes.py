"""A code as the search index holds it, taken from the catalog's code.changed event."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from atlaskit.coding import CodeStatus, CodeSystem

# Words worth correcting a misspelling to: letters only, four or more of them.
_VOCABULARY_WORD = re.compile(r"[a-z]{4,}")
# ICD-10-CM puts nonessential modifiers in parentheses and brackets, and says NOS ("not
# otherwise specified") for a catch-all: a name without them is what a person types.
_NONESSENTIAL = re.compile(r"\([^)]*\)|\[[^\]]*\]|\bnos\b")
_NAME_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class IndexedCode:
    system: CodeSystem
    code: str
    short_title: str
    title: str
    status: CodeStatus
    billable: bool
    release_id: str
    terms: tuple[str, ...] = ()  # other words for the code (ICD-10-CM inclusion terms)
    effective_date: date | None = None
    termination_date: date | None = None

    @property
    def terms_text(self) -> str:
        return "; ".join(self.terms)

    @property
    def names(self) -> list[str]:
        """The title and each term as ``plain_name`` writes them: a query equal to one of
        them names this code exactly."""
        return sorted({plain_name(text) for text in (self.title, *self.terms)} - {""})


def plain_name(text: str) -> str:
    """Lower-case words only, nonessential modifiers and NOS left out:
    "Essential (primary) hypertension" -> "essential hypertension"."""
    return " ".join(_NAME_WORD.findall(_NONESSENTIAL.sub(" ", text.lower())))


def indexed_code(changed: Mapping[str, Any]) -> IndexedCode:
    """The index entry for the data of a ``catalog.code.changed`` event (v1 or v2)."""
    return IndexedCode(
        system=CodeSystem(changed["system"]),
        code=changed["code"],
        short_title=changed["shortTitle"],
        title=changed["title"],
        status=CodeStatus(changed["status"]),
        # Optional in the v1 schema; the catalog treats a code as billable unless told.
        billable=changed.get("billable", True),
        release_id=changed["releaseId"],
        terms=tuple(changed.get("terms", ())),
        effective_date=_date(changed.get("effectiveDate")),
        termination_date=_date(changed.get("terminationDate")),
    )


def vocabulary(codes: Iterable[IndexedCode]) -> list[str]:
    """The distinct words of the codes' titles and terms, sorted: what misspellings map to."""
    words: set[str] = set()
    for code in codes:
        for text in (code.title, code.short_title, *code.terms):
            words.update(_VOCABULARY_WORD.findall(text.lower()))
    return sorted(words)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
