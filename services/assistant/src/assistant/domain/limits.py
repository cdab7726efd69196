"""One section of a code page in words: its MUE, fees, MS-DRG severity, instructional notes,
or the plain fact that the catalog holds no crosswalk for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from assistant.domain.answers import Answer, Citation, decline, label_of
from assistant.domain.intents import CodeLookup
from atlaskit.coding import CodeSystem

PAGE_SECTION = "catalog.code_page"
MUE_SOURCE = "ncci_mue"
PFS_SOURCE = "pfs_rvu"
SEVERITY_SOURCE = "msdrg_cc_mcc"
NOTES_SOURCE = "icd10cm_tabular"

_SEVERITY_WORDS = {
    "MCC": "an MCC (major complication or comorbidity)",
    "CC": "a CC (complication or comorbidity)",
}


@dataclass(frozen=True)
class MueFacts:
    units: int
    indicator: int  # MAI: 1 line, 2 date of service (policy), 3 date of service (clinical)
    adjudication: str
    rationale: str


@dataclass(frozen=True)
class FeeRow:
    modifier: str | None  # 26, TC or none: one row of the fee schedule each
    status: str
    work_rvu: Decimal
    nonfacility_pe_rvu: Decimal
    facility_pe_rvu: Decimal
    malpractice_rvu: Decimal
    conversion_factor: Decimal
    global_days: str
    nonfacility_fee: Decimal
    facility_fee: Decimal


@dataclass(frozen=True)
class Note:
    subject: str  # the code (or its category) the tabular writes the note under
    kind: str  # includes, excludes1, excludes2, code_first, use_additional_code...
    text: str


def explain_mue(code: CodeLookup, mue: MueFacts | None, release: str | None, on: date) -> Answer:
    label = label_of(code)
    if release is None:
        return decline(
            f"No MUE release is loaded for {on.isoformat()}, so I cannot say.", (PAGE_SECTION,)
        )
    if mue is None:
        text = (
            f"The NCCI practitioner MUE file (release {release}) has no limit for {label} on"
            f" {on.isoformat()}; payers may still limit units."
        )
        return Answer(
            text, (Citation(code.system, code.code, release, MUE_SOURCE),), (PAGE_SECTION,)
        )
    unit_word = "unit" if mue.units == 1 else "units"
    text = (
        f"The MUE for {label} is {mue.units} {unit_word} of service per patient (MAI"
        f" {mue.indicator}: {mue.adjudication}) on {on.isoformat()}, release {release}."
        f" Rationale: {mue.rationale}."
    )
    citation = Citation(code.system, code.code, release, MUE_SOURCE)
    return Answer(text, (citation,), (PAGE_SECTION,), evidence=(mue.rationale,))


def explain_fees(code: CodeLookup, rows: list[FeeRow], release: str | None, on: date) -> Answer:
    label = label_of(code)
    if release is None or not rows:
        where = f"release {release}" if release else f"any release in effect on {on.isoformat()}"
        text = f"The Medicare Physician Fee Schedule ({where}) lists no RVUs for {label}."
        return decline(text, (PAGE_SECTION,))
    sentences = [
        f"Medicare Physician Fee Schedule, national amounts for {label} on {on.isoformat()}"
        f" (release {release}):"
    ]
    sentences += [_fee_sentence(row) for row in rows]
    sentences.append(
        "Local amounts differ by the locality's GPCIs; ask for a locality on the code page."
    )
    citation = Citation(code.system, code.code, release, PFS_SOURCE)
    return Answer(" ".join(sentences), (citation,), (PAGE_SECTION,))


def _fee_sentence(row: FeeRow) -> str:
    which = f"with modifier {row.modifier}" if row.modifier else "global (no modifier)"
    total = row.work_rvu + row.nonfacility_pe_rvu + row.malpractice_rvu
    return (
        f"{which}: ${row.nonfacility_fee:.2f} non-facility and ${row.facility_fee:.2f}"
        f" facility (status {row.status}; RVUs work {row.work_rvu:.2f}, practice expense"
        f" {row.nonfacility_pe_rvu:.2f} non-facility / {row.facility_pe_rvu:.2f} facility,"
        f" malpractice {row.malpractice_rvu:.2f}, {total:.2f} in all non-facility; conversion"
        f" factor ${row.conversion_factor:.4f}; global period {row.global_days})."
    )


def explain_severity(code: CodeLookup, level: str | None, release: str | None, on: date) -> Answer:
    label = label_of(code)
    if code.system is not CodeSystem.ICD10CM:
        return decline(
            f"CC and MCC apply to ICD-10-CM diagnosis codes under MS-DRG; {label} is not one.",
            (PAGE_SECTION,),
        )
    if release is None:
        return decline(f"No MS-DRG CC/MCC release is loaded for {on.isoformat()}.", (PAGE_SECTION,))
    if level in _SEVERITY_WORDS:
        status = f"is {_SEVERITY_WORDS[level]} when reported as a secondary diagnosis"
    else:
        status = "is neither a CC nor an MCC"
    text = (
        f"Under MS-DRG (release {release}), {label} {status}. A CC or MCC does not count"
        " when the principal diagnosis excludes it (the CC exclusion list)."
    )
    return Answer(
        text, (Citation(code.system, code.code, release, SEVERITY_SOURCE),), (PAGE_SECTION,)
    )


def explain_notes(code: CodeLookup, notes: list[Note], release: str) -> Answer:
    label = label_of(code)
    citation = Citation(code.system, code.code, release, NOTES_SOURCE)
    if not notes:
        text = (
            f"The ICD-10-CM tabular (release {release}) writes no instructional notes at"
            f" {label} or the codes above it; chapter-level notes and guidelines still apply."
        )
        return Answer(text, (citation,), (PAGE_SECTION,))
    parts = [f"Instructional notes that apply to {label} (release {release}):"]
    parts += [f"{_note_kind(note.kind)} (at {note.subject}): {note.text}." for note in notes]
    quoted = tuple(note.text for note in notes)
    return Answer(" ".join(parts), (citation,), (PAGE_SECTION,), evidence=quoted)


_NOTE_LABELS = {
    "inclusion_term": "Inclusion term",
    "includes": "Includes",
    "excludes1": "Excludes1 (never code together)",
    "excludes2": "Excludes2 (not included here; both may be coded)",
    "code_first": "Code first",
    "code_also": "Code also",
    "use_additional_code": "Use additional code",
    "seventh_character": "7th character",
    "note": "Note",
}


def _note_kind(kind: str) -> str:
    return _NOTE_LABELS.get(kind, kind.replace("_", " ").capitalize())


def explain_no_crosswalk(code: CodeLookup, release: str) -> Answer:
    """The catalog links no codes across systems: said plainly, with no code offered."""
    label = label_of(code)
    text = (
        f"The catalog has no crosswalk for {label}: it holds no official link from this code"
        " to codes of another system, so I will not name any. Which diagnoses support a"
        " procedure is set by payer policy; Medicare's LCD billing articles list covered"
        " diagnoses, and you can ask me to find the coverage documents for a service."
    )
    return Answer(
        text, (Citation(code.system, code.code, release, "catalog"),), ("catalog.lookup",)
    )
