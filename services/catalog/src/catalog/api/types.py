"""The catalog's GraphQL types: the Code entity and its release."""

from __future__ import annotations

from datetime import date, datetime
from typing import Self

import strawberry
from strawberry.types import Info

from atlaskit.errors import BadUserInput
from atlaskit.schema_types import CodeSystem
from catalog import code_pages
from catalog.adapters import repository
from catalog.adapters.content_files import plain_descriptions
from catalog.adapters.edits_repository import addon_edits_of, ptp_edits_of, release_in_effect
from catalog.adapters.reference_repository import licensed_descriptor, severity_level
from catalog.adapters.repository import StoredCode, StoredRelease
from catalog.api.context import CatalogContext
from catalog.api.page_types import (
    AddOnCodeEdit,
    CodeGroupType,
    CodeHistoryEntry,
    CodeNoteType,
    FeeScheduleEntry,
    HcpcsDetails,
    MueLimit,
    OfficialDescriptor,
    PlainLanguage,
    PtpEditPage,
    PtpEditType,
)
from catalog.domain.access import PageAccess
from catalog.domain.codes import Code as DomainCode
from catalog.domain.codes import CodeStatus
from catalog.domain.cpt import LICENSE_NOTICE
from catalog.domain.pages import BadCursor, cursor_after, offset_of
from catalog.domain.releases import Dataset

strawberry.enum(CodeStatus, description="Whether a code is active.")


def catalog_context(info: Info) -> CatalogContext:
    context: CatalogContext = info.context["catalog"]
    return context


def _gated(description: str) -> str:
    return (
        f"{description} Gated: null, with an error whose extensions.code is CODE_PAGE_LOCKED"
        " and whose message is the plan's reason, when the viewer has no views left."
    )


async def _open(info: Info, page: Code) -> None:
    """Raises the locked section's error unless the viewer may read ``page``'s gated part."""
    await catalog_context(info).opened(page.system, page.code)


