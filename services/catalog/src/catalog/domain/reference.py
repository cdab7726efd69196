"""Reference files that apply to codes: places of service, MS-DRG CC/MCC designations for
ICD-10-CM, and the index of Medicare coverage documents (LCDs and billing articles)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from catalog.domain.hcpcs import LayoutError


@dataclass(frozen=True)
class PlaceOfService:
    code: str
    setting: str  # Facility / Non-Facility: which PFS fee applies
    name: str
    description: str


@dataclass(frozen=True)
class SeverityDesignation:
    """An ICD-10-CM code that is a complication or comorbidity (CC) or a major one (MCC)."""

    code: str
    level: str
    pdx_exclusion_group: str


@dataclass(frozen=True)
class CoverageDocument:
    document_id: str
    kind: str
    version: int
    title: str
    contractor: str
    effective_date: date | None
    retirement_date: date | None
    url: str


def dotted_icd10cm(code: str) -> str:
    """``E119`` -> ``E11.9``: the MS-DRG files list ICD-10-CM codes without the dot."""
    code = code.strip().upper()
    return f"{code[:3]}.{code[3:]}" if len(code) > 3 else code


def parse_place_of_service(row: dict[str, str], source: str, line: int) -> PlaceOfService:
    code = row["pos_code"].strip()
    if len(code) != 2 or not code.isdigit():
        raise LayoutError(source, line, f"place of service {code!r} is not two digits")
    return PlaceOfService(
        code, row["pos_type"].strip(), row["pos_name"].strip(), row["pos_description"].strip()
    )


def parse_severity(row: dict[str, str], source: str, line: int) -> SeverityDesignation:
    level = row["cc_level"].strip().upper()
    if level not in ("CC", "MCC"):
        raise LayoutError(source, line, f"CC level {level!r} is neither CC nor MCC")
    return SeverityDesignation(
        dotted_icd10cm(row["icd10cm_code"]), level, row["pdx_exclusion_group"].strip()
    )


def _us_date(raw: str, source: str, line: int) -> date | None:
    value = raw.strip()
    if not value or value.upper() == "N/A":
        return None
    try:
        return datetime.strptime(value, "%m/%d/%Y").date()
    except ValueError as exc:
        raise LayoutError(source, line, f"{value!r} is not an MM/DD/YYYY date") from exc


def parse_coverage_document(row: dict[str, str], source: str, line: int) -> CoverageDocument:
    try:
        version = int(row["document_version"])
    except ValueError as exc:
        raise LayoutError(source, line, "document_version is not a number") from exc
    return CoverageDocument(
        document_id=row["document_display_id"].strip(),
        kind=row["document_type"].strip(),
        version=version,
        title=row["title"].strip(),
        contractor=" ".join(row["contractor_name_type"].split()),
        effective_date=_us_date(row["effective_date"], source, line),
        retirement_date=_us_date(row["retirement_date"], source, line),
        url=row["url"].strip(),
    )
