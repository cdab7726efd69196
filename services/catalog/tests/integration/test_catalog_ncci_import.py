"""The real CMS NCCI files in real PostgreSQL: counts, claim checks, re-imports, bad files."""

from __future__ import annotations

import csv
import gzip
import uuid
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import asyncpg
import pytest

from atlaskit.db import create_pool, drop_database, prepare_database
from catalog.app import MIGRATIONS
from catalog.claims import check_claim
from catalog.domain.hcpcs import LayoutError
from catalog.settings import CatalogSettings
from catalog.table_imports import ADDON_EDITS, MUES, PTP_EDITS, import_table_release
from devstack.infra import Infrastructure

pytestmark = pytest.mark.integration

QUARTER = date(2024, 7, 1)
DOS = date(2024, 9, 1)
FILES = {
    "ptp": "ncci_ptp_practitioner_2024q3.csv.gz",
    "mue": "ncci_mue_practitioner_2024q3.csv",
    "addon": "ncci_addon_code_edits_2024q3.csv",
}


def _cms(name: str) -> Path:
    return CatalogSettings().data_dir / "cms" / FILES[name]


def _data_rows(path: Path) -> int:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


@pytest.fixture(scope="module")
async def ncci(infra: Infrastructure) -> AsyncIterator[tuple[asyncpg.Pool, CatalogSettings]]:
    settings = CatalogSettings()
    settings.database_prefix += f"_ncci{uuid.uuid4().hex[:6]}"
    await prepare_database(settings.dsn, [MIGRATIONS])
    pool = await create_pool(settings.dsn)
    for spec, name in ((PTP_EDITS, "ptp"), (MUES, "mue"), (ADDON_EDITS, "addon")):
        await import_table_release(pool, settings, spec, _cms(name), QUARTER)
    yield pool, settings
    await pool.close()
    await drop_database(settings.dsn)


async def test_row_counts_equal_the_files(ncci: tuple[asyncpg.Pool, CatalogSettings]) -> None:
    pool, _ = ncci
    for table, name in (("ptp_edits", "ptp"), ("mues", "mue"), ("addon_edits", "addon")):
        assert await pool.fetchval(f"SELECT count(*) FROM {table}") == _data_rows(_cms(name))
    assert await pool.fetchval("SELECT count(*) FROM ptp_edits") == 2_546_017
    active = await pool.fetchval("SELECT count(*) FROM ptp_edits WHERE deletion_date IS NULL")
    assert active == 1_669_820


async def test_95870_with_95886_is_never_allowed(
    ncci: tuple[asyncpg.Pool, CatalogSettings],
) -> None:
    pool, _ = ncci
    check = await check_claim(pool, ["95886", "95870"], DOS)
    [pair] = check.pairs
    [edit] = pair.active
    assert (edit.column1, edit.column2, edit.modifier_indicator.value) == ("95870", "95886", 0)
    assert edit.modifier_indicator.explanation == "not allowed with any modifier"
    assert check.ptp_release == "NCCI-PTP-2024-07-01"
    assert {m.code: m.units for m in check.mues} == {"95886": 4, "95870": 4}


async def test_29880_with_29881_needs_a_modifier(
    ncci: tuple[asyncpg.Pool, CatalogSettings],
) -> None:
    pool, _ = ncci
    [pair] = (await check_claim(pool, ["29880", "29881"], DOS)).pairs
    [edit] = pair.active
    assert edit.modifier_indicator.explanation == "allowed with an appropriate modifier"


async def test_an_edit_deleted_before_the_date_is_not_active(
    ncci: tuple[asyncpg.Pool, CatalogSettings],
) -> None:
    pool, _ = ncci
    [pair] = (await check_claim(pool, ["0001A", "0591T"], DOS)).pairs
    assert pair.active == () and pair.inactive[0].deletion_date == date(2023, 12, 31)
    assert pair.verdict == "no active edit"


async def test_no_release_before_the_first_quarter(
    ncci: tuple[asyncpg.Pool, CatalogSettings],
) -> None:
    pool, _ = ncci
    check = await check_claim(pool, ["95870", "95886"], date(2020, 1, 1))
    assert check.ptp_release is None and check.pairs[0].active == ()


async def test_reimporting_the_same_file_changes_and_emits_nothing(
    ncci: tuple[asyncpg.Pool, CatalogSettings],
) -> None:
    pool, settings = ncci
    events_before = await pool.fetchval("SELECT count(*) FROM outbox")
    report = await import_table_release(pool, settings, MUES, _cms("mue"), QUARTER)
    assert report.unchanged and report.events == 0
    assert await pool.fetchval("SELECT count(*) FROM outbox") == events_before


async def test_a_damaged_file_names_the_line_and_keeps_the_release(
    ncci: tuple[asyncpg.Pool, CatalogSettings],
    tmp_path: Path,
) -> None:
    pool, settings = ncci
    lines = _cms("mue").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[500] = "99213,lots,3,Clinical,Practitioner\n"
    broken = tmp_path / "ncci_mue_practitioner_2024q3.csv"
    broken.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(
        LayoutError, match=r"ncci_mue_practitioner_2024q3\.csv, line 501: not an MUE"
    ):
        await import_table_release(pool, settings, MUES, broken, QUARTER)
    assert await pool.fetchval("SELECT count(*) FROM mues") == _data_rows(_cms("mue"))
