"""Lookups in the reference tables, each in the release in effect on a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeAlias

import asyncpg

from catalog.adapters.edits_repository import release_in_effect
from catalog.domain.reference import CoverageDocument, PlaceOfService
from catalog.domain.releases import Dataset

Database: TypeAlias = asyncpg.Connection | asyncpg.Pool


@dataclass(frozen=True)
class StoredModifier:
    code: str
    short_title: str
    title: str
    release_id: str


async def places_of_service(db: Database, on: date) -> list[PlaceOfService]:
    release = await release_in_effect(db, Dataset.PLACE_OF_SERVICE, on)
    rows = await db.fetch(
        "SELECT code, setting, name, description FROM places_of_service"
        " WHERE release_id = $1 ORDER BY code",
        release,
    )
    return [PlaceOfService(r["code"], r["setting"], r["name"], r["description"]) for r in rows]


async def severity_level(db: Database, code: str, on: date) -> str | None:
    release = await release_in_effect(db, Dataset.MSDRG_CC_MCC, on)
    value = await db.fetchval(
        "SELECT level FROM severity_designations WHERE release_id = $1 AND code = $2",
        release,
        code,
    )
    return str(value) if value is not None else None


async def coverage_documents(
    db: Database, words: str, on: date, limit: int
) -> list[CoverageDocument]:
    release = await release_in_effect(db, Dataset.COVERAGE_INDEX, on)
    rows = await db.fetch(
        "SELECT document_id, kind, version, title, contractor, effective_date, retirement_date,"
        " url FROM coverage_documents, websearch_to_tsquery('english', $2) AS query"
        " WHERE release_id = $1 AND to_tsvector('english', title) @@ query"
        " ORDER BY ts_rank(to_tsvector('english', title), query) DESC, document_id LIMIT $3",
        release,
        words,
        limit,
    )
    return [
        CoverageDocument(
            r["document_id"],
            r["kind"],
            r["version"],
            r["title"],
            r["contractor"],
            r["effective_date"],
            r["retirement_date"],
            r["url"],
        )
        for r in rows
    ]


async def modifier(db: Database, code: str) -> StoredModifier | None:
    row = await db.fetchrow(
        "SELECT code, short_title, title, release_id FROM modifiers WHERE code = $1", code
    )
    if row is None:
        return None
    return StoredModifier(row["code"], row["short_title"], row["title"], row["release_id"])


async def release_ids(db: Database, dataset: str | None) -> list[str]:
    rows = await db.fetch(
        "SELECT id FROM releases WHERE $1::text IS NULL OR dataset = $1"
        " ORDER BY dataset, effective_date DESC",
        dataset,
    )
    return [r["id"] for r in rows]


async def licensed_descriptor(db: Database, code: str, on: date) -> str | None:
    release = await release_in_effect(db, Dataset.CPT_LICENSED_DESCRIPTORS, on)
    if release is None:
        return None
    value = await db.fetchval(
        "SELECT descriptor FROM licensed_descriptors WHERE release_id = $1 AND code = $2",
        release,
        code,
    )
    return str(value) if value is not None else None
