"""The catalog's PostgreSQL tables: codes, releases, history, modifiers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import asyncpg

from catalog.domain.codes import Code, CodeChange, CodeStatus, CodeSystem, ReleaseCounts
from catalog.domain.hcpcs import Modifier
from catalog.domain.hierarchy import CodeGroup, CodeNote, GroupKind, NoteKind
from catalog.domain.icd10pcs import PcsGuideline
from catalog.domain.releases import Dataset, Release

_CODE_COLUMNS = (
    "system, code, short_title, title, status, billable, effective_date, termination_date,"
    " parent, group_id, attributes, search_terms"
)
_CODE_FIELDS = tuple(c.strip() for c in _CODE_COLUMNS.split(","))


@dataclass(frozen=True)
class StoredCode:
    code: Code
    release_id: str


@dataclass(frozen=True)
class StoredRelease:
    release: Release
    imported_at: datetime
    counts: ReleaseCounts


def _code(row: asyncpg.Record) -> Code:
    return Code(
        system=CodeSystem(row["system"]),
        code=row["code"],
        short_title=row["short_title"],
        title=row["title"],
        status=CodeStatus(row["status"]),
        billable=row["billable"],
        effective_date=row["effective_date"],
        termination_date=row["termination_date"],
        parent=row["parent"],
        group=row["group_id"],
        attributes=tuple(sorted(json.loads(row["attributes"]).items())),
        search_terms=tuple(row["search_terms"]),
    )


async def load_codes(conn: asyncpg.Connection, system: CodeSystem) -> dict[str, Code]:
    rows = await conn.fetch(f"SELECT {_CODE_COLUMNS} FROM codes WHERE system = $1", system.value)
    return {row["code"]: _code(row) for row in rows}


async def release_exists(conn: asyncpg.Connection, release_id: str) -> bool:
    return bool(await conn.fetchval("SELECT 1 FROM releases WHERE id = $1", release_id))


async def find_codes(
    conn: asyncpg.Connection | asyncpg.Pool, keys: Sequence[tuple[CodeSystem, str]]
) -> dict[tuple[CodeSystem, str], StoredCode]:
    """All the asked codes found, in one round trip."""
    rows = await conn.fetch(
        f"SELECT {_CODE_COLUMNS}, release_id FROM codes"
        " WHERE (system, code) IN (SELECT * FROM unnest($1::text[], $2::text[]))",
        [system.value for system, _ in keys],
        [code for _, code in keys],
    )
    found = {}
    for row in rows:
        stored = StoredCode(_code(row), row["release_id"])
        found[(stored.code.system, stored.code.code)] = stored
    return found


async def find_releases(
    conn: asyncpg.Connection | asyncpg.Pool, ids: Sequence[str]
) -> dict[str, StoredRelease]:
    rows = await conn.fetch("SELECT * FROM releases WHERE id = ANY($1::text[])", list(ids))
    return {
        row["id"]: StoredRelease(
            release=Release(
                id=row["id"],
                dataset=Dataset(row["dataset"]),
                name=row["name"],
                effective_date=row["effective_date"],
                source_file=row["source_file"],
                checksum=row["checksum"],
            ),
            imported_at=row["imported_at"],
            counts=ReleaseCounts(**json.loads(row["counts"])),
        )
        for row in rows
    }


async def save_release(conn: asyncpg.Connection, release: Release, counts: ReleaseCounts) -> None:
    await conn.execute(
        "INSERT INTO releases (id, dataset, system, name, effective_date, source_file, counts,"
        " checksum) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)"
        " ON CONFLICT (id) DO UPDATE SET counts = EXCLUDED.counts, imported_at = now(),"
        " checksum = EXCLUDED.checksum, source_file = EXCLUDED.source_file",
        release.id,
        release.dataset.value,
        release.system.value if release.system else None,
        release.name,
        release.effective_date,
        release.source_file,
        json.dumps(counts.as_dict()),
        release.checksum,
    )


async def apply_changes(
    conn: asyncpg.Connection, changes: Sequence[CodeChange], release_id: str
) -> None:
    """Upserts the changed codes and records one history entry per change (bulk, by COPY)."""
    await conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS incoming_codes (LIKE codes INCLUDING DEFAULTS)"
        " ON COMMIT DELETE ROWS"
    )
    await conn.copy_records_to_table(
        "incoming_codes",
        records=[(*_code_row(c.code), release_id) for c in changes],
        columns=[*_CODE_FIELDS, "release_id"],
    )
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*_CODE_FIELDS[2:], "release_id"))
    await conn.execute(
        f"INSERT INTO codes SELECT * FROM incoming_codes"
        f" ON CONFLICT (system, code) DO UPDATE SET {updates}"
    )
    await conn.execute("TRUNCATE incoming_codes")
    await conn.copy_records_to_table(
        "code_history",
        records=[
            (
                c.code.system.value,
                c.code.code,
                release_id,
                c.kind.value,
                c.code.short_title,
                c.code.title,
                c.code.status.value,
            )
            for c in changes
        ],
        columns=["system", "code", "release_id", "change", "short_title", "title", "status"],
    )


async def replace_hierarchy(
    conn: asyncpg.Connection,
    system: CodeSystem,
    groups: Sequence[CodeGroup],
    notes: Sequence[CodeNote],
    release_id: str,
) -> None:
    """The code set's chapters, blocks and notes become those of the release."""
    await conn.execute("DELETE FROM code_notes WHERE system = $1", system.value)
    await conn.execute("DELETE FROM code_groups WHERE system = $1", system.value)
    await conn.copy_records_to_table(
        "code_groups",
        records=[
            (g.system.value, g.id, g.kind.value, g.title, g.first, g.last, g.parent, release_id)
            for g in groups
        ],
        columns=[
            "system",
            "id",
            "kind",
            "title",
            "first_code",
            "last_code",
            "parent",
            "release_id",
        ],
    )
    await conn.copy_records_to_table(
        "code_notes",
        records=[
            (n.system.value, n.subject, n.position, n.kind.value, n.text, release_id) for n in notes
        ],
        columns=["system", "subject", "position", "kind", "text", "release_id"],
    )


