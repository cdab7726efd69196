"""``codeatlas-catalog``: migrate the database and import official CMS files.

codeatlas-catalog import hcpcs ../shared/data/cms/hcpcs_level2_2025_oct_anweb.csv
codeatlas-catalog import ncci-ptp ../shared/data/cms/ncci_ptp_practitioner_2024q3.csv.gz
codeatlas-catalog load-demo
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import asyncpg
from tqdm import tqdm

from atlaskit.db import create_pool, prepare_database
from catalog.adapters.icd10cm_xml import default_tabular_path
from catalog.adapters.icd10pcs_files import default_pcs_database
from catalog.app import MIGRATIONS
from catalog.domain.hcpcs import LayoutError
from catalog.imports import (
    ImportReport,
    Progress,
    import_cpt,
    import_hcpcs,
    import_icd10cm,
    import_icd10pcs,
)
from catalog.settings import CatalogSettings
from catalog.table_imports import (
    ADDON_EDITS,
    COVERAGE_DOCUMENTS,
    LICENSED_DESCRIPTORS,
    MUES,
    PFS_GPCIS,
    PFS_RVUS,
    PLACES_OF_SERVICE,
    PTP_EDITS,
    SEVERITY_DESIGNATIONS,
    TableDataset,
    import_table_release,
)

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def effective_date_from_name(path: Path) -> date:
    """``..._2025_oct_...`` takes effect on 2025-10-01, ``..._2024q3...`` on 2024-07-01,
    ``...-April-1-2026.xml`` on 2026-04-01."""
    name = path.name.lower()
    if quarter := re.search(r"(\d{4})q([1-4])", name):
        return date(int(quarter.group(1)), 3 * int(quarter.group(2)) - 2, 1)
    if yearly := re.search(r"gpci(\d{4})", name):
        return date(int(yearly.group(1)), 1, 1)
    if fiscal := re.search(r"fy(\d{4})", name):  # a federal fiscal year starts October 1
        return date(int(fiscal.group(1)) - 1, 10, 1)
    if monthly := re.search(r"(\d{4})-(\d{2})", name):
        return date(int(monthly.group(1)), int(monthly.group(2)), 1)
    spelled = re.search(r"([a-z]{3})[a-z]*-(\d{1,2})-(\d{4})", name)
    if spelled and spelled.group(1) in _MONTHS:
        day = int(spelled.group(2))
        return date(int(spelled.group(3)), _MONTHS.index(spelled.group(1)) + 1, day)
    month = re.search(r"(\d{4})_([a-z]{3})", name)
    if month is None or month.group(2) not in _MONTHS:
        raise SystemExit(
            f"{path.name}: cannot tell the release date from the name; "
            "pass --effective-date YYYY-MM-DD"
        )
    return date(int(month.group(1)), _MONTHS.index(month.group(2)) + 1, 1)


Importer = Callable[[asyncpg.Pool, CatalogSettings, Path, date, Progress], Awaitable[str]]


async def _hcpcs(
    pool: asyncpg.Pool, settings: CatalogSettings, path: Path, on: date, progress: Progress
) -> str:
    report = await import_hcpcs(pool, settings, path, on, progress)
    counts = report.counts
    return (
        f"{report.release.id} ({report.release.source_file}): added {counts.added}, "
        f"revised {counts.revised}, terminated {counts.terminated}, "
        f"unchanged {counts.unchanged}; {report.modifiers} modifiers; "
        f"{report.events} events queued"
    )


async def _cpt(
    pool: asyncpg.Pool, settings: CatalogSettings, path: Path, on: date, progress: Progress
) -> str:
    return _code_set_summary(await import_cpt(pool, settings, path, on, progress))


async def _icd10pcs(
    pool: asyncpg.Pool, settings: CatalogSettings, path: Path, on: date, progress: Progress
) -> str:
    cms = settings.data_dir / "cms"
    return _code_set_summary(await import_icd10pcs(pool, settings, path, cms, on, progress))


async def _icd10cm(
    pool: asyncpg.Pool, settings: CatalogSettings, path: Path, on: date, progress: Progress
) -> str:
    return _code_set_summary(await import_icd10cm(pool, settings, path, on, progress))


def _code_set_summary(report: ImportReport) -> str:
    counts = report.counts
    return (
        f"{report.release.id} ({report.release.source_file}): added {counts.added}, "
        f"revised {counts.revised}, terminated {counts.terminated}, "
        f"unchanged {counts.unchanged}; {report.events} events queued"
    )


def _table(spec: TableDataset) -> Importer:
    async def run(
        pool: asyncpg.Pool, settings: CatalogSettings, path: Path, on: date, progress: Progress
    ) -> str:
        report = await import_table_release(pool, settings, spec, path, on, progress)
        state = "unchanged" if report.unchanged else "imported"
        return (
            f"{report.release.id} ({report.release.source_file}): {report.rows} rows "
            f"{state}; {report.events} events queued"
        )

    return run


DemoFile = Callable[[Path], Path]


def _shared(name: str) -> DemoFile:
    """A file of the shared CMS data folder (CODEATLAS_DATA_DIR/cms)."""
    return lambda data_dir: data_dir / "cms" / name


def _packaged_icd10cm(_: Path) -> Path:
    return default_tabular_path()


def _packaged_icd10pcs(_: Path) -> Path:
    return default_pcs_database()


@dataclass(frozen=True)
class Source:
    importer: Importer
    unit: str
    demo: DemoFile | None  # None: not public data, so never part of the demo (AMA files)
    demo_effective: date | None = None  # for a demo file whose name carries no date


SOURCES: dict[str, Source] = {
    "hcpcs": Source(_hcpcs, "codes", _shared("hcpcs_level2_2025_oct_anweb.csv")),
    "cpt": Source(_cpt, "codes", _shared("rvu25d_PPRRVU2025_Oct_nodesc.csv")),
    "cpt-descriptors": Source(_table(LICENSED_DESCRIPTORS), "descriptors", None),
    "icd10cm": Source(_icd10cm, "codes", _packaged_icd10cm),
    "icd10pcs": Source(_icd10pcs, "codes", _packaged_icd10pcs, date(2024, 10, 1)),
    "ncci-ptp": Source(_table(PTP_EDITS), "edits", _shared("ncci_ptp_practitioner_2024q3.csv.gz")),
    "ncci-mue": Source(_table(MUES), "MUEs", _shared("ncci_mue_practitioner_2024q3.csv")),
    "ncci-addon": Source(_table(ADDON_EDITS), "edits", _shared("ncci_addon_code_edits_2024q3.csv")),
    "pfs-rvu": Source(_table(PFS_RVUS), "RVUs", _shared("rvu25d_PPRRVU2025_Oct_nodesc.csv")),
    "pfs-gpci": Source(_table(PFS_GPCIS), "localities", _shared("rvu25d_GPCI2025.csv")),
    "pos": Source(
        _table(PLACES_OF_SERVICE), "places", _shared("place_of_service_codes.csv"), date(2024, 1, 1)
    ),
    "msdrg-cc-mcc": Source(
        _table(SEVERITY_DESIGNATIONS), "codes", _shared("msdrg_v43_1_fy2026_cc_mcc.csv")
    ),
    "coverage-index": Source(
        _table(COVERAGE_DOCUMENTS), "documents", _shared("mcd_lcd_article_index_2025-08.csv")
    ),
}


def _progress_on(bar: tqdm[Any]) -> Progress:
    def progress(done: int, total: int) -> None:
        bar.total = total or None
        bar.update(done - bar.n)

    return progress


async def _import(settings: CatalogSettings, imports: list[tuple[str, Path, date]]) -> None:
    await prepare_database(settings.dsn, [MIGRATIONS])
    pool = await create_pool(settings.dsn, max_size=2)
    try:
        for name, path, on in imports:
            source = SOURCES[name]
            started = time.monotonic()
            with tqdm(
                desc=f"{name} {path.name}",
                unit=f" {source.unit}",
                unit_scale=True,
                disable=not sys.stderr.isatty(),
            ) as bar:
                summary = await source.importer(pool, settings, path, on, _progress_on(bar))
            print(f"{summary} in {time.monotonic() - started:.1f}s", flush=True)
    finally:
        await pool.close()


def _parse_date(raw: str) -> date:
    return datetime.strptime(raw, "%Y-%m-%d").date()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="codeatlas-catalog",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="create the catalog database and apply migrations")
    one = commands.add_parser("import", help="import one official file")
    one.add_argument("dataset", choices=sorted(SOURCES))
    one.add_argument(
        "path", type=Path, nargs="?", default=None, help="the file (default: the one the demo uses)"
    )
    one.add_argument("--effective-date", type=_parse_date, default=None)
    commands.add_parser("load-demo", help="import every shared public file the demo uses")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = CatalogSettings()
    if args.command == "migrate":
        asyncio.run(prepare_database(settings.dsn, [MIGRATIONS]))
        return 0
    if args.command == "import":
        source = SOURCES[args.dataset]
        path = args.path or (source.demo(settings.data_dir) if source.demo else None)
        if path is None:
            print(f"error: {args.dataset} needs the path of your licensed file", file=sys.stderr)
            return 2
        packaged_date = source.demo_effective if args.path is None else None
        imports = [(args.dataset, path, args.effective_date or packaged_date)]
    else:
        imports = [
            (name, s.demo(settings.data_dir), s.demo_effective)
            for name, s in SOURCES.items()
            if s.demo is not None
        ]
    planned: list[tuple[str, Path, date]] = []
    for name, path, on in imports:
        if not path.is_file():
            print(f"error: {path} does not exist ({name} file from CMS)", file=sys.stderr)
            return 2
        planned.append((name, path, on or effective_date_from_name(path)))
    try:
        asyncio.run(_import(settings, planned))
    except LayoutError as exc:
        print(f"error: {exc}; nothing was imported from that file", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
