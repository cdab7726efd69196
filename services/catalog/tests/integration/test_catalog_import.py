"""Importing the real CMS HCPCS file into real PostgreSQL."""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import asyncpg
import pytest

from atlaskit.db import create_pool, drop_database, prepare_database
from catalog.adapters import repository
from catalog.app import MIGRATIONS
from catalog.domain.codes import CodeSystem
from catalog.domain.hcpcs import LayoutError
from catalog.imports import import_hcpcs
from catalog.settings import CatalogSettings
from devstack.infra import Infrastructure

pytestmark = pytest.mark.integration

EFFECTIVE = date(2025, 10, 1)


@pytest.fixture
async def catalog(
    infra: Infrastructure, request: pytest.FixtureRequest
) -> AsyncIterator[tuple[asyncpg.Pool, CatalogSettings]]:
    settings = CatalogSettings()
    settings.database_prefix = f"{settings.database_prefix}_{request.node.name[-20:].lower()}"
    settings.database_prefix = "".join(c if c.isalnum() else "_" for c in settings.database_prefix)
    await prepare_database(settings.dsn, [MIGRATIONS])
    pool = await create_pool(settings.dsn)
    try:
        yield pool, settings
    finally:
        await pool.close()
        await drop_database(settings.dsn)


@pytest.fixture(scope="session")
def anweb(infra: Infrastructure) -> Path:
    path = CatalogSettings().data_dir / "cms" / "hcpcs_level2_2025_oct_anweb.csv"
    assert path.is_file(), f"the shared CMS data is missing: {path}"
    return path


def _file_counts(path: Path) -> tuple[int, int]:
    with path.open(newline="", encoding="utf-8") as handle:
        records = [row["recid"] for row in csv.DictReader(handle)]
    return records.count("3"), records.count("7")


async def _outbox(pool: asyncpg.Pool) -> int:
    return int(await pool.fetchval("SELECT count(*) FROM outbox"))


async def test_row_counts_equal_the_file_and_reimport_changes_nothing(
    catalog: tuple[asyncpg.Pool, CatalogSettings], anweb: Path
) -> None:
    pool, settings = catalog
    codes_in_file, modifiers_in_file = _file_counts(anweb)
    report = await import_hcpcs(pool, settings, anweb, EFFECTIVE)
    assert report.counts.added == codes_in_file == 8463
    assert await repository.count_codes(pool, CodeSystem.HCPCS) == codes_in_file
    assert await repository.count_modifiers(pool, CodeSystem.HCPCS) == modifiers_in_file == 383
    assert await _outbox(pool) == codes_in_file + 1

    again = await import_hcpcs(pool, settings, anweb, EFFECTIVE)
    assert again.events == 0 and again.counts.unchanged == codes_in_file
    assert await _outbox(pool) == codes_in_file + 1
    found = await repository.find_codes(pool, [(CodeSystem.HCPCS, "K0001")])
    assert found[(CodeSystem.HCPCS, "K0001")].code.title == "Standard wheelchair"


async def test_a_revised_an_added_and_a_terminated_code(
    catalog: tuple[asyncpg.Pool, CatalogSettings], anweb: Path, tmp_path: Path
) -> None:
    pool, settings = catalog
    await import_hcpcs(pool, settings, anweb, EFFECTIVE)
    before = int(await pool.fetchval("SELECT max(seq) FROM outbox"))
    lines = anweb.read_text(encoding="utf-8").splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    revised = [
        r.replace(
            "Standard wheelchair,Standard wheelchair",
            "Standard manual wheelchair,Standard wheelchair",
        )
        if r.startswith("K0001,")
        else r
        for r in rows
    ]
    kept = [r for r in revised if not r.startswith("K0002,")]
    added = next(r for r in rows if r.startswith("K0003,")).replace("K0003,", "K0999,", 1)
    fixture = tmp_path / "hcpcs_level2_2026_jan_anweb.csv"
    fixture.write_text(header + "".join(kept) + added, encoding="utf-8")

    report = await import_hcpcs(pool, settings, fixture, date(2026, 1, 1))

    counts = report.counts.as_dict()
    assert {k: counts[k] for k in ("added", "revised", "terminated")} == {
        "added": 1,
        "revised": 1,
        "terminated": 1,
    }
    history = await pool.fetch(
        "SELECT code, change FROM code_history WHERE release_id = $1 ORDER BY code",
        report.release.id,
    )
    assert [(r["code"], r["change"]) for r in history] == [
        ("K0001", "revised"),
        ("K0002", "terminated"),
        ("K0999", "added"),
    ]
    events = await pool.fetch(
        "SELECT envelope->'data'->>'code' AS code, envelope->'data'->>'change' AS change"
        " FROM outbox WHERE envelope->>'type' = 'catalog.code.changed' AND seq > $1",
        before,
    )
    assert sorted((e["code"], e["change"]) for e in events) == [
        ("K0001", "revised"),
        ("K0002", "terminated"),
        ("K0999", "added"),
    ]
    before_revision = await repository.code_as_of(
        pool, CodeSystem.HCPCS, "K0001", date(2025, 11, 1)
    )
    after_revision = await repository.code_as_of(pool, CodeSystem.HCPCS, "K0001", date(2026, 2, 1))
    assert before_revision is not None and before_revision[0] == "Standard wheelchair"
    assert after_revision is not None and after_revision[0] == "Standard manual wheelchair"
    assert await repository.code_as_of(pool, CodeSystem.HCPCS, "K0999", date(2025, 11, 1)) is None


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda text: text.replace("hcpc,seqnum", "code,seqnum", 1), "line 1: not the HCPCS"),
        (lambda text: text[: text.index("\nK0001,") + 30], "expected 48 columns"),
        (lambda text: text.replace("\nK0001,", "\nK00X1,", 1), "'K00X1' is not a well-formed"),
    ],
    ids=["wrong-layout", "truncated", "malformed-code"],
)
async def test_a_bad_file_names_file_and_line_and_keeps_the_previous_release(
    catalog: tuple[asyncpg.Pool, CatalogSettings],
    anweb: Path,
    tmp_path: Path,
    damage: object,
    message: str,
) -> None:
    pool, settings = catalog
    await import_hcpcs(pool, settings, anweb, EFFECTIVE)
    broken = tmp_path / "hcpcs_level2_2026_jan_anweb.csv"
    broken.write_text(damage(anweb.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    with pytest.raises(LayoutError) as failure:
        await import_hcpcs(pool, settings, broken, date(2026, 1, 1))
    assert str(broken) in str(failure.value) and message in str(failure.value)
    assert await repository.count_codes(pool, CodeSystem.HCPCS) == 8463
    releases = await pool.fetch("SELECT id FROM releases")
    assert [r["id"] for r in releases] == ["HCPCS-2025-10-01"]


async def test_a_file_in_another_encoding_names_the_line(
    catalog: tuple[asyncpg.Pool, CatalogSettings], anweb: Path, tmp_path: Path
) -> None:
    pool, settings = catalog
    text = anweb.read_text(encoding="utf-8").replace("Standard wheelchair", "Standard fauteuil é")
    broken = tmp_path / "latin1.csv"
    broken.write_bytes(text.encode("latin-1"))
    first = 1 + next(i for i, line in enumerate(text.splitlines()) if "fauteuil" in line)
    with pytest.raises(LayoutError, match=rf"latin1\.csv, line {first}: is not UTF-8 text"):
        await import_hcpcs(pool, settings, broken, EFFECTIVE)
    assert await repository.count_codes(pool, CodeSystem.HCPCS) == 0
