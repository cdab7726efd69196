"""Importing a code-set release: parse the official file, diff against the catalog, store,
emit one event per added, revised or terminated code.

A release is applied in one transaction: a bad file, or a failure half-way, leaves the
previous release exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import asyncpg

from atlaskit.events.topics import CATALOG_CODES, CATALOG_RELEASES
from atlaskit.outbox import OutgoingEvent, add_to_outbox
from atlaskit.settings import AtlasSettings
from catalog.adapters import repository
from catalog.adapters.anweb_file import read_anweb_rows
from catalog.adapters.content_files import read_cpt_plain_language
from catalog.adapters.csv_files import file_checksum
from catalog.adapters.icd10cm_xml import default_tabular_path, read_icd10cm_tabular
from catalog.adapters.icd10pcs_files import default_pcs_database, read_icd10pcs
from catalog.adapters.pfs_files import read_rvus
from catalog.domain import events
from catalog.domain.codes import Code, ReleaseCounts, diff_release
from catalog.domain.cpt import cpt_codes
from catalog.domain.hcpcs import Modifier, parse_anweb
from catalog.domain.hierarchy import CodeGroup, CodeNote
from catalog.domain.icd10cm import parse_tabular
from catalog.domain.icd10pcs import PcsGuideline
from catalog.domain.releases import Dataset, Release

Progress = Callable[[int, int], None]
_CHUNK = 5000


def no_progress(_done: int, _total: int) -> None:
    return None


@dataclass(frozen=True)
class CodeSetRelease:
    """Everything one release of a code set says."""

    release: Release
    codes: list[Code]
    modifiers: list[Modifier] = field(default_factory=list)
    groups: list[CodeGroup] = field(default_factory=list)
    notes: list[CodeNote] = field(default_factory=list)
    guidelines: list[PcsGuideline] = field(default_factory=list)


@dataclass(frozen=True)
class ImportReport:
    release: Release
    counts: ReleaseCounts
    modifiers: int
    events: int


async def import_code_set(
    pool: asyncpg.Pool,
    settings: AtlasSettings,
    incoming: CodeSetRelease,
    progress: Progress = no_progress,
) -> ImportReport:
    release = incoming.release
    system = release.system
    assert system is not None, "a code-set release names its code system"
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", release.dataset.value)
        current = await repository.load_codes(conn, system)
        changes, counts = diff_release(current, incoming.codes, release.effective_date)
        modifiers = len(incoming.modifiers)
        if not changes:
            progress(0, 0)
            return ImportReport(release, counts, modifiers, events=0)
        await repository.save_release(conn, release, counts)
        topic = settings.topic(CATALOG_CODES)
        for start in range(0, len(changes), _CHUNK):
            chunk = changes[start : start + _CHUNK]
            await repository.apply_changes(conn, chunk, release.id)
            await add_to_outbox(
                conn,
                [
                    OutgoingEvent(topic, c.code.key, events.code_changed(c, release.id))
                    for c in chunk
                ],
            )
            progress(start + len(chunk), len(changes))
        if incoming.modifiers:
            await repository.save_modifiers(conn, system, incoming.modifiers, release.id)
        if incoming.groups or incoming.notes:
            await repository.replace_hierarchy(
                conn, system, incoming.groups, incoming.notes, release.id
            )
        if incoming.guidelines:
            await repository.replace_guidelines(conn, system, incoming.guidelines, release.id)
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
    return ImportReport(release, counts, modifiers, events=len(changes) + 1)


async def import_hcpcs(
    pool: asyncpg.Pool,
    settings: AtlasSettings,
    path: Path,
    effective_date: date,
    progress: Progress = no_progress,
) -> ImportReport:
    contents = parse_anweb(read_anweb_rows(path), str(path), as_of=effective_date)
    release = Release.of(Dataset.HCPCS, effective_date, path.name, file_checksum(path))
    incoming = CodeSetRelease(release, contents.codes, modifiers=contents.modifiers)
    return await import_code_set(pool, settings, incoming, progress)


async def import_cpt(
    pool: asyncpg.Pool,
    settings: AtlasSettings,
    rvu_path: Path,
    effective_date: date,
    progress: Progress = no_progress,
) -> ImportReport:
    """CPT code numbers and status from the PFS RVU file; titles from our own content."""
    plain = {d.code: d for d in read_cpt_plain_language()}
    codes = cpt_codes((entry for _, entry in read_rvus(rvu_path)), plain, effective_date)
    release = Release.of(Dataset.CPT, effective_date, rvu_path.name, file_checksum(rvu_path))
    return await import_code_set(pool, settings, CodeSetRelease(release, codes), progress)


async def import_icd10cm(
    pool: asyncpg.Pool,
    settings: AtlasSettings,
    path: Path | None,
    effective_date: date,
    progress: Progress = no_progress,
) -> ImportReport:
    source = path or default_tabular_path()
    contents = parse_tabular(read_icd10cm_tabular(source), effective_date, str(source))
    release = Release.of(Dataset.ICD10CM, effective_date, source.name, file_checksum(source))
    incoming = CodeSetRelease(release, contents.codes, groups=contents.groups, notes=contents.notes)
    return await import_code_set(pool, settings, incoming, progress)


PCS_ROOT_OPERATIONS = "icd10pcs_fy2025_root_operations_icd10coder.csv"
PCS_GUIDELINES = "icd10pcs_official_guidelines_fy2025_icd10coder.csv"


async def import_icd10pcs(
    pool: asyncpg.Pool,
    settings: AtlasSettings,
    database: Path | None,
    cms_dir: Path,
    effective_date: date,
    progress: Progress = no_progress,
) -> ImportReport:
    """ICD-10-PCS codes and tables from the shipped database, root operations and guidelines
    from the shared CSVs in ``cms_dir``."""
    source = database or default_pcs_database()
    contents = read_icd10pcs(
        source, cms_dir / PCS_ROOT_OPERATIONS, cms_dir / PCS_GUIDELINES, effective_date
    )
    release = Release.of(Dataset.ICD10PCS, effective_date, source.name, file_checksum(source))
    incoming = CodeSetRelease(
        release,
        contents.codes,
        groups=contents.groups,
        notes=contents.notes,
        guidelines=contents.guidelines,
    )
    return await import_code_set(pool, settings, incoming, progress)
