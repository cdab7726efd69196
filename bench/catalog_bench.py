"""Catalog benchmark: importing every catalog dataset, and checking claims against NCCI.

    uv run python bench/catalog_bench.py

Starts the whole stack (embedded infrastructure unless DATABASE_URL, REDIS_URL and
KAFKA_BOOTSTRAP_SERVERS are given), then measures, in the same run:

- imports: each dataset's real import of the demo file into a fresh catalog database on
  the stack's PostgreSQL, against a plain COPY of the same rows (built in memory before the
  clock starts; median of 3) into a table with the same columns and no keys or indexes: the
  ratio (import rows/s / COPY rows/s) is the share of PostgreSQL's raw ingest speed that
  the import keeps after reading the file, diffing, history, events and indexes;
- claim checks: ncciCheck for one NCCI pair and for a 10-code claim, through the gateway
  vs. straight to the catalog subgraph; rps ratio < 1 is the gateway's cost.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import asyncpg
import httpx

from atlaskit.db import create_pool, drop_database, prepare_database
from catalog.app import MIGRATIONS
from catalog.cli import SOURCES, effective_date_from_name
from catalog.domain.releases import Release
from catalog.imports import (
    ImportReport,
    import_cpt,
    import_hcpcs,
    import_icd10cm,
    import_icd10pcs,
)
from catalog.settings import CatalogSettings
from catalog.table_imports import (
    ADDON_EDITS,
    MUES,
    PFS_GPCIS,
    PFS_RVUS,
    PTP_EDITS,
    TableDataset,
    import_table_release,
)
from devstack.stack import throwaway_stack

sys.path.insert(0, str(Path(__file__).parent))
from loadgen import Result, measure, ratio_table

COPY_RUNS = 3
REQUESTS = 600
CLIENTS = 8
WARMUP = 100
DATE_OF_SERVICE = "2024-09-01"
PAIR = ["95870", "95886"]
CLAIM = ["99213", "95870", "95886", "29880", "29881", "93000", "20610", "97110", "36415", "45378"]

Importer = Callable[[asyncpg.Pool, CatalogSettings], Awaitable[Release]]
CodeSetImporter = Callable[[asyncpg.Pool, CatalogSettings, Path, date], Awaitable[ImportReport]]


@dataclass(frozen=True)
class ImportCase:
    """One dataset's demo file, its importer, and the table its rows land in."""

    dataset: str
    table: str
    run: Importer


@dataclass(frozen=True)
class ImportResult:
    dataset: str
    rows: int
    import_seconds: float
    copy_seconds: float
    side_rows: dict[str, int]

    @property
    def import_rps(self) -> float:
        return self.rows / self.import_seconds

    @property
    def copy_rps(self) -> float:
        return self.rows / self.copy_seconds


def _demo_file(source: str, data_dir: Path) -> tuple[Path, date]:
    """The file the demo imports for this source, and the date its release takes effect."""
    spec = SOURCES[source]
    assert spec.demo is not None, f"{source} has no public demo file"
    path = spec.demo(data_dir)
    return path, spec.demo_effective or effective_date_from_name(path)


def _code_set(source: str, importer: CodeSetImporter, data_dir: Path) -> Importer:
    path, on = _demo_file(source, data_dir)

    async def run(pool: asyncpg.Pool, settings: CatalogSettings) -> Release:
        return (await importer(pool, settings, path, on)).release

    return run


async def _import_icd10pcs(
    pool: asyncpg.Pool, settings: CatalogSettings, path: Path, on: date
) -> ImportReport:
    return await import_icd10pcs(pool, settings, path, settings.data_dir / "cms", on)


def _table(source: str, spec: TableDataset, data_dir: Path) -> Importer:
    path, on = _demo_file(source, data_dir)

    async def run(pool: asyncpg.Pool, settings: CatalogSettings) -> Release:
        return (await import_table_release(pool, settings, spec, path, on)).release

    return run


def _cases(data_dir: Path) -> list[ImportCase]:
    return [
        ImportCase("HCPCS", "codes", _code_set("hcpcs", import_hcpcs, data_dir)),
        ImportCase("CPT", "codes", _code_set("cpt", import_cpt, data_dir)),
        ImportCase("ICD-10-CM", "codes", _code_set("icd10cm", import_icd10cm, data_dir)),
        ImportCase("ICD-10-PCS", "codes", _code_set("icd10pcs", _import_icd10pcs, data_dir)),
        ImportCase("NCCI PTP", PTP_EDITS.table, _table("ncci-ptp", PTP_EDITS, data_dir)),
        ImportCase("NCCI MUE", MUES.table, _table("ncci-mue", MUES, data_dir)),
        ImportCase("NCCI add-on", ADDON_EDITS.table, _table("ncci-addon", ADDON_EDITS, data_dir)),
        ImportCase("PFS RVU", PFS_RVUS.table, _table("pfs-rvu", PFS_RVUS, data_dir)),
        ImportCase("PFS GPCI", PFS_GPCIS.table, _table("pfs-gpci", PFS_GPCIS, data_dir)),
    ]


async def _table_counts(conn: asyncpg.Connection) -> dict[str, int]:
    tables = await conn.fetch(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        " AND table_name NOT LIKE 'copy_baseline%' AND table_name <> 'schema_migrations'"
    )
    return {
        t["table_name"]: int(await conn.fetchval(f'SELECT count(*) FROM "{t["table_name"]}"'))
        for t in tables
    }


