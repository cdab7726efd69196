"""ICD-10-PCS: codes, the tables they sit in, root-operation notes and official guidelines.

A PCS code is seven characters, each an axis: section, body system, root operation, body
part, approach, device, qualifier. The first three characters name a table ("0DT": Medical
and Surgical, Gastrointestinal System, Resection), and every code in a table is complete and
valid, so the hierarchy is section (chapter) -> table (block) -> code, with nothing between.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from catalog.domain.codes import Code, CodeStatus, CodeSystem, MalformedCode, normalize_code
from catalog.domain.hcpcs import LayoutError
from catalog.domain.hierarchy import CodeGroup, CodeNote, GroupKind, NoteKind

SYSTEM = CodeSystem.ICD10PCS
TABLE_LENGTH = 3
AXIS_VALUE = re.compile(r"^[0-9A-HJ-NP-Z]$")  # one character of a code: no I, no O
GUIDELINE_ID = re.compile(r"^[A-Z](?:[0-9]+(?:\.[0-9]+)?[a-z]?)?$")  # A1, B3.10a, C2, F
ROOT_OPERATION_COLUMNS = ("section", "code", "value", "definition", "explanation", "examples")
GUIDELINE_COLUMNS = ("section", "type", "idx", "content")
# The CMS order file marks a table or row heading with 0 and a complete code with 1.
HEADING, VALID_CODE = 0, 1

Row = Mapping[str, object]  # one row of a source, column -> value (CSV text or SQLite value)


@dataclass(frozen=True)
class RootOperation:
    """What the third character means in a section: "T" in section 0 is Resection."""

    section: str
    code: str
    name: str
    definition: str
    explanation: str | None
    examples: str | None

    def note_texts(self) -> list[str]:
        labelled = [
            ("Definition", self.definition),
            ("Explanation", self.explanation),
            ("Examples", self.examples),
        ]
        return [f"{label}: {text}" for label, text in labelled if text]


@dataclass(frozen=True)
class PcsGuideline:
    """One paragraph of the official ICD-10-PCS coding guidelines."""

    section: str  # the part of the guidelines: Convention, Root Operation, Obstetrics...
    id: str  # its number in the guidelines: A1, B3.4a, C2
    title: str  # the heading it sits under: "Biopsy Procedures"
    text: str


@dataclass(frozen=True)
class PcsAxes:
    """The names of the first three characters, from which a table's title is built."""

    sections: Mapping[str, str]
    body_systems: Mapping[tuple[str, str], str]
    root_operations: Mapping[tuple[str, str], RootOperation]


@dataclass(frozen=True)
class Icd10PcsContents:
    codes: list[Code]
    groups: list[CodeGroup]
    notes: list[CodeNote]
    guidelines: list[PcsGuideline]


@dataclass(frozen=True)
class _Table:
    section: str
    title: str
    root_operation: RootOperation


def parse_icd10pcs(
    code_rows: Iterable[tuple[int, Row]],
    axes: PcsAxes,
    guidelines: Sequence[PcsGuideline],
    effective_date: date,
    source: str,
) -> Icd10PcsContents:
    """Rows of the code table (code, billable, short_name, long_name) as codes, with their
    sections, tables and the root-operation notes on each table."""
    codes: dict[str, Code] = {}
    tables: dict[str, _Table] = {}
    for line, row in code_rows:
        code = _code(row, effective_date, source, line)
        if code is None:
            continue
        if code.code in codes:
            raise LayoutError(source, line, f"code {code.code} is listed twice")
        codes[code.code] = code
        table = code.code[:TABLE_LENGTH]
        if table not in tables:
            tables[table] = _table(table, axes, source, line)
    ordered = sorted(codes.values(), key=lambda code: code.code)
    return Icd10PcsContents(
        codes=ordered,
        groups=list(_groups(ordered, tables, axes)),
        notes=[
            CodeNote(SYSTEM, table_id, NoteKind.NOTE, text, position)
            for table_id, table in sorted(tables.items())
            for position, text in enumerate(table.root_operation.note_texts())
        ],
        guidelines=[*guidelines, *_definitions(axes)],
    )


ROOT_OPERATION_SECTION = "Root operation definitions"


def _definitions(axes: PcsAxes) -> list[PcsGuideline]:
    """Each root operation's official definition, kept with the guidelines so that a coder
    who asks what "excision" means finds it there (id: section and operation characters)."""
    return [
        PcsGuideline(
            ROOT_OPERATION_SECTION,
            f"RO-{operation.section}{operation.code}",
            operation.name,
            " ".join(operation.note_texts()),
        )
        for _, operation in sorted(axes.root_operations.items())
    ]


def section_names(rows: Iterable[tuple[int, Row]], source: str) -> dict[str, str]:
    """Rows of (section, sec_def): the name of each section character."""
    names: dict[str, str] = {}
    for line, row in rows:
        section = _axis_value(row, "section", source, line)
        name = _text(row, "sec_def", source, line)
        if names.setdefault(section, name) != name:
            raise LayoutError(
                source, line, f"section {section} is named both {names[section]!r} and {name!r}"
            )
    return names