@strawberry.type(description="Whether a code page's gated sections are open to the viewer.")
class CodePageAccess:
    locked: bool
    reason: str | None = strawberry.field(description="Why it is locked, for the viewer.")
    error_code: str | None = strawberry.field(description="The locked sections' error code.")
    views_used: int | None
    views_limit: int | None = strawberry.field(description="Null: unlimited.")
    views_remaining: int | None

    @classmethod
    def of(cls, access: PageAccess) -> Self:
        return cls(
            locked=not access.opened,
            reason=access.reason,
            error_code=access.refusal,
            views_used=access.used,
            views_limit=access.limit,
            views_remaining=access.remaining,
        )


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
    domain: strawberry.Private[DomainCode]

    @strawberry.field(
        description="Whether the viewer may read this page's gated sections; asking counts a"
        " view, as opening any gated section does (once per code per operation)."
    )
    async def access(self, info: Info) -> CodePageAccess:
        return CodePageAccess.of(await catalog_context(info).access.load((self.system, self.code)))

    @strawberry.field(description="The release this code's current text comes from.")
    async def release(self, info: Info) -> Release | None:
        stored = await catalog_context(info).releases.load(self.release_id)
        return Release.of(stored) if stored else None

    @strawberry.field(description=_gated("Coverage, BETOS and action code of a HCPCS code."))
    async def hcpcs(self, info: Info) -> HcpcsDetails | None:
        await _open(info, self)
        if self.system is not CodeSystem.HCPCS:
            return None
        return HcpcsDetails.of(dict(self.domain.attributes))

    @strawberry.field(description="The code above this one (E11 for E11.9).")
    async def parent(self, info: Info) -> Code | None:
        if self.domain.parent is None:
            return None
        stored = await catalog_context(info).codes.load((self.system, self.domain.parent))
        return Code.of(stored) if stored else None

    @strawberry.field(description="The codes directly under this one.")
    async def children(self, info: Info, first: int = 100) -> list[Code]:
        found = await repository.children_of(
            catalog_context(info).pool, self.system, self.code, max(1, min(first, 500))
        )
        return [Code.of(child) for child in found]

    @strawberry.field(description="The other codes under the same parent.")
    async def siblings(self, info: Info, first: int = 100) -> list[Code]:
        if self.domain.parent is None:
            return []
        found = await repository.children_of(
            catalog_context(info).pool, self.system, self.domain.parent, max(1, min(first, 500))
        )
        return [Code.of(s) for s in found if s.code.code != self.code]

    @strawberry.field(description="The code before this one, in code order.")
    async def previous(self, info: Info) -> Code | None:
        found = await repository.neighbour(
            catalog_context(info).pool, self.system, self.code, after=False
        )
        return Code.of(found) if found else None

    @strawberry.field(description="The code after this one, in code order.")
    async def next(self, info: Info) -> Code | None:
        found = await repository.neighbour(
            catalog_context(info).pool, self.system, self.code, after=True
        )
        return Code.of(found) if found else None

    @strawberry.field(description="The block (range of categories) the code sits in.")
    async def block(self, info: Info) -> CodeGroupType | None:
        found = await code_pages.block_of(catalog_context(info).pool, self.domain)
        return CodeGroupType.of(found) if found else None

    @strawberry.field(description="The chapter the code sits in.")
    async def chapter(self, info: Info) -> CodeGroupType | None:
        found = await code_pages.chapter_of(catalog_context(info).pool, self.domain)
        return CodeGroupType.of(found) if found else None

    @strawberry.field(description=_gated("Instructional notes: includes, excludes1/2..."))
    async def notes(self, info: Info) -> list[CodeNoteType] | None:
        await _open(info, self)
        found = await repository.notes_on(catalog_context(info).pool, self.system, self.code)
        return [CodeNoteType.of(note) for note in found]

    @strawberry.field(description=_gated("Our own plain-language description, if written."))
    async def plain_language(self, info: Info) -> PlainLanguage | None:
        await _open(info, self)
        found = plain_descriptions().get(self.code) if self.system is CodeSystem.CPT else None
        return PlainLanguage.of(found) if found else None

    @strawberry.field(description=_gated("The official descriptor, or why it needs a license."))
    async def official_descriptor(
        self, info: Info, date_of_service: date | None = None
    ) -> OfficialDescriptor | None:
        await _open(info, self)
        if self.system is not CodeSystem.CPT:
            return OfficialDescriptor(text=self.title, licensed=False, notice=None)
        text = await licensed_descriptor(
            catalog_context(info).pool, self.code, date_of_service or date.today()
        )
        if text is None:
            return OfficialDescriptor(text=None, licensed=False, notice=LICENSE_NOTICE)
        return OfficialDescriptor(text=text, licensed=True, notice=None)

    @strawberry.field(description=_gated("The NCCI MUE on the date of service (default today)."))
    async def mue(self, info: Info, date_of_service: date | None = None) -> MueLimit | None:
        await _open(info, self)
        on = date_of_service or date.today()
        found = await code_pages.mue_of(catalog_context(info).pool, self.code, on)
        return MueLimit.of(found) if found else None

    @strawberry.field(description=_gated("PFS RVUs and fees, national and for one locality."))
    async def fees(
        self, info: Info, locality: str | None = None, date_of_service: date | None = None
    ) -> list[FeeScheduleEntry] | None:
        await _open(info, self)
        on = date_of_service or date.today()
        try:
            rows = await code_pages.fees_of(catalog_context(info).pool, self.code, on, locality)
        except code_pages.UnknownLocality as exc:
            raise BadUserInput(
                f"There is no Medicare locality {locality!r}; see the localities query."
            ) from exc
        return [FeeScheduleEntry.of(entry, national, local) for entry, national, local in rows]

    @strawberry.field(description=_gated("NCCI PTP edits pairing this code, on the date."))
    async def ncci_edits(
        self,
        info: Info,
        date_of_service: date | None = None,
        first: int = 25,
        after: str | None = None,
    ) -> PtpEditPage | None:
        if not 1 <= first <= 100:
            raise BadUserInput("first must be between 1 and 100.")
        try:
            offset = offset_of(after)
        except BadCursor as exc:
            raise BadUserInput(str(exc)) from exc
        await _open(info, self)
        on = date_of_service or date.today()
        pool = catalog_context(info).pool
        release = await release_in_effect(pool, Dataset.NCCI_PTP, on)
        if release is None:
            return PtpEditPage(total_count=0, edits=[], next_cursor=None)
        total, found = await ptp_edits_of(pool, release, self.code, on, first, offset)
        following = offset + len(found)
        return PtpEditPage(
            total_count=total,
            edits=[PtpEditType.of(edit, on) for edit in found],
            next_cursor=cursor_after(following) if following < total else None,
        )

    @strawberry.field(description=_gated("NCCI add-on code edits naming this code."))
    async def add_on_edits(
        self, info: Info, date_of_service: date | None = None, first: int = 100
    ) -> list[AddOnCodeEdit] | None:
        await _open(info, self)
        pool = catalog_context(info).pool
        release = await release_in_effect(pool, Dataset.NCCI_ADDON, date_of_service or date.today())
        if release is None:
            return []
        found = await addon_edits_of(pool, release, self.code, max(1, min(first, 500)))
        return [
            AddOnCodeEdit(
                primary_code=e.primary_code, add_on_code=e.addon_code, edit_type=e.edit_type
            )
            for e in found
        ]

    @strawberry.field(description=_gated("MS-DRG severity of an ICD-10-CM code: CC, MCC, null."))
    async def cc_mcc(self, info: Info, date_of_service: date | None = None) -> str | None:
        await _open(info, self)
        if self.system is not CodeSystem.ICD10CM:
            return None
        return await severity_level(
            catalog_context(info).pool, self.code, date_of_service or date.today()
        )

    @strawberry.field(description=_gated("Every change releases made to this code."))
    async def history(self, info: Info) -> list[CodeHistoryEntry] | None:
        await _open(info, self)
        found = await repository.history_of(catalog_context(info).pool, self.system, self.code)
        return [CodeHistoryEntry.of(entry) for entry in found]

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
            domain=code,
        )

    @classmethod
    def as_of(
        cls, stored: StoredCode, title: str, short_title: str, status: CodeStatus, release_id: str
    ) -> Self:
        """The code as a past release described it."""
        page = cls.of(stored)
        page.title, page.short_title, page.status, page.release_id = (
            title,
            short_title,
            status,
            release_id,
        )
        return page

    @classmethod
    async def resolve_reference(cls, info: Info, system: str, code: str) -> Self | None:
        stored = await catalog_context(info).codes.load((CodeSystem(system), code))
        return cls.of(stored) if stored else None