async def _copy_seconds(conn: asyncpg.Connection, table: str, release_id: str) -> float:
    """COPY of the release's rows, read back and held in memory first, into a keyless table
    (the median of a few runs, each into a new table, so a small table's time is not noise)."""
    records = [
        tuple(r)
        for r in await conn.fetch(f"SELECT * FROM {table} WHERE release_id = $1", release_id)
    ]
    baseline = f"copy_baseline_{table}"
    timings: list[float] = []
    for _ in range(COPY_RUNS):
        await conn.execute(f"CREATE TABLE {baseline} (LIKE {table})")
        try:
            started = time.perf_counter()
            await conn.copy_records_to_table(baseline, records=records)
            timings.append(time.perf_counter() - started)
        finally:
            await conn.execute(f"DROP TABLE {baseline}")
    return statistics.median(timings)


async def _measure_imports(settings: CatalogSettings) -> list[ImportResult]:
    await prepare_database(settings.dsn, [MIGRATIONS])
    pool = await create_pool(settings.dsn, max_size=2)
    conn = await asyncpg.connect(settings.dsn)
    results: list[ImportResult] = []
    try:
        for case in _cases(settings.data_dir):
            before = await _table_counts(conn)
            started = time.perf_counter()
            release = await case.run(pool, settings)
            import_seconds = time.perf_counter() - started
            after = await _table_counts(conn)
            rows = int(
                await conn.fetchval(
                    f"SELECT count(*) FROM {case.table} WHERE release_id = $1", release.id
                )
            )
            written = {t: after[t] - before.get(t, 0) for t in after}
            side_rows = {t: n for t, n in written.items() if n and t != case.table}
            copy_seconds = await _copy_seconds(conn, case.table, release.id)
            results.append(
                ImportResult(case.dataset, rows, import_seconds, copy_seconds, side_rows)
            )
    finally:
        await conn.close()
        await pool.close()
        await drop_database(settings.dsn)
    return results


def _import_table(results: list[ImportResult]) -> str:
    header = (
        f"{'dataset':<14}{'rows':>11}{'import s':>10}{'import rows/s':>15}"
        f"{'COPY rows/s':>14}{'ratio':>8}"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        lines.append(
            f"{r.dataset:<14}{r.rows:>11,}{r.import_seconds:>10.2f}{r.import_rps:>15,.0f}"
            f"{r.copy_rps:>14,.0f}{r.import_rps / r.copy_rps:>8.3f}"
        )
    total_rows = sum(r.rows for r in results)
    total_seconds = sum(r.import_seconds for r in results)
    lines.append("-" * len(header))
    lines.append(
        f"{'all datasets':<14}{total_rows:>11,}{total_seconds:>10.2f}"
        f"{total_rows / total_seconds:>15,.0f}"
    )
    lines.append("\nbesides its own table's rows, each import wrote:")
    for r in results:
        side = ", ".join(f"{t} {n:,}" for t, n in sorted(r.side_rows.items()))
        lines.append(f"  {r.dataset:<12}{side}")
    return "\n".join(lines)


def _claim_check(codes: list[str], selection: str) -> str:
    quoted = ", ".join(f'"{c}"' for c in codes)
    return (
        f'{{ ncciCheck(codes: [{quoted}], dateOfService: "{DATE_OF_SERVICE}") {{ {selection} }} }}'
    )


EDITS = "edits { column1 column2 modifierIndicator }"
PAIR_QUERY = _claim_check(PAIR, EDITS)
CLAIM_QUERY = _claim_check(CLAIM, f"{EDITS} pairs {{ codes verdict }} mues {{ code units }}")


def _check_answers(url: str) -> None:
    """Both queries must answer, the pair with its known edit, so the timings are of real work."""
    answers = [
        httpx.post(url, json={"query": query}, timeout=30).json()
        for query in (PAIR_QUERY, CLAIM_QUERY)
    ]
    for body in answers:
        if "errors" in body:
            raise SystemExit(f"{url}: {body['errors']}")
    edits = answers[0]["data"]["ncciCheck"]["edits"]
    expected = [{"column1": "95870", "column2": "95886", "modifierIndicator": 0}]
    if edits != expected:
        raise SystemExit(f"{url}: the NCCI demo data is missing (got {edits})")


def _measure_queries(gateway: str, catalog: str) -> list[tuple[Result, Result]]:
    for url in (gateway, catalog):
        _check_answers(url)

    def run(name: str, url: str, query: str) -> Result:
        return measure(name, [(url, {"query": query})], REQUESTS, CLIENTS, WARMUP)

    return [
        (
            run("gateway: ncciCheck, 1 pair", gateway, PAIR_QUERY),
            run("direct: catalog ncciCheck, 1 pair", catalog, PAIR_QUERY),
        ),
        (
            run("gateway: ncciCheck, 10-code claim", gateway, CLAIM_QUERY),
            run("direct: catalog ncciCheck, 10-code claim", catalog, CLAIM_QUERY),
        ),
    ]


def main() -> int:
    with throwaway_stack() as stack:
        settings = CatalogSettings().model_copy(
            update={
                "database_url": stack.infra.database_url,
                "database_prefix": f"bench_{uuid.uuid4().hex[:8]}",
            }
        )
        imports = asyncio.run(_measure_imports(settings))
        queries = _measure_queries(stack.gateway_url, stack.service_url("catalog") + "/graphql")
    print("\nCatalog import benchmark (fresh database; ratio = import rows/s / COPY rows/s)")
    print(_import_table(imports))
    print(
        f"\nClaim-check benchmark ({CLIENTS} concurrent clients, {REQUESTS} requests each;"
        " ratios = gateway/direct)"
    )
    print(ratio_table(queries, lambda r: r.name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
