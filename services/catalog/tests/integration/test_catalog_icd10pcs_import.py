"""ICD-10-PCS into real PostgreSQL: codes, tables, root-operation notes and guidelines."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date

import pytest

from atlaskit.db import create_pool, drop_database, prepare_database
from catalog.adapters import repository
from catalog.adapters.icd10pcs_files import default_pcs_database
from catalog.app import MIGRATIONS
from catalog.code_pages import block_of, chapter_of
from catalog.domain.codes import CodeSystem
from catalog.imports import import_icd10pcs
from catalog.settings import CatalogSettings
from devstack.infra import Infrastructure

pytestmark = pytest.mark.integration

PCS = CodeSystem.ICD10PCS


async def test_pcs_codes_tables_notes_and_guidelines(infra: Infrastructure) -> None:
    settings = CatalogSettings()
    settings.database_prefix += f"_pcs{uuid.uuid4().hex[:6]}"
    await prepare_database(settings.dsn, [MIGRATIONS])
    pool = await create_pool(settings.dsn)
    try:
        report = await import_icd10pcs(
            pool, settings, None, settings.data_dir / "cms", date(2024, 10, 1)
        )
        with sqlite3.connect(f"file:{default_pcs_database()}?mode=ro", uri=True) as source:
            in_file = source.execute("SELECT count(*) FROM pcs_codes WHERE billable = 1")
            expected = in_file.fetchone()[0]
        assert report.counts.added == expected == 68_367
        assert await repository.count_codes(pool, PCS) == expected
        stored = (await repository.find_codes(pool, [(PCS, "0DTJ4ZZ")]))[(PCS, "0DTJ4ZZ")]
        assert stored.code.title == "Resection of Appendix, Percutaneous Endoscopic Approach"
        block = await block_of(pool, stored.code)
        chapter = await chapter_of(pool, stored.code)
        assert block is not None and block.title == (
            "Medical and Surgical, Gastrointestinal System, Resection"
        )
        assert chapter is not None and chapter.title == "Medical and Surgical"
        notes = await repository.notes_on(pool, PCS, "0DT")
        assert notes[0].text.startswith("Definition: ")
        assert len(await repository.guidelines(pool, PCS, None)) == 60 + 43
        biopsy = await repository.guidelines(pool, PCS, "biopsy")
        assert biopsy and all("iops" in (g.title + g.text).lower() for g in biopsy)
    finally:
        await pool.close()
        await drop_database(settings.dsn)
