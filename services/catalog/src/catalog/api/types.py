"""The catalog's GraphQL types: the Code entity and its release."""

from __future__ import annotations

from datetime import date, datetime
from typing import Self

import strawberry
from strawberry.types import Info

from atlaskit.schema_types import CodeSystem
from catalog.adapters.repository import StoredCode, StoredRelease
from catalog.api.context import CatalogContext
from catalog.domain.codes import CodeStatus

strawberry.enum(CodeStatus, description="Whether a code is active.")


def catalog_context(info: Info) -> CatalogContext:
    context: CatalogContext = info.context["catalog"]
    return context


@strawberry.type(description="One import of one code set's official file.")
class Release:
    id: strawberry.ID
    dataset: str
    system: CodeSystem | None
    name: str
    effective_date: date
    source_file: str
    imported_at: datetime

    @classmethod
    def of(cls, stored: StoredRelease) -> Self:
        release = stored.release
        return cls(
            id=strawberry.ID(release.id),
            dataset=release.dataset.value,
            system=release.system,
            name=release.name,
            effective_date=release.effective_date,
            source_file=release.source_file,
            imported_at=stored.imported_at,
        )


@strawberry.federation.type(keys=["system code"], description="A code page's public fields.")
class Code:
    system: CodeSystem
    code: str
    title: str = strawberry.field(description="The long descriptor (public for HCPCS).")
    short_title: str
    status: CodeStatus
    billable: bool
    effective_date: date | None
    termination_date: date | None
    release_id: strawberry.Private[str]

    @strawberry.field(description="The release this code's current text comes from.")
    async def release(self, info: Info) -> Release | None:
        stored = await catalog_context(info).releases.load(self.release_id)
        return Release.of(stored) if stored else None

    @classmethod
    def of(cls, stored: StoredCode) -> Self:
        code = stored.code
        return cls(
            system=code.system,
            code=code.code,
            title=code.title,
            short_title=code.short_title,
            status=code.status,
            billable=code.billable,
            effective_date=code.effective_date,
            termination_date=code.termination_date,
            release_id=stored.release_id,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, system: str, code: str) -> Self | None:
        stored = await catalog_context(info).codes.load((CodeSystem(system), code))
        return cls.of(stored) if stored else None
