"""ICD-10-PCS: codes, sections and tables, root-operation notes, guidelines, layout errors."""

from __future__ import annotations

from datetime import date

import pytest

from atlaskit.coding import CODE_FORMATS
from catalog.domain.codes import CodeStatus, CodeSystem
from catalog.domain.hcpcs import LayoutError
from catalog.domain.hierarchy import CodeGroup, GroupKind, NoteKind
from catalog.domain.icd10pcs import (
    ROOT_OPERATION_SECTION,
    PcsAxes,
    PcsGuideline,
    RootOperation,
    Row,
    body_system_names,
    parse_guidelines,
    parse_icd10pcs,
    parse_root_operations,
    section_names,
)

pytestmark = pytest.mark.unit

EFFECTIVE = date(2024, 10, 1)
SOURCE = "icd10pcs.db (pcs_codes)"
RESECTION = RootOperation(
    section="0",
    code="T",
    name="Resection",
    definition="Cutting out or off, without replacement, all of a body part",
    explanation=None,
    examples="Total nephrectomy, total lobectomy of lung",
)
EXCISION = RootOperation(
    section="0",
    code="B",
    name="Excision",
    definition="Cutting out or off, without replacement, a portion of a body part",
    explanation="The qualifier DIAGNOSTIC is used to identify biopsies",
    examples="Partial nephrectomy, liver biopsy",
)
AXES = PcsAxes(
    sections={"0": "Medical and Surgical"},
    body_systems={("0", "D"): "Gastrointestinal System", ("0", "T"): "Urinary System"},
    root_operations={("0", "T"): RESECTION, ("0", "B"): EXCISION},
)


def _code_row(
    code: str = "0DTJ4ZZ",
    billable: object = 1,
    short_name: object = "Resection of Appendix, Percutaneous Endoscopic Approach",
    long_name: object = "Resection of Appendix, Percutaneous Endoscopic Approach",
) -> Row:
    return {"code": code, "billable": billable, "short_name": short_name, "long_name": long_name}


def _parse(*rows: Row, axes: PcsAxes = AXES) -> tuple[list[CodeGroup], list[str]]:
    contents = parse_icd10pcs(enumerate(rows, start=1), axes, [], EFFECTIVE, SOURCE)
    return contents.groups, [code.code for code in contents.codes]


def test_a_code_row_becomes_an_active_billable_code_in_its_table() -> None:
    [code] = parse_icd10pcs([(7, _code_row())], AXES, [], EFFECTIVE, SOURCE).codes
    assert code.system is CodeSystem.ICD10PCS
    assert (code.code, code.title, code.short_title) == (
        "0DTJ4ZZ",
        "Resection of Appendix, Percutaneous Endoscopic Approach",
        "Resection of Appendix, Percutaneous Endoscopic Approach",
    )
    assert (code.status, code.billable, code.effective_date) == (
        CodeStatus.ACTIVE,
        True,
        EFFECTIVE,
    )
    assert (code.parent, code.group, code.termination_date) == (None, "0DT", None)


def test_short_and_long_titles_are_kept_apart() -> None:
    row = _code_row(
        code="0DTJ4ZG",
        short_name="Resection of Appendix, Perc Endo Approach, Hnd-Asist",
        long_name="Resection of Appendix, Percutaneous Endoscopic Approach, Hand-Assisted",
    )
    [code] = parse_icd10pcs([(1, row)], AXES, [], EFFECTIVE, SOURCE).codes
    assert code.short_title.endswith("Hnd-Asist") and code.title.endswith("Hand-Assisted")


def test_codes_come_out_in_code_order() -> None:
    _, codes = _parse(_code_row("0DTJ8ZZ"), _code_row("0DBJ4ZZ"), _code_row("0DTJ0ZZ"))
    assert codes == ["0DBJ4ZZ", "0DTJ0ZZ", "0DTJ8ZZ"]


def test_heading_rows_are_not_codes() -> None:
    _, codes = _parse(_code_row("0DT", billable=0), _code_row("0DTJ4ZZ"))
    assert codes == ["0DTJ4ZZ"]


def test_a_section_is_a_chapter_and_a_table_is_a_block_under_it() -> None:
    groups, _ = _parse(
        _code_row("0DTJ4ZZ"), _code_row("0DT10ZZ"), _code_row("0DBJ4ZZ"), _code_row("0TT00ZZ")
    )
    assert [(g.id, g.kind, g.first, g.last, g.parent) for g in groups] == [
        ("0", GroupKind.CHAPTER, "0DBJ4ZZ", "0TT00ZZ", None),
        ("0DB", GroupKind.BLOCK, "0DBJ4ZZ", "0DBJ4ZZ", "0"),
        ("0DT", GroupKind.BLOCK, "0DT10ZZ", "0DTJ4ZZ", "0"),
        ("0TT", GroupKind.BLOCK, "0TT00ZZ", "0TT00ZZ", "0"),
    ]
    titles = {group.id: group.title for group in groups}
    assert titles["0"] == "Medical and Surgical"
    assert titles["0DT"] == "Medical and Surgical, Gastrointestinal System, Resection"
    assert titles["0TT"] == "Medical and Surgical, Urinary System, Resection"


