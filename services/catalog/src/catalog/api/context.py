"""What every catalog resolver can reach: the pool, settings, a per-request code loader."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import asyncpg
from strawberry.dataloader import DataLoader

from catalog.adapters import repository
from catalog.adapters.repository import StoredCode, StoredRelease
from catalog.domain.codes import CodeSystem
from catalog.settings import CatalogSettings

CodeKey = tuple[CodeSystem, str]


@dataclass
class CatalogContext:
    pool: asyncpg.Pool
    settings: CatalogSettings
    authorization: str | None
    codes: DataLoader[CodeKey, StoredCode | None] = field(init=False)
    releases: DataLoader[str, StoredRelease | None] = field(init=False)

    def __post_init__(self) -> None:
        self.codes = DataLoader(load_fn=self._load_codes)
        self.releases = DataLoader(load_fn=self._load_releases)

    @property
    def is_editor(self) -> bool:
        return self.authorization == f"Bearer {self.settings.editor_token}"

    async def _load_codes(self, keys: list[CodeKey]) -> list[StoredCode | None]:
        found = await repository.find_codes(self.pool, keys)
        return [found.get(key) for key in keys]

    async def _load_releases(self, ids: list[str]) -> list[StoredRelease | None]:
        found = await repository.find_releases(self.pool, ids)
        return [found.get(i) for i in ids]

    def as_dict(self) -> dict[str, Any]:
        return {"catalog": self}
