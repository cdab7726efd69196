"""Importing a release of a tabular dataset (NCCI edits, PFS RVUs and GPCIs): stream the
file into its table by COPY, in one transaction. The same file again (same checksum)
changes nothing and emits nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

import asyncpg

from atlaskit.events.topics import CATALOG_RELEASES
from atlaskit.outbox import OutgoingEvent, add_to_outbox
from atlaskit.settings import AtlasSettings
from catalog.adapters import edits_repository as edits
from catalog.adapters import fees_repository as fees
from catalog.adapters import repository
from catalog.adapters.cpt_files import read_licensed_descriptors
from catalog.adapters.csv_files import file_checksum
from catalog.adapters.ncci_files import read_addon_edits, read_mues, read_ptp_edits
from catalog.adapters.pfs_files import read_gpcis, read_rvus
from catalog.adapters.reference_files import (
    read_coverage_documents,
    read_places_of_service,
    read_severity_designations,
)
from catalog.domain import events
from catalog.domain.codes import ReleaseCounts
from catalog.domain.ncci import AddOnEdit, Mue, PtpEdit
from catalog.domain.pfs import Gpci, RvuEntry
from catalog.domain.releases import Dataset, Release
from catalog.imports import Progress, no_progress

_BATCH = 50_000


@dataclass(frozen=True)
class TableDataset:
    """How one dataset's file becomes rows of its table."""

    dataset: Dataset
    table: str
    columns: tuple[str, ...]
    read: Callable[[Path], Iterator[tuple[int, Any]]]
    record: Callable[[Any], tuple[object, ...]]


def _ptp_record(edit: PtpEdit) -> tuple[object, ...]:
    return (
        edit.column1,
        edit.column2,
        edit.deletion_date,
        edit.modifier_indicator.value,
        edit.rationale,
    )


def _mue_record(mue: Mue) -> tuple[object, ...]:
    return (mue.code, mue.units, mue.adjudication.value, mue.rationale)


def _addon_record(edit: AddOnEdit) -> tuple[object, ...]:
    return (edit.primary_code, edit.addon_code, edit.edit_type)


def _rvu_record(entry: RvuEntry) -> tuple[object, ...]:
    return (
        entry.code,
        entry.modifier,
        entry.status,
        entry.work,
        entry.nonfacility_pe,
        entry.facility_pe,
        entry.malpractice,
        entry.pctc,
        entry.global_days,
        entry.conversion_factor,
    )


def _gpci_record(gpci: Gpci) -> tuple[object, ...]:
    return (
        gpci.mac,
        gpci.state,
        gpci.locality,
        gpci.name,
        gpci.work,
        gpci.practice_expense,
        gpci.malpractice,
    )


PTP_EDITS = TableDataset(
    Dataset.NCCI_PTP, "ptp_edits", edits.PTP_COLUMNS, read_ptp_edits, _ptp_record
)
MUES = TableDataset(Dataset.NCCI_MUE, "mues", edits.MUE_COLUMNS, read_mues, _mue_record)
ADDON_EDITS = TableDataset(
    Dataset.NCCI_ADDON, "addon_edits", edits.ADDON_COLUMNS, read_addon_edits, _addon_record
)

PFS_RVUS = TableDataset(Dataset.PFS_RVU, "pfs_rvus", fees.RVU_COLUMNS, read_rvus, _rvu_record)
PFS_GPCIS = TableDataset(Dataset.PFS_GPCI, "gpcis", fees.GPCI_COLUMNS, read_gpcis, _gpci_record)

PLACES_OF_SERVICE = TableDataset(
    Dataset.PLACE_OF_SERVICE,
    "places_of_service",
    ("release_id", "code", "setting", "name", "description"),
    read_places_of_service,
    lambda pos: (pos.code, pos.setting, pos.name, pos.description),
)
SEVERITY_DESIGNATIONS = TableDataset(
    Dataset.MSDRG_CC_MCC,
    "severity_designations",
    ("release_id", "code", "level", "pdx_exclusion_group"),
    read_severity_designations,
    lambda cc: (cc.code, cc.level, cc.pdx_exclusion_group),
)
COVERAGE_DOCUMENTS = TableDataset(
    Dataset.COVERAGE_INDEX,
    "coverage_documents",
    (
        "release_id",
        "document_id",
        "kind",
        "version",
        "title",
        "contractor",
        "effective_date",
        "retirement_date",
        "url",
    ),
    read_coverage_documents,
    lambda d: (
        d.document_id,
        d.kind,
        d.version,
        d.title,
        d.contractor,
        d.effective_date,
        d.retirement_date,
        d.url,
    ),
)

LICENSED_DESCRIPTORS = TableDataset(
    Dataset.CPT_LICENSED_DESCRIPTORS,
    "licensed_descriptors",
    ("release_id", "code", "descriptor"),
    read_licensed_descriptors,
    lambda d: (d.code, d.descriptor),
)


@dataclass(frozen=True)
class TableImportReport:
    release: Release
    rows: int
    unchanged: bool
    events: int


async def import_table_release(
    pool: asyncpg.Pool,
    settings: AtlasSettings,
    spec: TableDataset,
    path: Path,
    effective_date: date,
    progress: Progress = no_progress,
) -> TableImportReport:
    release = Release.of(spec.dataset, effective_date, path.name, file_checksum(path))
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", release.dataset.value)
        stored = await conn.fetchval("SELECT checksum FROM releases WHERE id = $1", release.id)
        if stored == release.checksum:
            rows = await edits.count_rows(conn, spec.table, release.id)
            return TableImportReport(release, rows, unchanged=True, events=0)
        if stored is not None:
            await edits.delete_release_rows(conn, spec.table, release.id)
        await repository.save_release(conn, release, ReleaseCounts())
        rows = await _copy_file(conn, spec, path, release.id, progress)
        counts = ReleaseCounts(added=rows)
        await repository.save_release(conn, release, counts)
        await add_to_outbox(
            conn,
            [
                OutgoingEvent(
                    settings.topic(CATALOG_RELEASES),
                    release.id,
                    events.release_imported(release, counts),
                )
            ],
        )
    return TableImportReport(release, rows, unchanged=False, events=1)


async def _copy_file(
    conn: asyncpg.Connection,
    spec: TableDataset,
    path: Path,
    release_id: str,
    progress: Progress,
) -> int:
    records = ((release_id, *spec.record(item)) for _, item in spec.read(path))
    copied = 0
    while batch := list(islice(records, _BATCH)):
        await edits.copy_rows(conn, spec.table, spec.columns, batch)
        copied += len(batch)
        progress(copied, 0)
    return copied
