"""CSV files in the layouts CMS publishes: strict UTF-8, gzip allowed, line numbers kept."""

from __future__ import annotations

import csv
import gzip
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from catalog.domain.hcpcs import LayoutError


def _text(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def csv_rows(path: Path, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """Each row with the line it starts on (a quoted field may span lines)."""
    with _text(path) as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        line = 1
        try:
            for row in reader:
                yield line, row
                line = reader.line_num + 1
        except UnicodeDecodeError as exc:
            raise LayoutError(str(path), line, "is not UTF-8 text (wrong encoding)") from exc
        except (EOFError, gzip.BadGzipFile, csv.Error) as exc:
            raise LayoutError(str(path), line, f"the file is damaged or cut short: {exc}") from exc


def dict_rows(
    path: Path, required: tuple[str, ...], layout: str
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as column -> value, after checking the header names the required columns."""
    rows = csv_rows(path)
    first = next(rows, None)
    header = [c.strip().lower() for c in first[1]] if first else []
    missing = [c for c in required if c not in header]
    if missing:
        raise LayoutError(str(path), 1, f"not the {layout} layout: missing {', '.join(missing)}")
    for line, row in rows:
        if len(row) != len(header):
            raise LayoutError(str(path), line, f"expected {len(header)} columns, found {len(row)}")
        yield line, dict(zip(header, row, strict=True))
