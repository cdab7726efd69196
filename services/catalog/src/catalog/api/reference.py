"""Reference queries of the catalog subgraph: modifiers, places of service, coverage,
releases."""

from __future__ import annotations

from datetime import date
from typing import Self

import strawberry
from strawberry.types import Info

from atlaskit.errors import BadUserInput, NotFound
from atlaskit.schema_types import CodeSystem
from catalog.adapters import reference_repository as reference
from catalog.adapters import repository
from catalog.adapters.content_files import plain_descriptions
from catalog.adapters.edits_repository import release_in_effect
from catalog.api.page_types import PlainLanguage
from catalog.api.types import Release, catalog_context
from catalog.domain.reference import CoverageDocument, PlaceOfService
from catalog.domain.releases import Dataset


@strawberry.type(name="PlaceOfService", description="A CMS place-of-service code.")
class PlaceOfServiceType:
    code: str
    setting: str = strawberry.field(description="Facility or Non-Facility: which fee applies.")
    name: str
    description: str

    @classmethod
    def of(cls, pos: PlaceOfService) -> Self:
        return cls(code=pos.code, setting=pos.setting, name=pos.name, description=pos.description)


@strawberry.type(name="CoverageDocument", description="A Medicare LCD or billing article.")
class CoverageDocumentType:
    id: str
    kind: str
    version: int
    title: str
    contractor: str
    effective_date: date | None
    retirement_date: date | None
    url: str

    @classmethod
    def of(cls, doc: CoverageDocument) -> Self:
        return cls(
            id=doc.document_id,
            kind=doc.kind,
            version=doc.version,
            title=doc.title,
            contractor=doc.contractor,
            effective_date=doc.effective_date,
            retirement_date=doc.retirement_date,
            url=doc.url,
        )


@strawberry.type(description="One paragraph of a code set's official coding guidelines.")
class Guideline:
    section: str
    id: str
    title: str
    text: str


@strawberry.type(description="A HCPCS Level II or CPT modifier.")
class Modifier:
    code: str
    title: str | None = strawberry.field(description="The official HCPCS Level II text.")
    plain_language: PlainLanguage | None
    release_id: str | None


@strawberry.type
class ReferenceQuery:
    @strawberry.field(description="A modifier (25, 59, LT...) and what it means.")
    async def modifier(self, info: Info, code: str) -> Modifier:
        wanted = code.strip().upper()
        if not 1 <= len(wanted) <= 2 or not wanted.isalnum():
            raise BadUserInput(f"{code!r} is not a modifier: modifiers are two characters.")
        stored = await reference.modifier(catalog_context(info).pool, wanted)
        plain = plain_descriptions().get(wanted) if len(wanted) == 2 else None
        if stored is None and plain is None:
            raise NotFound(f"Modifier {wanted} is not in the catalog.")
        return Modifier(
            code=wanted,
            title=stored.title if stored else None,
            plain_language=PlainLanguage.of(plain) if plain else None,
            release_id=stored.release_id if stored else None,
        )

    @strawberry.field(description="Every CMS place-of-service code.")
    async def places_of_service(
        self, info: Info, date_of_service: date | None = None
    ) -> list[PlaceOfServiceType]:
        found = await reference.places_of_service(
            catalog_context(info).pool, date_of_service or date.today()
        )
        return [PlaceOfServiceType.of(p) for p in found]

    @strawberry.field(description="Medicare LCDs and billing articles whose title matches.")
    async def coverage_documents(
        self, info: Info, query: str, first: int = 10, date_of_service: date | None = None
    ) -> list[CoverageDocumentType]:
        if not query.strip() or len(query) > 200:
            raise BadUserInput("Give between 1 and 200 characters to look for.")
        found = await reference.coverage_documents(
            catalog_context(info).pool,
            query,
            date_of_service or date.today(),
            max(1, min(first, 50)),
        )
        return [CoverageDocumentType.of(d) for d in found]

    @strawberry.field(
        description="Official coding guideline paragraphs, optionally matching words."
    )
    async def guidelines(
        self, info: Info, system: CodeSystem, query: str | None = None
    ) -> list[Guideline]:
        if query is not None and (not query.strip() or len(query) > 200):
            raise BadUserInput("Give between 1 and 200 characters to look for.")
        found = await repository.guidelines(catalog_context(info).pool, system, query)
        return [Guideline(section=g.section, id=g.id, title=g.title, text=g.text) for g in found]

    @strawberry.field(
        description=(
            "The release of a dataset (NCCI-MUE, PFS-RVU, MSDRG-CC-MCC, POS...) in effect on"
            " the date of service (default today): the one a page's facts come from."
        )
    )
    async def release_in_effect(
        self, info: Info, dataset: str, date_of_service: date | None = None
    ) -> Release | None:
        try:
            wanted = Dataset(dataset.strip().upper())
        except ValueError as exc:
            known = ", ".join(d.value for d in Dataset)
            raise BadUserInput(f"There is no dataset {dataset!r}; use one of {known}.") from exc
        context = catalog_context(info)
        found = await release_in_effect(context.pool, wanted, date_of_service or date.today())
        stored = await context.releases.load(found) if found else None
        return Release.of(stored) if stored else None

    @strawberry.field(description="Releases imported, newest first per dataset.")
    async def releases(
        self, info: Info, system: CodeSystem | None = None, dataset: str | None = None
    ) -> list[Release]:
        """A code system's releases are those of its dataset (CPT, HCPCS, ICD10CM...)."""
        context = catalog_context(info)
        ids = await reference.release_ids(context.pool, system.value if system else dataset)
        stored = await context.releases.load_many(ids)
        return [Release.of(s) for s in stored if s is not None]
