"""The search index's database for integration tests: migrated once per module, and a
connection whose transaction is rolled back after each test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from devstack.infra import Infrastructure
from devstack.testing import migrated_pool, rolled_back
from search.app import MIGRATIONS
from search.settings import SearchSettings


@pytest.fixture(scope="module")
async def search_db(infra: Infrastructure) -> AsyncIterator[asyncpg.Pool]:
    async with migrated_pool(SearchSettings().dsn, [MIGRATIONS]) as pool:
        yield pool


@pytest.fixture
async def conn(search_db: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    """A connection in a transaction rolled back after the test, so each test starts empty."""
    async with rolled_back(search_db) as connection:
        yield connection
