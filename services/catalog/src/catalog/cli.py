"""``codeatlas-catalog``: migrate the database and import official code-set files.

codeatlas-catalog import-hcpcs ../shared/data/cms/hcpcs_level2_2025_oct_anweb.csv
codeatlas-catalog load-demo
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from datetime import date, datetime
from pathlib import Path

from tqdm import tqdm

from atlaskit.db import create_pool, prepare_database
from catalog.app import MIGRATIONS
from catalog.domain.hcpcs import LayoutError
from catalog.imports import ImportReport, import_hcpcs
from catalog.settings import CatalogSettings

HCPCS_FILE = "cms/hcpcs_level2_2025_oct_anweb.csv"
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def effective_date_from_name(path: Path) -> date:
    """``hcpcs_level2_2025_oct_anweb.csv`` takes effect on 2025-10-01."""
    match = re.search(r"(\d{4})_([a-z]{3})", path.name.lower())
    if match is None or match.group(2) not in _MONTHS:
        raise SystemExit(
            f"{path.name}: cannot tell the release date from the name; pass --effective-date"
        )
    return date(int(match.group(1)), _MONTHS[match.group(2)], 1)


def _print_report(report: ImportReport) -> None:
    counts = report.counts
    print(
        f"{report.release.id} ({report.release.source_file}): added {counts.added}, "
        f"revised {counts.revised}, terminated {counts.terminated}, "
        f"unchanged {counts.unchanged}; {report.modifiers} modifiers; "
        f"{report.events} events queued"
    )


async def _import_hcpcs(settings: CatalogSettings, path: Path, effective: date) -> ImportReport:
    await prepare_database(settings.dsn, [MIGRATIONS])
    pool = await create_pool(settings.dsn, max_size=2)
    bar = tqdm(desc=f"HCPCS {path.name}", unit=" codes", disable=not sys.stderr.isatty())

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        return await import_hcpcs(pool, settings, path, effective, progress)
    finally:
        bar.close()
        await pool.close()


def _parse_date(raw: str) -> date:
    return datetime.strptime(raw, "%Y-%m-%d").date()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="codeatlas-catalog",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="create the catalog database and apply migrations")
    hcpcs = commands.add_parser("import-hcpcs", help="import a CMS HCPCS Level II ANWEB file")
    hcpcs.add_argument("path", type=Path)
    hcpcs.add_argument("--effective-date", type=_parse_date, default=None)
    commands.add_parser("load-demo", help="import the shared public files the demo uses")
    args = parser.parse_args(argv)
    settings = CatalogSettings()
    try:
        if args.command == "migrate":
            asyncio.run(prepare_database(settings.dsn, [MIGRATIONS]))
            return 0
        if args.command == "import-hcpcs":
            path: Path = args.path
            effective = args.effective_date or effective_date_from_name(path)
        else:
            path = settings.data_dir / HCPCS_FILE
            effective = effective_date_from_name(path)
        if not path.is_file():
            print(f"error: {path} does not exist (CMS HCPCS Level II ANWEB CSV)", file=sys.stderr)
            return 2
        _print_report(asyncio.run(_import_hcpcs(settings, path, effective)))
        return 0
    except LayoutError as exc:
        print(f"error: {exc}; nothing was imported", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
