"""Pytest fixtures: real infrastructure (given or embedded) and the whole running stack.

Each test session uses its own database prefix and topic prefix, so a run never touches
another run's data, even against a shared PostgreSQL and broker.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from devstack.infra import Infrastructure, infrastructure, remove_workdir
from devstack.processes import ProcessGroup
from devstack.stack import UNLIMITED, RunningStack, StackOptions, running_stack


@pytest.fixture(scope="session")
def run_prefix() -> str:
    return f"t{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="codeatlas-test-"))
    yield folder
    remove_workdir(folder)


@pytest.fixture(scope="session")
def infra(workdir: Path, run_prefix: str) -> Iterator[Infrastructure]:
    """Real PostgreSQL, Redis and broker; the environment points every setting at them."""
    group = ProcessGroup(workdir / "infra-logs")
    with infrastructure(workdir, group) as started:
        previous = dict(os.environ)
        os.environ.update(
            {
                **started.env(),
                "CODEATLAS_DATABASE_PREFIX": run_prefix,
                "KAFKA_TOPIC_PREFIX": run_prefix,
                "KAFKA_SESSION_TIMEOUT_MS": "6000",
                "CODEATLAS_SPAN_DIR": str(workdir / "spans"),
            }
        )
        try:
            yield started
        finally:
            _drop_run_databases(started, run_prefix)
            os.environ.clear()
            os.environ.update(previous)


@pytest.fixture(scope="session")
def stack(infra: Infrastructure, workdir: Path) -> Iterator[RunningStack]:
    """Every service and the gateway as real processes on free ports, demo data loaded."""
    folder = workdir / "stack"
    folder.mkdir()
    with running_stack(folder, StackOptions.on_free_ports(env=UNLIMITED)) as running:
        yield running


def _drop_run_databases(started: Infrastructure, prefix: str) -> None:
    if "postgres" in started.started:
        return
    import asyncio

    import asyncpg

    async def drop() -> None:
        conn = await asyncpg.connect(started.database_url)
        try:
            names = await conn.fetch(
                "SELECT datname FROM pg_database WHERE datname LIKE $1", f"{prefix}\\_%"
            )
            for row in names:
                await conn.execute(f'DROP DATABASE IF EXISTS "{row["datname"]}" WITH (FORCE)')
        finally:
            await conn.close()

    asyncio.run(drop())
