"""NCCI edits in PostgreSQL: bulk loads by COPY, lookups by release and code."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import asyncpg

from catalog.domain.ncci import AddOnEdit, ModifierIndicator, Mue, MueAdjudication, PtpEdit
from catalog.domain.releases import Dataset

PTP_COLUMNS = (
    "release_id",
    "column1",
    "column2",
    "deletion_date",
    "modifier_indicator",
    "rationale",
)
MUE_COLUMNS = ("release_id", "code", "units", "adjudication", "rationale")
ADDON_COLUMNS = ("release_id", "primary_code", "addon_code", "edit_type")


async def copy_rows(
    conn: asyncpg.Connection, table: str, columns: Sequence[str], rows: Iterable[tuple[object, ...]]
) -> None:
    await conn.copy_records_to_table(table, records=rows, columns=list(columns))


async def delete_release_rows(conn: asyncpg.Connection, table: str, release_id: str) -> None:
    await conn.execute(f"DELETE FROM {table} WHERE release_id = $1", release_id)


async def release_in_effect(
    conn: asyncpg.Connection | asyncpg.Pool, dataset: Dataset, on: date
) -> str | None:
    """The newest release of the dataset that took effect on or before the date."""
    value = await conn.fetchval(
        "SELECT id FROM releases WHERE dataset = $1 AND effective_date <= $2"
        " ORDER BY effective_date DESC LIMIT 1",
        dataset.value,
        on,
    )
    return str(value) if value is not None else None


def _ptp(row: asyncpg.Record) -> PtpEdit:
    return PtpEdit(
        row["column1"],
        row["column2"],
        row["deletion_date"],
        ModifierIndicator(row["modifier_indicator"]),
        row["rationale"],
    )


async def ptp_edits_among(
    conn: asyncpg.Connection | asyncpg.Pool, release_id: str, codes: Sequence[str]
) -> list[PtpEdit]:
    rows = await conn.fetch(
        "SELECT column1, column2, deletion_date, modifier_indicator, rationale FROM ptp_edits"
        " WHERE release_id = $1 AND column1 = ANY($2::text[]) AND column2 = ANY($2::text[])",
        release_id,
        list(codes),
    )
    return [_ptp(row) for row in rows]


async def mues_for(
    conn: asyncpg.Connection | asyncpg.Pool, release_id: str, codes: Sequence[str]
) -> dict[str, Mue]:
    rows = await conn.fetch(
        "SELECT code, units, adjudication, rationale FROM mues"
        " WHERE release_id = $1 AND code = ANY($2::text[])",
        release_id,
        list(codes),
    )
    return {
        row["code"]: Mue(
            row["code"], row["units"], MueAdjudication(row["adjudication"]), row["rationale"]
        )
        for row in rows
    }


async def count_rows(conn: asyncpg.Connection | asyncpg.Pool, table: str, release_id: str) -> int:
    value = await conn.fetchval(f"SELECT count(*) FROM {table} WHERE release_id = $1", release_id)
    return int(value)


async def ptp_edits_of(
    conn: asyncpg.Connection | asyncpg.Pool,
    release_id: str,
    code: str,
    on: date,
    limit: int,
    offset: int,
) -> tuple[int, list[PtpEdit]]:
    """Edits in effect on the date that pair the code with another, either column."""
    in_effect = (
        "release_id = $1 AND (column1 = $2 OR column2 = $2) AND modifier_indicator <> 9"
        " AND (deletion_date IS NULL OR deletion_date >= $3)"
    )
    total = await conn.fetchval(
        f"SELECT count(*) FROM ptp_edits WHERE {in_effect}", release_id, code, on
    )
    rows = await conn.fetch(
        "SELECT column1, column2, deletion_date, modifier_indicator, rationale FROM ptp_edits"
        f" WHERE {in_effect} ORDER BY column1 <> $2, column1, column2 LIMIT $4 OFFSET $5",
        release_id,
        code,
        on,
        limit,
        offset,
    )
    return int(total), [_ptp(row) for row in rows]


async def addon_edits_of(
    conn: asyncpg.Connection | asyncpg.Pool, release_id: str, code: str, limit: int
) -> list[AddOnEdit]:
    """Edits where the code is the add-on (its primaries) or a primary (its add-ons)."""
    rows = await conn.fetch(
        "SELECT primary_code, addon_code, edit_type FROM addon_edits WHERE release_id = $1"
        " AND (addon_code = $2 OR primary_code = $2) ORDER BY addon_code <> $2, primary_code,"
        " addon_code LIMIT $3",
        release_id,
        code,
        limit,
    )
    return [AddOnEdit(r["primary_code"], r["addon_code"], r["edit_type"]) for r in rows]
