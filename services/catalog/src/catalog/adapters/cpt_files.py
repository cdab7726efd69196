"""Reads a licensed AMA CPT descriptor file (tab-separated: code, descriptor)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from catalog.adapters.csv_files import csv_rows
from catalog.domain.cpt import LicensedDescriptor, parse_licensed_descriptor


def read_licensed_descriptors(path: Path) -> Iterator[tuple[int, LicensedDescriptor]]:
    for line, row in csv_rows(path, delimiter="\t"):
        if row:
            yield line, parse_licensed_descriptor(row, str(path), line)
