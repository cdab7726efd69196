"""What a question can ask CasePilot, each with the entities the answer needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from atlaskit.coding import CodeSystem


@dataclass(frozen=True)
class CodeLookup:
    """A question about one code, e.g. "What is HCPCS K0001?"."""

    system: CodeSystem
    code: str


@dataclass(frozen=True)
class CompareCodes:
    """Two or more codes side by side, e.g. "Difference between E11.9 and E11.65"."""

    codes: tuple[CodeLookup, ...]


@dataclass(frozen=True)
class NcciPair:
    """Whether codes may be billed together, e.g. "Can 95870 and 95886 be billed together?";
    a whole claim when more than two codes are named."""

    codes: tuple[str, ...]  # in the order asked, each once
    date_of_service: date | None  # None: today
    modifier: str | None = None  # "and with modifier 59?"


class PageFact(Enum):
    """One section of a code page a question can ask for."""

    MUE = "mue"
    FEES = "fees"
    SEVERITY = "severity"  # MS-DRG CC / MCC
    NOTES = "notes"  # ICD-10-CM instructional notes
    CROSSWALK = "crosswalk"


@dataclass(frozen=True)
class PageFactLookup:
    """One fact of one code's page, e.g. "What is the MUE for 97110?"."""

    code: CodeLookup
    fact: PageFact
    date_of_service: date | None = None


@dataclass(frozen=True)
class ModifierLookup:
    """What a modifier means, e.g. "What does modifier 59 mean?"."""

    modifier: str


@dataclass(frozen=True)
class PlaceOfServiceLookup:
    """A place-of-service code or setting, e.g. "What is POS 11?" or "POS for telehealth"."""

    code: str | None
    words: str


@dataclass(frozen=True)
class CoverageLookup:
    """Medicare coverage documents (LCDs, billing articles), e.g. "Is there an LCD for ..."."""

    words: str
    date_of_service: date | None = None
    code: CodeLookup | None = None  # "Is 97110 covered?": its title says what to look for


@dataclass(frozen=True)
class GuidelineLookup:
    """Coding guidance: official guidelines or the guidance CodeAtlas writes, e.g.
    "Guidelines for E/M services" or "documentation for 99214"."""

    words: str
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class CodeForDescription:
    """Which code fits a description, e.g. "ICD-10-CM code for pink eye"."""

    words: str
    systems: tuple[CodeSystem, ...]


@dataclass(frozen=True)
class NoCodeAsked:
    """A question CasePilot cannot place in any topic."""


@dataclass(frozen=True)
class Refusal:
    """A question CasePilot will not answer as asked (it asks to set the rules aside)."""

    reason: str


Intent = (
    CodeLookup
    | CompareCodes
    | NcciPair
    | PageFactLookup
    | ModifierLookup
    | PlaceOfServiceLookup
    | CoverageLookup
    | GuidelineLookup
    | CodeForDescription
    | NoCodeAsked
    | Refusal
)
