"""Reads the CMS NCCI files: PTP edits (gzip CSV), MUEs and add-on code edits (CSV)."""

from __future__ import annotations

import csv
import gzip
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

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


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _text(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    with _text(path) as handle:
        reader = csv.reader(handle)
        line = 1
        try:
            for line, row in enumerate(reader, start=1):
                yield line, row
        except UnicodeDecodeError as exc:
            raise LayoutError(str(path), line + 1, "is not UTF-8 text (wrong encoding)") from exc
        except (EOFError, gzip.BadGzipFile, csv.Error) as exc:
            raise LayoutError(
                str(path), line + 1, f"the file is damaged or cut short: {exc}"
            ) from exc


def read_ptp_edits(path: Path) -> Iterator[tuple[int, PtpEdit]]:
    rows = _rows(path)
    first = next(rows, None)
    if first is None or [c.strip().lower() for c in first[1]] != PTP_HEADER:
        raise LayoutError(str(path), 1, f"not the NCCI PTP layout: expected {','.join(PTP_HEADER)}")
    source = str(path)
    for line, row in rows:
        yield line, parse_ptp_row(row, source, line)


def _dict_rows(
    path: Path, required: tuple[str, ...], layout: str
) -> Iterator[tuple[int, dict[str, str]]]:
    rows = _rows(path)
    first = next(rows, None)
    header = [c.strip().lower() for c in first[1]] if first else []
    missing = [c for c in required if c not in header]
    if missing:
        raise LayoutError(str(path), 1, f"not the {layout} layout: missing {', '.join(missing)}")
    for line, row in rows:
        if len(row) != len(header):
            raise LayoutError(str(path), line, f"expected {len(header)} columns, found {len(row)}")
        yield line, dict(zip(header, row, strict=True))


def read_mues(path: Path) -> Iterator[tuple[int, Mue]]:
    for line, row in _dict_rows(path, MUE_COLUMNS, "NCCI MUE"):
        yield line, parse_mue_row(row, str(path), line)


def read_addon_edits(path: Path) -> Iterator[tuple[int, AddOnEdit]]:
    for line, row in _dict_rows(path, ADDON_COLUMNS, "NCCI add-on code edit"):
        yield line, parse_addon_row(row, str(path), line)
