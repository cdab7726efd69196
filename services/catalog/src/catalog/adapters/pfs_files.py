"""Reads the CMS PFS files: the PPRRVU national RVU file and the GPCI addendum."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from catalog.domain.hcpcs import LayoutError
from catalog.domain.pfs import Gpci, RvuEntry, parse_gpci_row, parse_rvu_row


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            yield from enumerate(csv.reader(handle), start=1)
    except UnicodeDecodeError as exc:
        raise LayoutError(str(path), 1, "is not UTF-8 text (wrong encoding)") from exc


def _after_heading(
    path: Path, first_cells: tuple[str, ...], layout: str
) -> Iterator[tuple[int, list[str]]]:
    """The data rows that follow the heading row whose first cells are ``first_cells``."""
    rows = _rows(path)
    for line, row in rows:
        if tuple(cell.strip().upper() for cell in row[: len(first_cells)]) == first_cells:
            yield from rows
            return
        if line > 20:
            break
    raise LayoutError(str(path), 1, f"not the {layout} layout: no '{','.join(first_cells)}' row")


def read_rvus(path: Path) -> Iterator[tuple[int, RvuEntry]]:
    for line, row in _after_heading(path, ("HCPCS", "MOD"), "PFS PPRRVU"):
        if any(cell.strip() for cell in row):
            yield line, parse_rvu_row(row, str(path), line)


def read_gpcis(path: Path) -> Iterator[tuple[int, Gpci]]:
    heading = ("MEDICARE ADMINISTRATIVE CONTRACTOR (MAC)", "STATE", "LOCALITY NUMBER")
    for line, row in _after_heading(path, heading, "PFS GPCI addendum"):
        if not row or not row[0].strip().isdigit():
            return  # the footnotes after the table
        yield line, parse_gpci_row(row, str(path), line)
