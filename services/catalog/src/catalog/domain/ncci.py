"""NCCI edits: procedure-to-procedure pairs, medically unlikely edits, add-on code edits.

A PTP edit pairs a column 1 code (paid) with a column 2 code (denied when both are billed
for one patient by one provider on one date of service) unless its modifier indicator lets
an NCCI-associated modifier (59, XE, XS, XP, XU, ...) show the services were distinct.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from itertools import combinations

from catalog.domain.hcpcs import LayoutError, parse_date


class ModifierIndicator(Enum):
    NOT_ALLOWED = 0
    ALLOWED = 1
    NOT_APPLICABLE = 9

    @property
    def explanation(self) -> str:
        return {
            ModifierIndicator.NOT_ALLOWED: "not allowed with any modifier",
            ModifierIndicator.ALLOWED: "allowed with an appropriate modifier",
            ModifierIndicator.NOT_APPLICABLE: (
                "not applicable: the edit was deleted retroactively, so no edit applies"
            ),
        }[self]


class MueAdjudication(Enum):
    LINE = 1
    DAY = 2
    ENCOUNTER = 3

    @property
    def explanation(self) -> str:
        return {
            MueAdjudication.LINE: "per claim line: units above the limit on a line are denied",
            MueAdjudication.DAY: (
                "per day (policy): units above the limit on one date of service are denied"
            ),
            MueAdjudication.ENCOUNTER: (
                "per day (clinical): units above the limit on one date of service are denied"
                " unless the medical record supports them on appeal"
            ),
        }[self]


@dataclass(frozen=True)
class PtpEdit:
    column1: str
    column2: str
    deletion_date: date | None
    modifier_indicator: ModifierIndicator
    rationale: str

    def active_on(self, date_of_service: date) -> bool:
        """In effect on the date of service: not deleted before it, and not indicator 9.

        CMS sets a deletion date to the last day an edit is in effect (mostly Dec 31)."""
        if self.modifier_indicator is ModifierIndicator.NOT_APPLICABLE:
            return False
        return self.deletion_date is None or date_of_service <= self.deletion_date


@dataclass(frozen=True)
class Mue:
    code: str
    units: int
    adjudication: MueAdjudication
    rationale: str


@dataclass(frozen=True)
class AddOnEdit:
    primary_code: str  # "CCCCC": any primary code may be billed with it
    addon_code: str
    edit_type: int


@dataclass(frozen=True)
class PairCheck:
    """One unordered pair of a claim, checked in both directions."""

    first: str
    second: str
    active: tuple[PtpEdit, ...]
    inactive: tuple[PtpEdit, ...]

    @property
    def verdict(self) -> str:
        if not self.active:
            return "no active edit"
        if any(e.modifier_indicator is ModifierIndicator.NOT_ALLOWED for e in self.active):
            return "column 2 code denied; no modifier allows the pair"
        return "column 2 code denied unless an NCCI-associated modifier shows distinct services"


def pairs_of(codes: Sequence[str]) -> list[tuple[str, str]]:
    return [(a, b) for a, b in combinations(dict.fromkeys(codes), 2)]


def check_pairs(
    codes: Sequence[str], edits: Iterable[PtpEdit], date_of_service: date
) -> list[PairCheck]:
    """Every pair of the claim's codes with the edits found for it, either way round."""
    by_pair: dict[frozenset[str], list[PtpEdit]] = {}
    for edit in edits:
        by_pair.setdefault(frozenset((edit.column1, edit.column2)), []).append(edit)
    checks = []
    for first, second in pairs_of(codes):
        found = by_pair.get(frozenset((first, second)), [])
        checks.append(
            PairCheck(
                first,
                second,
                active=tuple(e for e in found if e.active_on(date_of_service)),
                inactive=tuple(e for e in found if not e.active_on(date_of_service)),
            )
        )
    return checks


def parse_ptp_row(row: Sequence[str], source: str, line: int) -> PtpEdit:
    if len(row) != 5:
        raise LayoutError(source, line, f"expected 5 columns of a PTP edit, found {len(row)}")
    column1, column2, deletion, indicator, rationale = (value.strip() for value in row)
    if not column1 or not column2:
        raise LayoutError(source, line, "a PTP edit needs a column 1 and a column 2 code")
    try:
        modifier = ModifierIndicator(int(indicator))
    except ValueError as exc:
        raise LayoutError(
            source, line, f"modifier indicator {indicator!r} is not 0, 1 or 9"
        ) from exc
    deleted = None if deletion == "*" else parse_date(deletion, source, line, "deletion_date")
    return PtpEdit(column1, column2, deleted, modifier, rationale)


def parse_mue_row(row: dict[str, str], source: str, line: int) -> Mue:
    try:
        units = int(row["mue_units"])
        adjudication = MueAdjudication(int(row["mue_mai"]))
    except (KeyError, ValueError) as exc:
        raise LayoutError(source, line, f"not an MUE row: {exc}") from exc
    return Mue(row["hcpcs_code"].strip(), units, adjudication, row["mue_rationale"].strip())


def parse_addon_row(row: dict[str, str], source: str, line: int) -> AddOnEdit:
    try:
        return AddOnEdit(
            row["primary_code"].strip(), row["add_on_code"].strip(), int(row["aoc_edit_type"])
        )
    except (KeyError, ValueError) as exc:
        raise LayoutError(source, line, f"not an add-on code edit row: {exc}") from exc
