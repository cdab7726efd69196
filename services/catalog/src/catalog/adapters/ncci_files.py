"""Reads the CMS NCCI files: PTP edits (gzip CSV), MUEs and add-on code edits (CSV)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from catalog.adapters.csv_files import csv_rows, dict_rows
from catalog.domain.hcpcs import LayoutError
from catalog.domain.ncci import (
    AddOnEdit,
    Mue,
    PtpEdit,
    parse_addon_row,
    parse_mue_row,
    parse_ptp_row,
)

PTP_HEADER = ["column1", "column2", "deletion_date", "modifier_indicator", "ptp_edit_rationale"]
MUE_COLUMNS = ("hcpcs_code", "mue_units", "mue_mai", "mue_rationale")
ADDON_COLUMNS = ("primary_code", "add_on_code", "aoc_edit_type")


def read_ptp_edits(path: Path) -> Iterator[tuple[int, PtpEdit]]:
    rows = csv_rows(path)
    first = next(rows, None)
    if first is None or [c.strip().lower() for c in first[1]] != PTP_HEADER:
        raise LayoutError(str(path), 1, f"not the NCCI PTP layout: expected {','.join(PTP_HEADER)}")
    source = str(path)
    for line, row in rows:
        yield line, parse_ptp_row(row, source, line)


def read_mues(path: Path) -> Iterator[tuple[int, Mue]]:
    for line, row in dict_rows(path, MUE_COLUMNS, "NCCI MUE"):
        yield line, parse_mue_row(row, str(path), line)


def read_addon_edits(path: Path) -> Iterator[tuple[int, AddOnEdit]]:
    for line, row in dict_rows(path, ADDON_COLUMNS, "NCCI add-on code edit"):
        yield line, parse_addon_row(row, str(path), line)