def test_each_table_carries_its_root_operation_as_numbered_notes() -> None:
    contents = parse_icd10pcs(
        enumerate([_code_row("0DTJ4ZZ"), _code_row("0DBJ4ZZ"), _code_row("0DTJ0ZZ")]),
        AXES,
        [],
        EFFECTIVE,
        SOURCE,
    )
    notes = [(n.subject, n.position, n.kind, n.text) for n in contents.notes]
    assert notes == [
        ("0DB", 0, NoteKind.NOTE, f"Definition: {EXCISION.definition}"),
        ("0DB", 1, NoteKind.NOTE, f"Explanation: {EXCISION.explanation}"),
        ("0DB", 2, NoteKind.NOTE, f"Examples: {EXCISION.examples}"),
        ("0DT", 0, NoteKind.NOTE, f"Definition: {RESECTION.definition}"),
        ("0DT", 1, NoteKind.NOTE, f"Examples: {RESECTION.examples}"),
    ]
    assert all(note.system is CodeSystem.ICD10PCS for note in contents.notes)


def test_guidelines_pass_through_untouched_followed_by_root_operation_definitions() -> None:
    guideline = PcsGuideline("Root Operation", "B3.4a", "Biopsy Procedures", "Biopsy ...")
    contents = parse_icd10pcs([], AXES, [guideline], EFFECTIVE, SOURCE)
    assert contents.guidelines[0] == guideline
    definitions = {g.id: g for g in contents.guidelines[1:]}
    assert definitions["RO-0B"] == PcsGuideline(
        ROOT_OPERATION_SECTION,
        "RO-0B",
        "Excision",
        f"Definition: {EXCISION.definition} Explanation: {EXCISION.explanation}"
        f" Examples: {EXCISION.examples}",
    )
    assert len(definitions) == len(AXES.root_operations)
    assert (contents.codes, contents.groups, contents.notes) == ([], [], [])


@pytest.mark.parametrize(
    "code",
    ["0DTJ4ZO", "0DTI4ZZ", "0DTJ4Z", "0DTJ4ZZZ", "0DT-4ZZ", ""],
    ids=["letter-O", "letter-I", "six", "eight", "punctuation", "empty"],
)
def test_a_code_outside_the_pcs_shape_names_the_source_and_row(code: str) -> None:
    assert not CODE_FORMATS[CodeSystem.ICD10PCS].match(code)
    with pytest.raises(LayoutError) as error:
        parse_icd10pcs([(42, _code_row(code))], AXES, [], EFFECTIVE, SOURCE)
    assert (error.value.source, error.value.line) == (SOURCE, 42)


def test_a_code_in_lower_case_is_normalized() -> None:
    _, codes = _parse(_code_row(" 0dtj4zz "))
    assert codes == ["0DTJ4ZZ"]


@pytest.mark.parametrize("billable", [2, None, "1", True])
def test_a_billable_flag_other_than_0_or_1_is_refused(billable: object) -> None:
    with pytest.raises(LayoutError, match="billable"):
        parse_icd10pcs([(3, _code_row(billable=billable))], AXES, [], EFFECTIVE, SOURCE)


@pytest.mark.parametrize(
    ("column", "value"), [("long_name", ""), ("short_name", "  "), ("long_name", None)]
)
def test_a_code_without_a_title_is_refused(column: str, value: object) -> None:
    row = {**_code_row(), column: value}
    with pytest.raises(LayoutError, match=column):
        parse_icd10pcs([(5, row)], AXES, [], EFFECTIVE, SOURCE)


def test_a_title_that_is_not_text_is_refused() -> None:
    with pytest.raises(LayoutError, match="not text"):
        parse_icd10pcs([(5, _code_row(long_name=12))], AXES, [], EFFECTIVE, SOURCE)


def test_a_code_listed_twice_is_refused() -> None:
    with pytest.raises(LayoutError, match="twice") as error:
        _parse(_code_row(), _code_row())
    assert error.value.line == 2


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("3E0234Z", "section 3 has no name"),
        ("0BTK0ZZ", "no body system B"),
        ("0D9J00Z", "no root operation 9"),
    ],
)
def test_a_table_whose_axes_have_no_names_is_refused(code: str, problem: str) -> None:
    with pytest.raises(LayoutError, match=problem) as error:
        parse_icd10pcs([(9, _code_row(code))], AXES, [], EFFECTIVE, SOURCE)
    assert error.value.line == 9


def test_section_names_are_read_and_must_agree() -> None:
    rows: list[tuple[int, Row]] = [
        (1, {"section": "0", "sec_def": "Medical and Surgical"}),
        (68368, {"section": "1", "sec_def": "Obstetrics"}),
    ]
    assert section_names(rows, "pcs_tree") == {"0": "Medical and Surgical", "1": "Obstetrics"}
    with pytest.raises(LayoutError, match="named both") as error:
        section_names([*rows, (99, {"section": "1", "sec_def": "Placement"})], "pcs_tree")
    assert error.value.line == 99


