"""Reads an ANWEB CSV file from disk: strict UTF-8, line numbers kept for error messages."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from catalog.domain.hcpcs import LayoutError, check_header


def read_anweb_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LayoutError(str(path), line, "is not UTF-8 text (wrong encoding)") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    check_header(reader.fieldnames, str(path))
    width = len(reader.fieldnames or ())
    for row in reader:
        line = reader.line_num
        if None in row or any(value is None for value in row.values()):
            raise LayoutError(
                str(path), line, f"expected {width} columns; the row is cut short or too long"
            )
        yield line, row
