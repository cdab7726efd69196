"""The HCPCS Level II alpha-numeric file (CMS "ANWEB"): rows to codes and modifiers.

RECID 3 is a procedure or supply code, 7 a Level II modifier; 4 and 8 continue the long
description of the row before them (the October 2025 file has none, older files do).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from catalog.domain.codes import Code, CodeSystem, MalformedCode, normalize_code, status_on

REQUIRED_COLUMNS = (
    "hcpc",
    "seqnum",
    "recid",
    "long_description",
    "short_description",
    "add_dt",
    "act_eff_dt",
    "term_dt",
    "action_cd",
)
CODE_RECORD, CODE_CONTINUATION = "3", "4"
MODIFIER_RECORD, MODIFIER_CONTINUATION = "7", "8"


class LayoutError(ValueError):
    """A file that is not in the layout the importer reads; names the file and line."""

    def __init__(self, source: str, line: int, problem: str) -> None:
        super().__init__(f"{source}, line {line}: {problem}")
        self.source = source
        self.line = line


@dataclass(frozen=True)
class Modifier:
    code: str
    short_title: str
    title: str
    effective_date: date | None
    termination_date: date | None


@dataclass(frozen=True)
class AnwebContents:
    codes: list[Code]
    modifiers: list[Modifier]


def check_header(columns: Iterable[str] | None, source: str) -> None:
    present = set(columns or ())
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    if missing:
        raise LayoutError(
            source, 1, f"not the HCPCS ANWEB layout: missing column(s) {', '.join(missing)}"
        )


def parse_date(raw: str, source: str, line: int, column: str) -> date | None:
    value = raw.strip()
    if not value:
        return None
    if len(value) != 8 or not value.isdigit():
        raise LayoutError(source, line, f"{column} {value!r} is not a YYYYMMDD date")
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError as exc:
        raise LayoutError(source, line, f"{column} {value!r} is not a real date") from exc


def parse_anweb(
    rows: Iterable[tuple[int, dict[str, str]]], source: str, as_of: date
) -> AnwebContents:
    """Rows as (line number, column -> value); the status of each code is taken on ``as_of``."""
    codes: list[Code] = []
    modifiers: list[Modifier] = []
    for line, row in _joined_records(rows, source):
        recid = row["recid"].strip()
        effective = parse_date(row["act_eff_dt"], source, line, "act_eff_dt")
        added = parse_date(row["add_dt"], source, line, "add_dt")
        terminated = parse_date(row["term_dt"], source, line, "term_dt")
        long_title = row["long_description"].strip()
        short_title = row["short_description"].strip() or long_title
        if recid == MODIFIER_RECORD:
            modifier = row["hcpc"].strip().upper()
            if not 1 <= len(modifier) <= 2:
                raise LayoutError(source, line, f"modifier {modifier!r} is not two characters")
            modifiers.append(Modifier(modifier, short_title, long_title, effective, terminated))
            continue
        try:
            code = normalize_code(CodeSystem.HCPCS, row["hcpc"])
        except MalformedCode as exc:
            raise LayoutError(source, line, str(exc)) from exc
        if not long_title:
            raise LayoutError(source, line, f"code {code} has no long description")
        codes.append(
            Code(
                system=CodeSystem.HCPCS,
                code=code,
                short_title=short_title,
                title=long_title,
                status=status_on(terminated, as_of),
                billable=True,
                effective_date=added or effective,
                termination_date=terminated,
                attributes=_attributes(row),
            )
        )
    return AnwebContents(codes, modifiers)


COVERAGE = {
    "C": "carrier judgment: coverage is decided by the Medicare contractor",
    "D": "special coverage instructions apply",
    "I": "not payable by Medicare",
    "M": "not covered by Medicare",
    "S": "not covered by Medicare by statute",
}
ACTION = {
    "A": "added",
    "B": "administrative data and long description changed",
    "C": "category changed",
    "D": "discontinued",
    "F": "long description changed",
    "N": "no maintenance this release",
    "P": "payment changed",
    "R": "reactivated",
    "S": "short description changed",
    "T": "miscellaneous change",
}
_TYPES_OF_SERVICE = ("tos1", "tos2", "tos3", "tos4", "tos5")


def _attributes(row: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Coverage, BETOS, action code and types of service, as the file gives them."""
    types = ",".join(t for c in _TYPES_OF_SERVICE if (t := row.get(c, "").strip()))
    facts = {
        "coverage": row.get("cov", "").strip(),
        "betos": row.get("betos", "").strip(),
        "actionCode": row["action_cd"].strip(),
        "typesOfService": types,
    }
    return tuple(sorted((k, v) for k, v in facts.items() if v))


def _joined_records(
    rows: Iterable[tuple[int, dict[str, str]]], source: str
) -> Iterator[tuple[int, dict[str, str]]]:
    """Folds continuation rows into the long description of the record they continue."""
    pending: tuple[int, dict[str, str]] | None = None
    for line, row in rows:
        recid = (row.get("recid") or "").strip()
        if recid in (CODE_CONTINUATION, MODIFIER_CONTINUATION):
            if pending is None or pending[1]["hcpc"].strip() != row["hcpc"].strip():
                raise LayoutError(source, line, "continuation row without the row it continues")
            first = pending[1]
            merged = f"{first['long_description'].rstrip()} {row['long_description'].strip()}"
            pending = (pending[0], {**first, "long_description": merged})
            continue
        if recid not in (CODE_RECORD, MODIFIER_RECORD):
            raise LayoutError(source, line, f"unknown RECID {recid!r}")
        if pending is not None:
            yield pending
        pending = (line, dict(row))
    if pending is not None:
        yield pending
