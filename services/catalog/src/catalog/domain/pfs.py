"""The Medicare Physician Fee Schedule: RVUs per code, GPCIs per locality, and fees.

A fee is (work RVU x work GPCI + PE RVU x PE GPCI + MP RVU x MP GPCI) x conversion factor;
the national fee uses GPCIs of 1. Non-facility fees use the non-facility PE RVU (a service
in an office), facility fees the facility PE RVU (a hospital or ASC bears the practice
expense).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from catalog.domain.hcpcs import LayoutError

CENTS = Decimal("0.01")
NATIONAL = "national"


@dataclass(frozen=True)
class RvuEntry:
    """One row of the PPRRVU file: a code, optionally with a modifier (26, TC, 53)."""

    code: str
    modifier: str
    status: str
    work: Decimal
    nonfacility_pe: Decimal
    facility_pe: Decimal
    malpractice: Decimal
    pctc: str
    global_days: str
    conversion_factor: Decimal


@dataclass(frozen=True)
class Gpci:
    """Geographic practice cost indices of one Medicare locality."""

    mac: str
    state: str
    locality: str
    name: str
    work: Decimal
    practice_expense: Decimal
    malpractice: Decimal

    @property
    def id(self) -> str:
        return f"{self.mac}-{self.locality}"


NATIONAL_GPCI = Gpci("", "", NATIONAL, "National (GPCIs of 1)", Decimal(1), Decimal(1), Decimal(1))


@dataclass(frozen=True)
class Fee:
    locality: Gpci
    nonfacility: Decimal
    facility: Decimal


def fee(entry: RvuEntry, gpci: Gpci = NATIONAL_GPCI) -> Fee:
    def amount(practice_expense: Decimal) -> Decimal:
        units = (
            entry.work * gpci.work
            + practice_expense * gpci.practice_expense
            + entry.malpractice * gpci.malpractice
        )
        return (units * entry.conversion_factor).quantize(CENTS, rounding=ROUND_HALF_UP)

    return Fee(gpci, amount(entry.nonfacility_pe), amount(entry.facility_pe))


# PPRRVU column positions (the file has 10 lines of headings before the data).
_CODE, _MOD, _STATUS, _WORK, _NONFAC_PE, _FAC_PE, _MP, _PCTC, _GLOBAL, _CF = (
    0,
    1,
    3,
    5,
    6,
    8,
    10,
    13,
    14,
    24,
)


def _decimal(raw: str, source: str, line: int, column: str) -> Decimal:
    try:
        return Decimal(raw.strip() or "0")
    except InvalidOperation as exc:
        raise LayoutError(source, line, f"{column} {raw!r} is not a number") from exc


def parse_rvu_row(row: Sequence[str], source: str, line: int) -> RvuEntry:
    if len(row) < 25:
        raise LayoutError(source, line, f"expected 31 PPRRVU columns, found {len(row)}")
    code = row[_CODE].strip().upper()
    if len(code) != 5 or not code.isalnum():
        raise LayoutError(source, line, f"{code!r} is not a 5-character HCPCS or CPT code")
    return RvuEntry(
        code=code,
        modifier=row[_MOD].strip().upper(),
        status=row[_STATUS].strip(),
        work=_decimal(row[_WORK], source, line, "work RVU"),
        nonfacility_pe=_decimal(row[_NONFAC_PE], source, line, "non-facility PE RVU"),
        facility_pe=_decimal(row[_FAC_PE], source, line, "facility PE RVU"),
        malpractice=_decimal(row[_MP], source, line, "MP RVU"),
        pctc=row[_PCTC].strip(),
        global_days=row[_GLOBAL].strip(),
        conversion_factor=_decimal(row[_CF], source, line, "conversion factor"),
    )


def parse_gpci_row(row: Sequence[str], source: str, line: int) -> Gpci:
    if len(row) < 7:
        raise LayoutError(source, line, f"expected 7 GPCI columns, found {len(row)}")
    mac, state, locality, name = (value.strip() for value in row[:4])
    return Gpci(
        mac=mac,
        state=state,
        locality=locality,
        name=name.rstrip("*").strip(),
        work=_decimal(row[4], source, line, "PW GPCI"),
        practice_expense=_decimal(row[5], source, line, "PE GPCI"),
        malpractice=_decimal(row[6], source, line, "MP GPCI"),
    )