def test_body_system_names_are_keyed_by_section_and_character() -> None:
    rows: list[tuple[int, Row]] = [
        (1, {"section": "0", "code": "D", "definition": "Gastrointestinal System"}),
        (2, {"section": "1", "code": "0", "definition": "Pregnancy"}),
    ]
    names = body_system_names(rows, "pcs_body_system")
    assert names == {("0", "D"): "Gastrointestinal System", ("1", "0"): "Pregnancy"}
    with pytest.raises(LayoutError, match="repeats"):
        body_system_names([*rows, (3, {"section": "0", "code": "D", "definition": "GI"})], "bs")
    with pytest.raises(LayoutError, match="not one ICD-10-PCS character"):
        body_system_names([(4, {"section": "0", "code": "O", "definition": "Oops"})], "bs")


def _operation_row(**values: str) -> dict[str, str]:
    row = {
        "section": "0",
        "code": "T",
        "value": "Resection",
        "definition": "Cutting out or off, without replacement, all of a body part",
        "explanation": "",
        "examples": "Total nephrectomy, total lobectomy of lung",
    }
    row.update(values)
    return row


def test_root_operation_rows_become_root_operations() -> None:
    rows = [(2, _operation_row()), (3, _operation_row(section="1", code="A", value="Abortion"))]
    resection, abortion = parse_root_operations(rows, "root_operations.csv")
    assert resection == RESECTION
    assert (abortion.section, abortion.code, abortion.name) == ("1", "A", "Abortion")


def test_root_operation_prose_broken_across_lines_is_joined() -> None:
    row = _operation_row(definition="Pulling or stripping out by the use\nof force ")
    [operation] = parse_root_operations([(2, row)], "root_operations.csv")
    assert operation.definition == "Pulling or stripping out by the use of force"


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"code": "TT"}, "not one ICD-10-PCS character"),
        ({"section": "I"}, "not one ICD-10-PCS character"),
        ({"value": ""}, "value is empty"),
        ({"definition": " "}, "definition is empty"),
    ],
)
def test_a_malformed_root_operation_row_names_file_and_line(
    values: dict[str, str], problem: str
) -> None:
    rows = [(2, _operation_row(code="B")), (3, _operation_row(**values))]
    with pytest.raises(LayoutError, match=problem) as error:
        parse_root_operations(rows, "ro.csv")
    assert (error.value.source, error.value.line) == ("ro.csv", 3)


def test_a_root_operation_listed_twice_is_refused() -> None:
    with pytest.raises(LayoutError, match="repeats"):
        parse_root_operations([(2, _operation_row()), (3, _operation_row())], "ro.csv")


def _guideline_row(**values: str) -> dict[str, str]:
    row = {
        "section": "Root Operation",
        "type": "Biopsy Procedures",
        "idx": "B3.4a",
        "content": "Biopsy procedures are coded using the root operations Excision,\n"
        "Extraction, or Drainage and the qualifier Diagnostic.",
    }
    row.update(values)
    return row


def test_guideline_rows_become_guidelines_with_their_line_breaks() -> None:
    rows = [
        (2, _guideline_row(section="Convention", type="Convention", idx="A1")),
        (3, _guideline_row()),
        (5, _guideline_row(section="Convention", type="Convention", idx="F")),
    ]
    first, biopsy, last = parse_guidelines(rows, "guidelines.csv")
    assert (first.id, last.id) == ("A1", "F")
    assert biopsy == PcsGuideline(
        section="Root Operation",
        id="B3.4a",
        title="Biopsy Procedures",
        text="Biopsy procedures are coded using the root operations Excision,\n"
        "Extraction, or Drainage and the qualifier Diagnostic.",
    )


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"idx": "3.4a"}, "not a guideline number"),
        ({"idx": ""}, "idx is empty"),
        ({"content": "\n"}, "content is empty"),
        ({"section": ""}, "section is empty"),
        ({"type": ""}, "type is empty"),
    ],
)
def test_a_malformed_guideline_row_names_file_and_line(
    values: dict[str, str], problem: str
) -> None:
    rows = [(2, _guideline_row(idx="B3.1a")), (4, _guideline_row(**values))]
    with pytest.raises(LayoutError, match=problem) as error:
        parse_guidelines(rows, "guidelines.csv")
    assert (error.value.source, error.value.line) == ("guidelines.csv", 4)


def test_guideline_fields_are_trimmed() -> None:
    [guideline] = parse_guidelines([(2, _guideline_row(idx=" B3.4a ", type="Biopsy "))], "g.csv")
    assert (guideline.id, guideline.title) == ("B3.4a", "Biopsy")


def test_a_guideline_listed_twice_is_refused() -> None:
    with pytest.raises(LayoutError, match="twice"):
        parse_guidelines([(2, _guideline_row()), (3, _guideline_row())], "guidelines.csv")
