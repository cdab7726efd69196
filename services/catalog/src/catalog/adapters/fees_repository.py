"""Fee schedule rows in PostgreSQL: RVUs by code, GPCIs by locality."""

from __future__ import annotations

from typing import TypeAlias

import asyncpg

from catalog.domain.pfs import Gpci, RvuEntry

RVU_COLUMNS = (
    "release_id",
    "code",
    "modifier",
    "status",
    "work_rvu",
    "nonfacility_pe",
    "facility_pe",
    "malpractice_rvu",
    "pctc",
    "global_days",
    "conversion_factor",
)
GPCI_COLUMNS = (
    "release_id",
    "mac",
    "state",
    "locality",
    "name",
    "work",
    "practice_expense",
    "malpractice",
)

Database: TypeAlias = asyncpg.Connection | asyncpg.Pool


def _rvu(row: asyncpg.Record) -> RvuEntry:
    return RvuEntry(
        row["code"],
        row["modifier"],
        row["status"],
        row["work_rvu"],
        row["nonfacility_pe"],
        row["facility_pe"],
        row["malpractice_rvu"],
        row["pctc"],
        row["global_days"],
        row["conversion_factor"],
    )


def _gpci(row: asyncpg.Record) -> Gpci:
    return Gpci(
        row["mac"],
        row["state"],
        row["locality"],
        row["name"],
        row["work"],
        row["practice_expense"],
        row["malpractice"],
    )


async def rvu_entries(db: Database, release_id: str, code: str) -> list[RvuEntry]:
    rows = await db.fetch(
        f"SELECT {', '.join(RVU_COLUMNS[1:])} FROM pfs_rvus"
        " WHERE release_id = $1 AND code = $2 ORDER BY modifier",
        release_id,
        code,
    )
    return [_rvu(row) for row in rows]


async def gpcis(db: Database, release_id: str) -> list[Gpci]:
    rows = await db.fetch(
        f"SELECT {', '.join(GPCI_COLUMNS[1:])} FROM gpcis WHERE release_id = $1"
        " ORDER BY state, name",
        release_id,
    )
    return [_gpci(row) for row in rows]