async def save_modifiers(
    conn: asyncpg.Connection, system: CodeSystem, modifiers: Sequence[Modifier], release_id: str
) -> None:
    await conn.executemany(
        "INSERT INTO modifiers (system, code, short_title, title, effective_date,"
        " termination_date, release_id) VALUES ($1, $2, $3, $4, $5, $6, $7)"
        " ON CONFLICT (system, code) DO UPDATE SET short_title = EXCLUDED.short_title,"
        " title = EXCLUDED.title, effective_date = EXCLUDED.effective_date,"
        " termination_date = EXCLUDED.termination_date, release_id = EXCLUDED.release_id",
        [
            (
                system.value,
                m.code,
                m.short_title,
                m.title,
                m.effective_date,
                m.termination_date,
                release_id,
            )
            for m in modifiers
        ],
    )


async def count_codes(conn: asyncpg.Connection | asyncpg.Pool, system: CodeSystem) -> int:
    return int(await conn.fetchval("SELECT count(*) FROM codes WHERE system = $1", system.value))


async def count_modifiers(conn: asyncpg.Connection | asyncpg.Pool, system: CodeSystem) -> int:
    value = await conn.fetchval("SELECT count(*) FROM modifiers WHERE system = $1", system.value)
    return int(value)


def _code_row(code: Code) -> tuple[object, ...]:
    return (
        code.system.value,
        code.code,
        code.short_title,
        code.title,
        code.status.value,
        code.billable,
        code.effective_date,
        code.termination_date,
        code.parent,
        code.group,
        json.dumps(dict(code.attributes)),
        list(code.search_terms),
    )


async def children_of(
    db: asyncpg.Pool, system: CodeSystem, code: str, limit: int
) -> list[StoredCode]:
    rows = await db.fetch(
        f"SELECT {_CODE_COLUMNS}, release_id FROM codes WHERE system = $1 AND parent = $2"
        " ORDER BY code LIMIT $3",
        system.value,
        code,
        limit,
    )
    return [StoredCode(_code(row), row["release_id"]) for row in rows]