def body_system_names(rows: Iterable[tuple[int, Row]], source: str) -> dict[tuple[str, str], str]:
    """Rows of (section, code, definition): the name of each body system in its section."""
    names: dict[tuple[str, str], str] = {}
    for line, row in rows:
        key = (_axis_value(row, "section", source, line), _axis_value(row, "code", source, line))
        if key in names:
            raise LayoutError(source, line, f"body system {key[1]} of section {key[0]} repeats")
        names[key] = _text(row, "definition", source, line)
    return names


def parse_root_operations(rows: Iterable[tuple[int, Row]], source: str) -> list[RootOperation]:
    """Rows of the root-operation layout (``ROOT_OPERATION_COLUMNS``)."""
    operations: list[RootOperation] = []
    seen: set[tuple[str, str]] = set()
    for line, row in rows:
        section = _axis_value(row, "section", source, line)
        code = _axis_value(row, "code", source, line)
        if (section, code) in seen:
            raise LayoutError(source, line, f"root operation {code} of section {section} repeats")
        seen.add((section, code))
        # The definitions were lifted from PDF text; one breaks a line mid-sentence.
        operations.append(
            RootOperation(
                section=section,
                code=code,
                name=_prose(_text(row, "value", source, line)),
                definition=_prose(_text(row, "definition", source, line)),
                explanation=_prose(_optional_text(row, "explanation", source, line)) or None,
                examples=_prose(_optional_text(row, "examples", source, line)) or None,
            )
        )
    return operations


def parse_guidelines(rows: Iterable[tuple[int, Row]], source: str) -> list[PcsGuideline]:
    """Rows of the guideline layout (``GUIDELINE_COLUMNS``); line breaks in the text stay,
    since they carry the lists and examples of a paragraph."""
    guidelines: list[PcsGuideline] = []
    seen: set[str] = set()
    for line, row in rows:
        guideline_id = _text(row, "idx", source, line)
        if not GUIDELINE_ID.match(guideline_id):
            raise LayoutError(source, line, f"{guideline_id!r} is not a guideline number")
        if guideline_id in seen:
            raise LayoutError(source, line, f"guideline {guideline_id} is listed twice")
        seen.add(guideline_id)
        guidelines.append(
            PcsGuideline(
                section=_text(row, "section", source, line),
                id=guideline_id,
                title=_text(row, "type", source, line),
                text=_text(row, "content", source, line),
            )
        )
    return guidelines


def _code(row: Row, effective_date: date, source: str, line: int) -> Code | None:
    billable = row.get("billable")
    if isinstance(billable, bool) or billable not in (HEADING, VALID_CODE):
        raise LayoutError(source, line, f"billable {billable!r} is neither 0 nor 1")
    if billable == HEADING:
        return None
    try:
        code = normalize_code(SYSTEM, _text(row, "code", source, line))
    except MalformedCode as exc:
        raise LayoutError(source, line, str(exc)) from exc
    return Code(
        system=SYSTEM,
        code=code,
        short_title=_text(row, "short_name", source, line),
        title=_text(row, "long_name", source, line),
        status=CodeStatus.ACTIVE,
        billable=True,
        effective_date=effective_date,
        termination_date=None,
        parent=None,
        group=code[:TABLE_LENGTH],
    )


def _table(table: str, axes: PcsAxes, source: str, line: int) -> _Table:
    section, body_system, operation = table[0], table[1], table[2]
    section_name = axes.sections.get(section)
    body_system_name = axes.body_systems.get((section, body_system))
    root_operation = axes.root_operations.get((section, operation))
    if section_name is None:
        raise LayoutError(source, line, f"table {table}: section {section} has no name")
    if body_system_name is None:
        raise LayoutError(
            source, line, f"table {table}: section {section} names no body system {body_system}"
        )
    if root_operation is None:
        raise LayoutError(
            source, line, f"table {table}: section {section} defines no root operation {operation}"
        )
    title = f"{section_name}, {body_system_name}, {root_operation.name}"
    return _Table(section, title, root_operation)


def _groups(codes: list[Code], tables: Mapping[str, _Table], axes: PcsAxes) -> Iterator[CodeGroup]:
    """Each section present, followed by its tables; ``codes`` are in code order."""
    for section, in_section in groupby(codes, key=lambda code: code.code[0]):
        members = list(in_section)
        yield CodeGroup(
            SYSTEM,
            section,
            GroupKind.CHAPTER,
            axes.sections[section],
            members[0].code,
            members[-1].code,
            parent=None,
        )
        for table_id, in_table in groupby(members, key=lambda code: code.code[:TABLE_LENGTH]):
            table_codes = list(in_table)
            yield CodeGroup(
                SYSTEM,
                table_id,
                GroupKind.BLOCK,
                tables[table_id].title,
                table_codes[0].code,
                table_codes[-1].code,
                parent=section,
            )


def _axis_value(row: Row, column: str, source: str, line: int) -> str:
    value = _text(row, column, source, line)
    if not AXIS_VALUE.match(value):
        raise LayoutError(source, line, f"{column} {value!r} is not one ICD-10-PCS character")
    return value


def _text(row: Row, column: str, source: str, line: int) -> str:
    text = _optional_text(row, column, source, line)
    if not text:
        raise LayoutError(source, line, f"{column} is empty")
    return text


def _optional_text(row: Row, column: str, source: str, line: int) -> str:
    value = row.get(column)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise LayoutError(source, line, f"{column} {value!r} is not text")
    return value.strip()


def _prose(text: str) -> str:
    return " ".join(text.split())
