"""Reads the reference CSVs: places of service, MS-DRG CC/MCC, coverage document index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from catalog.adapters.csv_files import dict_rows
from catalog.domain.reference import (
    CoverageDocument,
    PlaceOfService,
    SeverityDesignation,
    parse_coverage_document,
    parse_place_of_service,
    parse_severity,
)


def read_places_of_service(path: Path) -> Iterator[tuple[int, PlaceOfService]]:
    columns = ("pos_code", "pos_type", "pos_name", "pos_description")
    for line, row in dict_rows(path, columns, "CMS place of service"):
        yield line, parse_place_of_service(row, str(path), line)


def read_severity_designations(path: Path) -> Iterator[tuple[int, SeverityDesignation]]:
    columns = ("icd10cm_code", "cc_level", "pdx_exclusion_group")
    for line, row in dict_rows(path, columns, "MS-DRG CC/MCC"):
        yield line, parse_severity(row, str(path), line)


def read_coverage_documents(path: Path) -> Iterator[tuple[int, CoverageDocument]]:
    columns = (
        "document_display_id",
        "document_type",
        "document_version",
        "title",
        "contractor_name_type",
        "effective_date",
        "retirement_date",
        "url",
    )
    for line, row in dict_rows(path, columns, "MCD LCD/article index"):
        yield line, parse_coverage_document(row, str(path), line)
