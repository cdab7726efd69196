"""Places of service, MS-DRG CC/MCC and the coverage index from the real files."""

from __future__ import annotations

import csv
import uuid
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import asyncpg
import pytest

from atlaskit.db import create_pool, drop_database, prepare_database
from catalog.adapters import reference_repository as reference
from catalog.app import MIGRATIONS
from catalog.domain.hcpcs import LayoutError
from catalog.settings import CatalogSettings
from catalog.table_imports import (
    COVERAGE_DOCUMENTS,
    PLACES_OF_SERVICE,
    SEVERITY_DESIGNATIONS,
    TableDataset,
    import_table_release,
)
from devstack.infra import Infrastructure

pytestmark = pytest.mark.integration

FILES: list[tuple[TableDataset, str, str, date]] = [
    (PLACES_OF_SERVICE, "place_of_service_codes.csv", "places_of_service", date(2024, 1, 1)),
    (
        SEVERITY_DESIGNATIONS,
        "msdrg_v43_1_fy2026_cc_mcc.csv",
        "severity_designations",
        date(2025, 10, 1),
    ),
    (
        COVERAGE_DOCUMENTS,
        "mcd_lcd_article_index_2025-08.csv",
        "coverage_documents",
        date(2025, 8, 1),
    ),
]
ON = date(2025, 11, 1)


def _cms(name: str) -> Path:
    return CatalogSettings().data_dir / "cms" / name


@pytest.fixture(scope="module")
async def pool(infra: Infrastructure) -> AsyncIterator[asyncpg.Pool]:
    settings = CatalogSettings()
    settings.database_prefix += f"_ref{uuid.uuid4().hex[:6]}"
    await prepare_database(settings.dsn, [MIGRATIONS])
    connections = await create_pool(settings.dsn)
    for spec, name, _, effective in FILES:
        await import_table_release(connections, settings, spec, _cms(name), effective)
    yield connections
    await connections.close()
    await drop_database(settings.dsn)


async def test_row_counts_equal_the_files(pool: asyncpg.Pool) -> None:
    for _, name, table, _ in FILES:
        with _cms(name).open(encoding="utf-8", newline="") as handle:
            rows = sum(1 for _ in csv.DictReader(handle))
        assert await pool.fetchval(f"SELECT count(*) FROM {table}") == rows
    assert await pool.fetchval("SELECT count(*) FROM places_of_service") == 99
    assert await pool.fetchval("SELECT count(*) FROM severity_designations") == 18_391
    assert await pool.fetchval("SELECT count(*) FROM coverage_documents") == 3_133


async def test_office_is_a_non_facility_place_of_service(pool: asyncpg.Pool) -> None:
    office = next(p for p in await reference.places_of_service(pool, ON) if p.code == "11")
    assert (office.name, office.setting) == ("Office", "Non-Facility")


async def test_icd10cm_codes_get_their_dot_and_severity(pool: asyncpg.Pool) -> None:
    assert await reference.severity_level(pool, "A00.0", ON) == "CC"
    assert await reference.severity_level(pool, "E11.9", ON) is None


async def test_coverage_documents_are_found_by_title_words(pool: asyncpg.Pool) -> None:
    found = await reference.coverage_documents(pool, "urine drug testing", ON, 5)
    assert found and all("Urine Drug Testing" in d.title for d in found)
    assert all(d.url.startswith("https://www.cms.gov/medicare-coverage-database/") for d in found)


async def test_a_bad_place_of_service_names_its_line(pool: asyncpg.Pool, tmp_path: Path) -> None:
    broken = tmp_path / "place_of_service_codes.csv"
    lines = _cms("place_of_service_codes.csv").read_text(encoding="utf-8").splitlines(True)
    broken.write_text(lines[0] + "1X,Facility,Nowhere,Not a place\n", encoding="utf-8")
    with pytest.raises(LayoutError, match=r"line 2: place of service '1X' is not two digits"):
        await import_table_release(
            pool, CatalogSettings(), PLACES_OF_SERVICE, broken, date(2024, 1, 1)
        )
