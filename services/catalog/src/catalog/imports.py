"""Importing a release: parse the official file, diff against the catalog, store, emit events.

A release is applied in one transaction: a bad file, or a failure half-way, leaves the
previous release exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import asyncpg

from atlaskit.events.topics import CATALOG_CODES, CATALOG_RELEASES
from atlaskit.outbox import OutgoingEvent, add_to_outbox
from atlaskit.settings import AtlasSettings
from catalog.adapters import repository
from catalog.adapters.anweb_file import read_anweb_rows
from catalog.domain import events
from catalog.domain.codes import CodeSystem, ReleaseCounts, diff_release
from catalog.domain.hcpcs import parse_anweb
from catalog.domain.releases import Dataset, Release

Progress = Callable[[int, int], None]
_CHUNK = 1000


@dataclass(frozen=True)
class ImportReport:
    release: Release
    counts: ReleaseCounts
    modifiers: int
    events: int


def _no_progress(_done: int, _total: int) -> None:
    return None


async def import_hcpcs(
    pool: asyncpg.Pool,
    settings: AtlasSettings,
    path: Path,
    effective_date: date,
    progress: Progress = _no_progress,
) -> ImportReport:
    contents = parse_anweb(read_anweb_rows(path), str(path), as_of=effective_date)
    release = Release.of(Dataset.HCPCS, effective_date, path.name)
    codes_topic = settings.topic(CATALOG_CODES)
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", release.dataset.value)
        current = await repository.load_codes(conn, CodeSystem.HCPCS)
        changes, counts = diff_release(current, contents.codes, effective_date)
        if not changes:
            progress(0, 0)
            return ImportReport(release, counts, len(contents.modifiers), events=0)
        await repository.save_release(conn, release, counts)
        for start in range(0, len(changes), _CHUNK):
            chunk = changes[start : start + _CHUNK]
            await repository.apply_changes(conn, chunk, release.id)
            await add_to_outbox(
                conn,
                [
                    OutgoingEvent(codes_topic, c.code.key, events.code_changed(c, release.id))
                    for c in chunk
                ],
            )
            progress(start + len(chunk), len(changes))
        await repository.save_modifiers(conn, CodeSystem.HCPCS, contents.modifiers, release.id)
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
    return ImportReport(release, counts, len(contents.modifiers), events=len(changes) + 1)
