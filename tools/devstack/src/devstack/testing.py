"""Helpers tests of every service share: catalog events as the catalog sends them, and
databases that start empty."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

from atlaskit.db import MigrationSource, create_pool, prepare_database
from atlaskit.events import Envelope
from atlaskit.events.topics import CATALOG_CODES, CODE_CHANGED
from atlaskit.kafka import create_producer
from atlaskit.settings import AtlasSettings


def code_changed(
    code: str,
    title: str,
    *,
    system: str = "HCPCS",
    status: str = "active",
    change: str = "added",
    release_id: str = "HCPCS-2025-10-01",
    billable: bool = True,
    terms: tuple[str, ...] = (),
    effective_date: str = "2025-10-01",
) -> Envelope:
    """A ``catalog.code.changed`` event, valid against its schema."""
    return Envelope(
        type=CODE_CHANGED,
        source="catalog",
        subject=f"{system}:{code}",
        schema_version=2,
        data={
            "system": system,
            "code": code,
            "change": change,
            "shortTitle": title[:28],
            "title": title,
            "status": status,
            "billable": billable,
            "effectiveDate": effective_date,
            "terminationDate": "2025-10-01" if status == "terminated" else None,
            "terms": list(terms),
            "releaseId": release_id,
        },
    )


@asynccontextmanager
async def migrated_pool(dsn: str, migrations: list[MigrationSource]) -> AsyncIterator[asyncpg.Pool]:
    await prepare_database(dsn, migrations)
    pool = await create_pool(dsn)
    try:
        yield pool
    finally:
        await pool.close()


@asynccontextmanager
async def rolled_back(pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    """A connection in a transaction that is rolled back, so each test starts empty."""
    async with pool.acquire() as connection:
        transaction = connection.transaction()
        await transaction.start()
        try:
            yield connection
        finally:
            await transaction.rollback()


async def publish_code_change(settings: AtlasSettings, event: Envelope) -> None:
    """Sends a code event to the catalog's topic, as the catalog's relay would."""
    producer = create_producer(settings)
    await producer.start()
    try:
        await producer.send_and_wait(
            settings.topic(CATALOG_CODES), event.to_json(), key=event.subject.encode()
        )
    finally:
        await producer.stop()
