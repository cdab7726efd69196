"""The catalog subgraph: code lookup and editorial revisions."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from atlaskit.errors import BadUserInput, NotFound, ProtectErrors, Unauthenticated
from atlaskit.schema_types import CodeSystem
from catalog.adapters import repository
from catalog.adapters.edits_repository import release_in_effect
from catalog.adapters.fees_repository import gpcis
from catalog.api.ncci import NcciCheck
from catalog.api.page_types import Locality
from catalog.api.reference import ReferenceQuery
from catalog.api.types import Code, catalog_context
from catalog.claims import InvalidClaim, check_claim
from catalog.domain.codes import CodeStatus, MalformedCode, normalize_code
from catalog.domain.releases import Dataset
from catalog.editing import UnknownCode, revise_titles


def _normalized(system: CodeSystem, code: str) -> str:
    try:
        return normalize_code(system, code)
    except MalformedCode as exc:
        raise BadUserInput(f"{exc}.") from exc


@strawberry.type
class Query(ReferenceQuery):
    @strawberry.field(description="One code page by code system and code, e.g. HCPCS K0001.")
    async def code(
        self, info: Info, system: CodeSystem, code: str, as_of: date | None = None
    ) -> Code:
        normalized = _normalized(system, code)
        context = catalog_context(info)
        stored = await context.codes.load((system, normalized))
        if stored is None:
            raise NotFound(f"{system.value} code {normalized} is not in the catalog.")
        if as_of is None:
            return Code.of(stored)
        then = await repository.code_as_of(context.pool, system, normalized, as_of)
        if then is None:
            raise NotFound(f"{system.value} code {normalized} did not exist on {as_of}.")
        title, short_title, status, release_id = then
        return Code.as_of(stored, title, short_title, CodeStatus(status), release_id)

    @strawberry.field(
        description="Check a claim's codes against NCCI PTP edits and MUEs on a date of service."
    )
    async def ncci_check(self, info: Info, codes: list[str], date_of_service: date) -> NcciCheck:
        try:
            check = await check_claim(catalog_context(info).pool, codes, date_of_service)
        except InvalidClaim as exc:
            raise BadUserInput(str(exc)) from exc
        return NcciCheck.of(check)

    @strawberry.field(description="Medicare PFS localities with their GPCIs, for fee lookups.")
    async def localities(self, info: Info, date_of_service: date | None = None) -> list[Locality]:
        pool = catalog_context(info).pool
        release = await release_in_effect(pool, Dataset.PFS_GPCI, date_of_service or date.today())
        return [Locality.of(g) for g in await gpcis(pool, release)] if release else []


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Revise a code's titles (editors only); emits an event.")
    async def revise_code(
        self,
        info: Info,
        system: CodeSystem,
        code: str,
        title: str,
        short_title: str | None = None,
    ) -> Code:
        context = catalog_context(info)
        if not context.is_editor:
            raise Unauthenticated("Revising a code needs an editor token.")
        if not title.strip() or len(title) > 2000:
            raise BadUserInput("A title must have between 1 and 2000 characters.")
        normalized = _normalized(system, code)
        try:
            stored = await revise_titles(
                context.pool, context.settings, system, normalized, title.strip(), short_title
            )
        except UnknownCode as exc:
            raise NotFound(f"{system.value} code {normalized} is not in the catalog.") from exc
        return Code.of(stored)


schema = strawberry.federation.Schema(
    query=Query, mutation=Mutation, types=[Code], extensions=[ProtectErrors]
)