async def group(db: asyncpg.Pool, system: CodeSystem, group_id: str, kind: str) -> CodeGroup | None:
    row = await db.fetchrow(
        "SELECT id, kind, title, first_code, last_code, parent FROM code_groups"
        " WHERE system = $1 AND id = $2 AND kind = $3",
        system.value,
        group_id,
        kind,
    )
    if row is None:
        return None
    return CodeGroup(
        system,
        row["id"],
        GroupKind(row["kind"]),
        row["title"],
        row["first_code"],
        row["last_code"],
        row["parent"],
    )


async def notes_on(db: asyncpg.Pool, system: CodeSystem, subject: str) -> list[CodeNote]:
    rows = await db.fetch(
        "SELECT subject, position, kind, text FROM code_notes WHERE system = $1 AND subject = $2"
        " ORDER BY position",
        system.value,
        subject,
    )
    return [
        CodeNote(system, r["subject"], NoteKind(r["kind"]), r["text"], r["position"]) for r in rows
    ]


@dataclass(frozen=True)
class HistoryEntry:
    release_id: str
    change: str
    title: str
    status: str
    recorded_at: datetime


async def history_of(db: asyncpg.Pool, system: CodeSystem, code: str) -> list[HistoryEntry]:
    rows = await db.fetch(
        "SELECT release_id, change, title, status, recorded_at FROM code_history"
        " WHERE system = $1 AND code = $2 ORDER BY id",
        system.value,
        code,
    )
    return [
        HistoryEntry(r["release_id"], r["change"], r["title"], r["status"], r["recorded_at"])
        for r in rows
    ]


async def neighbour(
    db: asyncpg.Pool, system: CodeSystem, code: str, *, after: bool
) -> StoredCode | None:
    """The code just before or after this one in code order, for range navigation."""
    comparison, order = (">", "ASC") if after else ("<", "DESC")
    row = await db.fetchrow(
        f"SELECT {_CODE_COLUMNS}, release_id FROM codes WHERE system = $1 AND code {comparison} $2"
        f" ORDER BY code {order} LIMIT 1",
        system.value,
        code,
    )
    return StoredCode(_code(row), row["release_id"]) if row else None


async def code_as_of(
    db: asyncpg.Pool, system: CodeSystem, code: str, on: date
) -> tuple[str, str, str, str] | None:
    """(title, short title, status, release id) of the code in the release in effect on
    the date, from its history; None if the code did not exist yet."""
    row = await db.fetchrow(
        "SELECT h.title, h.short_title, h.status, h.release_id FROM code_history h"
        " JOIN releases r ON r.id = h.release_id"
        " WHERE h.system = $1 AND h.code = $2 AND r.effective_date <= $3"
        " ORDER BY r.effective_date DESC, h.id DESC LIMIT 1",
        system.value,
        code,
        on,
    )
    if row is None:
        return None
    return row["title"], row["short_title"], row["status"], row["release_id"]


async def replace_guidelines(
    conn: asyncpg.Connection,
    system: CodeSystem,
    guidelines: Sequence[PcsGuideline],
    release_id: str,
) -> None:
    await conn.execute("DELETE FROM coding_guidelines WHERE system = $1", system.value)
    await conn.copy_records_to_table(
        "coding_guidelines",
        records=[
            (system.value, g.id, g.section, g.title, g.text, position, release_id)
            for position, g in enumerate(guidelines)
        ],
        columns=["system", "id", "section", "title", "text", "position", "release_id"],
    )


async def guidelines(db: asyncpg.Pool, system: CodeSystem, words: str | None) -> list[PcsGuideline]:
    rows = await db.fetch(
        "SELECT section, id, title, text FROM coding_guidelines WHERE system = $1"
        " AND ($2::text IS NULL OR to_tsvector('english', title || ' ' || text)"
        " @@ websearch_to_tsquery('english', $2)) ORDER BY position",
        system.value,
        words,
    )
    return [PcsGuideline(r["section"], r["id"], r["title"], r["text"]) for r in rows]
