"""PostgreSQL: create a service's database when missing, apply numbered SQL migrations, pool."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg

from atlaskit.settings import database_url_with_name

log = logging.getLogger(__name__)

_MIGRATION_LOCK = 7_210_331


@dataclass(frozen=True)
class MigrationSource:
    """A folder of ``NNNN_name.sql`` files, applied in order under one namespace."""

    namespace: str
    folder: Path


def atlaskit_migrations() -> MigrationSource:
    folder = Path(str(resources.files("atlaskit").joinpath("migrations")))
    return MigrationSource("atlaskit", folder)


async def ensure_database(dsn: str) -> None:
    """Create the database named in ``dsn`` if the server does not have it yet."""
    name = urlsplit(dsn).path.lstrip("/")
    admin = await asyncpg.connect(database_url_with_name(dsn, "postgres"))
    try:
        exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            try:
                await admin.execute(f'CREATE DATABASE "{name}"')
                log.info("created database %s", name)
            except asyncpg.DuplicateDatabaseError:
                pass
    finally:
        await admin.close()


async def drop_database(dsn: str) -> None:
    name = urlsplit(dsn).path.lstrip("/")
    admin = await asyncpg.connect(database_url_with_name(dsn, "postgres"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def apply_migrations(dsn: str, sources: list[MigrationSource]) -> list[str]:
    """Apply every migration not yet recorded; returns the names applied now."""
    conn = await asyncpg.connect(dsn)
    applied_now: list[str] = []
    try:
        await conn.execute("SELECT pg_advisory_lock($1)", _MIGRATION_LOCK)
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        done = {r["name"] for r in await conn.fetch("SELECT name FROM schema_migrations")}
        for source in sources:
            for path in sorted(source.folder.glob("*.sql")):
                name = f"{source.namespace}:{path.name}"
                if name in done:
                    continue
                async with conn.transaction():
                    await conn.execute(path.read_text(encoding="utf-8"))
                    await conn.execute("INSERT INTO schema_migrations (name) VALUES ($1)", name)
                applied_now.append(name)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", _MIGRATION_LOCK)
        await conn.close()
    return applied_now


async def prepare_database(dsn: str, sources: list[MigrationSource]) -> None:
    await ensure_database(dsn)
    await apply_migrations(dsn, [atlaskit_migrations(), *sources])


async def create_pool(dsn: str, *, min_size: int = 1, max_size: int = 10) -> asyncpg.Pool:
    pool = await asyncpg.create_pool(dsn, min_size=min_size, max_size=max_size)
    assert pool is not None
    return pool
