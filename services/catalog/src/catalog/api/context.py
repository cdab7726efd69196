"""What every catalog resolver can reach: the pool, settings, per-request loaders of codes,
releases and of the viewer's access to each code page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import asyncpg
from strawberry.dataloader import DataLoader

from atlaskit.errors import UNAUTHENTICATED, AtlasError
from atlaskit.viewer import InvalidViewerContext, ViewerKind, verify_viewer
from catalog.adapters import repository
from catalog.adapters.repository import StoredCode, StoredRelease
from catalog.adapters.view_quota import (
    MAX_PAGES_PER_CALL,
    MeteringUnavailable,
    ViewerRefused,
    ViewQuota,
)
from catalog.domain.access import LOCKED, PageAccess
from catalog.domain.codes import CodeSystem
from catalog.settings import CatalogSettings

CodeKey = tuple[CodeSystem, str]


@dataclass
class CatalogContext:
    pool: asyncpg.Pool
    settings: CatalogSettings
    authorization: str | None
    quota: ViewQuota
    viewer_header: str | None = None
    codes: DataLoader[CodeKey, StoredCode | None] = field(init=False)
    releases: DataLoader[str, StoredRelease | None] = field(init=False)
    access: DataLoader[CodeKey, PageAccess] = field(init=False)

    def __post_init__(self) -> None:
        self.codes = DataLoader(load_fn=self._load_codes)
        self.releases = DataLoader(load_fn=self._load_releases)
        # Every gated section of every code in one operation shares one decision per code,
        # asked in batches: 20 aliases are one call that counts 20 pages.
        self.access = DataLoader(load_fn=self._decide_access, max_batch_size=MAX_PAGES_PER_CALL)

    @property
    def is_editor(self) -> bool:
        return self.authorization == f"Bearer {self.settings.editor_token}"

    async def opened(self, system: CodeSystem, code: str) -> PageAccess:
        """The page's access; raises the locked section's error when it is not open."""
        access = await self.access.load((system, code))
        if not access.opened:
            raise AtlasError(access.refusal or LOCKED, access.reason or "This code page is locked.")
        return access

    async def _load_codes(self, keys: list[CodeKey]) -> list[StoredCode | None]:
        found = await repository.find_codes(self.pool, keys)
        return [found.get(key) for key in keys]

    async def _load_releases(self, ids: list[str]) -> list[StoredRelease | None]:
        found = await repository.find_releases(self.pool, ids)
        return [found.get(i) for i in ids]

    async def _decide_access(self, pages: list[CodeKey]) -> list[PageAccess]:
        # Checked here too, not only by quota: a forged context never reaches the meter.
        try:
            viewer = verify_viewer(
                self.settings.viewer_context_secret, self.viewer_header, datetime.now(UTC)
            )
        except InvalidViewerContext as exc:
            return [PageAccess.without_viewer(str(exc))] * len(pages)
        if viewer.kind is ViewerKind.SERVICE:
            return [PageAccess.for_service()] * len(pages)
        assert self.viewer_header is not None  # verified above
        try:
            return await self.quota.decide(self.viewer_header, pages)
        except ViewerRefused as exc:
            return [PageAccess(False, UNAUTHENTICATED, str(exc))] * len(pages)
        except MeteringUnavailable:
            return [PageAccess.unmetered()] * len(pages)

    def as_dict(self) -> dict[str, Any]:
        return {"catalog": self}
