"""The real PFS RVU and GPCI files, and CPT code numbers from the RVU file."""

from __future__ import annotations

import csv
import uuid
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal

import asyncpg
import pytest

from atlaskit.db import create_pool, drop_database, prepare_database
from catalog.adapters import fees_repository
from catalog.app import MIGRATIONS
from catalog.code_pages import fees_of
from catalog.domain.codes import CodeSystem
from catalog.imports import import_cpt
from catalog.settings import CatalogSettings
from catalog.table_imports import PFS_GPCIS, PFS_RVUS, import_table_release
from devstack.infra import Infrastructure

pytestmark = pytest.mark.integration

RVU_FILE = "rvu25d_PPRRVU2025_Oct_nodesc.csv"
GPCI_FILE = "rvu25d_GPCI2025.csv"
ON = date(2025, 11, 1)


@pytest.fixture(scope="module")
async def pfs(infra: Infrastructure) -> AsyncIterator[tuple[asyncpg.Pool, CatalogSettings]]:
    settings = CatalogSettings()
    settings.database_prefix += f"_pfs{uuid.uuid4().hex[:6]}"
    await prepare_database(settings.dsn, [MIGRATIONS])
    pool = await create_pool(settings.dsn)
    cms = settings.data_dir / "cms"
    await import_table_release(pool, settings, PFS_RVUS, cms / RVU_FILE, date(2025, 10, 1))
    await import_table_release(pool, settings, PFS_GPCIS, cms / GPCI_FILE, date(2025, 1, 1))
    await import_cpt(pool, settings, cms / RVU_FILE, date(2025, 10, 1))
    yield pool, settings
    await pool.close()
    await drop_database(settings.dsn)


def _rvu_rows() -> list[list[str]]:
    path = CatalogSettings().data_dir / "cms" / RVU_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[10:]


async def test_rows_equal_the_files(pfs: tuple[asyncpg.Pool, CatalogSettings]) -> None:
    pool, _ = pfs
    rows = _rvu_rows()
    assert await pool.fetchval("SELECT count(*) FROM pfs_rvus") == len(rows) == 19_090
    assert await pool.fetchval("SELECT count(*) FROM gpcis") == 109
    cpt_numbers = {r[0] for r in rows if not r[1] and r[0][:4].isdigit()}
    stored = await pool.fetchval("SELECT count(*) FROM codes WHERE system = 'CPT'")
    assert stored == len(cpt_numbers) == 10_880


async def test_99213_national_non_facility_fee(pfs: tuple[asyncpg.Pool, CatalogSettings]) -> None:
    pool, _ = pfs
    [(entry, national, _)] = await fees_of(pool, "99213", ON, None)
    by_hand = (entry.work + entry.nonfacility_pe + entry.malpractice) * entry.conversion_factor
    assert entry.conversion_factor == Decimal("32.3465")
    assert national.nonfacility == by_hand.quantize(Decimal("0.01")) == Decimal("88.95")


async def test_99213_locality_fee_matches_a_hand_computation(
    pfs: tuple[asyncpg.Pool, CatalogSettings],
) -> None:
    pool, _ = pfs
    release = await pool.fetchval("SELECT id FROM releases WHERE dataset = 'PFS-GPCI'")
    manhattan = next(g for g in await fees_repository.gpcis(pool, release) if g.name == "MANHATTAN")
    [(entry, _, local)] = await fees_of(pool, "99213", ON, manhattan.id)
    assert local is not None
    by_hand = (
        entry.work * manhattan.work
        + entry.nonfacility_pe * manhattan.practice_expense
        + entry.malpractice * manhattan.malpractice
    ) * entry.conversion_factor
    assert local.nonfacility == by_hand.quantize(Decimal("0.01"))


async def test_cpt_pages_carry_our_titles_never_a_descriptor(
    pfs: tuple[asyncpg.Pool, CatalogSettings],
) -> None:
    pool, _ = pfs
    titles = dict(
        await pool.fetch(
            "SELECT code, title FROM codes WHERE system = $1 AND code = ANY($2::text[])",
            CodeSystem.CPT.value,
            ["99213", "95870", "0001F"],
        )
    )
    assert titles["99213"] == "Established patient office visit, low complexity"
    assert titles["0001F"] == "CPT 0001F"
