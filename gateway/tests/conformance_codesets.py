"""Four small subgraphs that exercise Federation v2 directives through the gateway.

``catalog`` owns code sets (keyed by ``id`` and by ``system version``), payers and PTP edits
(keyed by ``id payer { id }``); ``pricing`` prices code sets with ``@requires`` and lists
contracts whose payer name it ``@provides``; ``notes`` keys code sets by ``system version``,
takes over ``title`` with ``@override`` and explains edits; ``search`` returns code sets and
payers through a union and an interface, and says which type a ``Reference`` is. A
``Rendezvous`` in each request's context lets a test hold a resolver until another subgraph has
been reached. ``citations`` counts citations of any ``Reference`` through ``@interfaceObject``
and lists the most cited ones, not knowing which are code sets and which payers.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError
from strawberry.federation.schema_directives import (
    External,
    Key,
    Override,
    Requires,
    Shareable,
)
from strawberry.federation.types import FieldSet
from strawberry.types import Info

BROKEN_NOTES_VERSION = "2024"
REGION_RATES = {"east": 3, "west": 5}
CODE_COUNTS = {
    (code_set, status): count
    for code_set, active, deleted in (("cs1", 900, 100), ("cs2", 750, 250), ("cs3", 700, 300))
    for status, count in (("active", active), ("deleted", deleted))
}


@dataclass
class Rendezvous:
    """Events a test sets to release (or never release) resolvers waiting on them."""

    reached: dict[str, asyncio.Event] = field(default_factory=dict)
    notes_released: asyncio.Event = field(default_factory=asyncio.Event)

    async def meet(self, arriving: str, awaited: str) -> str:
        """Says ``arriving`` is here, then waits (five seconds at most) for ``awaited``."""
        self.reached.setdefault(arriving, asyncio.Event()).set()
        await asyncio.wait_for(self.reached.setdefault(awaited, asyncio.Event()).wait(), 5)
        return f"{arriving} met {awaited}"


def _rendezvous(info: Info[Any, Any]) -> Rendezvous:
    rendezvous: Rendezvous = info.context["rendezvous"]
    return rendezvous


@dataclass(frozen=True)
class CodeSetRecord:
    id: str
    system: str
    version: str
    effective_year: int
    title: str


CODE_SETS = [
    CodeSetRecord("cs1", "CPT", "2025", 2025, "CPT 2025"),
    CodeSetRecord("cs2", "HCPCS", "2025Q1", 2025, "HCPCS 2025 Q1"),
    CodeSetRecord("cs3", "ICD10CM", BROKEN_NOTES_VERSION, 2024, "ICD-10-CM 2024"),
]
PAYERS = {"p1": ("Medicare", "national", 0), "p2": ("Acme Health", "east", 7)}
EDITS = {("e1", "p1"): ("99213", "36415"), ("e2", "p2"): ("97110", "97140")}


def _code_set(**representation: Any) -> CodeSetRecord | None:
    for record in CODE_SETS:
        if representation.get("id") == record.id or (
            representation.get("system") == record.system
            and representation.get("version") == record.version
        ):
            return record
    return None


# catalog ----------------------------------------------------------------------------------


@strawberry.federation.type(name="CodeSet", keys=["id", "system version"])
class CatalogCodeSet:
    id: strawberry.ID
    system: str
    version: str
    effective_year: int
    title: str
    internal_note: str = strawberry.federation.field(inaccessible=True, default="draft")

    @strawberry.field
    def code_count(self, status: str) -> int:
        return CODE_COUNTS[(str(self.id), status)]

    @classmethod
    def of(cls, record: CodeSetRecord) -> CatalogCodeSet:
        fields = {k: v for k, v in vars(record).items() if k != "id"}
        return cls(id=strawberry.ID(record.id), **fields)

    @classmethod
    def resolve_reference(cls, **representation: Any) -> CatalogCodeSet | None:
        record = _code_set(**representation)
        return cls.of(record) if record else None


@strawberry.federation.type(name="Payer", keys=["id"])
class CatalogPayer:
    id: strawberry.ID
    name: str = strawberry.federation.field(shareable=True)
    region: str

    @classmethod
    def resolve_reference(cls, id: str) -> CatalogPayer:
        name, region, _ = PAYERS[id]
        return cls(id=strawberry.ID(id), name=name, region=region)


@strawberry.federation.type(name="PtpEdit", keys=["id payer { id }"])
class CatalogPtpEdit:
    id: strawberry.ID
    payer: CatalogPayer
    column1: str
    column2: str

    @classmethod
    def resolve_reference(cls, id: str, payer: dict[str, str]) -> CatalogPtpEdit:
        column1, column2 = EDITS[(id, payer["id"])]
        return cls(
            id=strawberry.ID(id),
            payer=CatalogPayer.resolve_reference(payer["id"]),
            column1=column1,
            column2=column2,
        )


@strawberry.type(name="Query")
class CatalogQuery:
    @strawberry.field
    def code_sets(self) -> list[CatalogCodeSet]:
        return [CatalogCodeSet.of(record) for record in CODE_SETS]

    @strawberry.field
    def code_set(self, id: strawberry.ID) -> CatalogCodeSet | None:
        if id == "broken":
            raise GraphQLError("The code set is being republished.", extensions={"code": "GONE"})
        return CatalogCodeSet.resolve_reference(id=id)

    @strawberry.field(directives=[Shareable()])
    def payers(self) -> list[CatalogPayer]:
        return [CatalogPayer.resolve_reference(id) for id in PAYERS]

    @strawberry.field
    def edits(self) -> list[CatalogPtpEdit]:
        return [CatalogPtpEdit.resolve_reference(id, {"id": payer}) for id, payer in EDITS]

    @strawberry.field
    async def catalog_handshake(self, info: Info[Any, Any]) -> str:
        return await _rendezvous(info).meet("catalog", "pricing")


# pricing ----------------------------------------------------------------------------------


@strawberry.federation.type(name="CodeSet", keys=["id"])
class PricingCodeSet:
    id: strawberry.ID
    effective_year: int = strawberry.federation.field(external=True, default=0)
    active_codes: strawberry.Private[int] = 0

    @strawberry.field(directives=[Requires(fields=FieldSet("effectiveYear"))])
    def fee(self, region: str) -> int:
        return self.effective_year * REGION_RATES[region]

    @strawberry.field(directives=[External()])
    def code_count(self, status: str) -> int:
        return self.active_codes

    @strawberry.field(directives=[Requires(fields=FieldSet('codeCount(status: "active")'))])
    def active_percent(self) -> int:
        return self.active_codes * 100 // 1000

    @classmethod
    def resolve_reference(cls, **representation: Any) -> PricingCodeSet:
        # What a field @requires is only there if the gateway sent it: fail loudly otherwise.
        code_set = cls(id=strawberry.ID(representation["id"]))
        if "effectiveYear" in representation:
            code_set.effective_year = int(representation["effectiveYear"])
        if "codeCount" in representation:
            code_set.active_codes = int(representation["codeCount"])
        return code_set


@strawberry.federation.type(name="Payer", keys=["id"])
class PricingPayer:
    id: strawberry.ID
    name: str = strawberry.federation.field(external=True)

    @strawberry.field
    def discount_percent(self) -> int:
        return PAYERS[str(self.id)][2]

    @classmethod
    def resolve_reference(cls, id: str) -> PricingPayer:
        return cls(id=strawberry.ID(id), name="")


@strawberry.type
class Contract:
    id: strawberry.ID
    payer: PricingPayer = strawberry.federation.field(provides=["name"])


@strawberry.type(name="Query")
class PricingQuery:
    @strawberry.field
    def contracts(self) -> list[Contract]:
        return [
            Contract(
                id=strawberry.ID(f"k-{id}"), payer=PricingPayer(id=strawberry.ID(id), name=name)
            )
            for id, (name, _, _) in PAYERS.items()
        ]

    @strawberry.field(directives=[Shareable()])
    def payers(self) -> list[PricingPayer]:
        return [PricingPayer.resolve_reference(id) for id in PAYERS]

    @strawberry.field
    async def pricing_handshake(self, info: Info[Any, Any]) -> str:
        return await _rendezvous(info).meet("pricing", "catalog")


# notes ------------------------------------------------------------------------------------


@strawberry.federation.type(name="CodeSet", keys=["system version"])
class NotesCodeSet:
    system: str
    version: str

    @strawberry.field
    def notes(self) -> str | None:
        if self.version == BROKEN_NOTES_VERSION:
            raise GraphQLError("Notes are being rewritten.", extensions={"code": "NOT_READY"})
        return f"{self.system} {self.version}: annual update"

    @strawberry.field(directives=[Override(override_from="catalog")])
    def title(self) -> str:
        return f"{self.system} {self.version} (revised)"

    @strawberry.field
    async def slow_notes(self, info: Info[Any, Any]) -> str | None:
        await asyncio.wait_for(_rendezvous(info).notes_released.wait(), 5)
        return "finally"

    @classmethod
    def resolve_reference(cls, system: str, version: str) -> NotesCodeSet:
        return cls(system=system, version=version)


@strawberry.federation.type(name="Payer", directives=[Key(fields=FieldSet("id"), resolvable=False)])
class NotesPayer:
    id: strawberry.ID


@strawberry.federation.type(name="PtpEdit", keys=["id payer { id }"])
class NotesPtpEdit:
    id: strawberry.ID
    payer: NotesPayer

    @strawberry.field
    def rationale(self) -> str:
        return f"edit {self.id} of payer {self.payer.id}: mutually exclusive procedures"

    @classmethod
    def resolve_reference(cls, id: str, payer: dict[str, str]) -> NotesPtpEdit:
        return cls(id=strawberry.ID(id), payer=NotesPayer(id=strawberry.ID(payer["id"])))


@strawberry.type(name="Query")
class NotesQuery:
    @strawberry.field
    def latest_code_sets(self) -> list[NotesCodeSet]:
        return [NotesCodeSet(system=r.system, version=r.version) for r in CODE_SETS[:2]]


# search -----------------------------------------------------------------------------------


@strawberry.federation.interface(name="Reference", keys=["id"])
class Reference:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: str) -> Reference:
        """The concrete type of a reference known only by its id (as an @interfaceObject
        subgraph knows it)."""
        if id in PAYERS:
            return SearchPayer(id=strawberry.ID(id))
        return SearchCodeSet(id=strawberry.ID(id))


@strawberry.federation.type(name="CodeSet", keys=["id"])
class SearchCodeSet(Reference):
    @classmethod
    def resolve_reference(cls, id: str) -> SearchCodeSet:
        return cls(id=strawberry.ID(id))


@strawberry.federation.type(name="Payer", keys=["id"])
class SearchPayer(Reference):
    @classmethod
    def resolve_reference(cls, id: str) -> SearchPayer:
        return cls(id=strawberry.ID(id))


SearchHit = Annotated[SearchCodeSet | SearchPayer, strawberry.union("SearchHit")]


@strawberry.type(name="Query")
class SearchQuery:
    @strawberry.field
    def search(self, term: str) -> list[SearchHit]:
        return [SearchCodeSet(id=strawberry.ID("cs2")), SearchPayer(id=strawberry.ID("p2"))]

    @strawberry.field
    def references(self) -> list[Reference]:
        return [SearchPayer(id=strawberry.ID("p1")), SearchCodeSet(id=strawberry.ID("cs1"))]


# citations --------------------------------------------------------------------------------

CITATIONS = {"cs1": 12, "cs2": 4, "cs3": 9, "p1": 30, "p2": 1}


@strawberry.federation.interface_object(name="Reference", keys=["id"])
class CitedReference:
    id: strawberry.ID

    @strawberry.field
    def citation_count(self) -> int:
        return CITATIONS[str(self.id)]

    @classmethod
    def resolve_reference(cls, id: str) -> CitedReference:
        return cls(id=strawberry.ID(id))


@strawberry.type(name="Query")
class CitationsQuery:
    @strawberry.field
    def citations_total(self) -> int:
        return sum(CITATIONS.values())

    @strawberry.field
    def most_cited(self) -> CitedReference:
        return CitedReference(id=strawberry.ID(max(CITATIONS, key=CITATIONS.__getitem__)))

    @strawberry.field
    def cited(self, at_least: int) -> list[CitedReference]:
        return [
            CitedReference(id=strawberry.ID(id)) for id, n in CITATIONS.items() if n >= at_least
        ]


catalog_schema = strawberry.federation.Schema(query=CatalogQuery)
pricing_schema = strawberry.federation.Schema(query=PricingQuery, types=[PricingCodeSet])
notes_schema = strawberry.federation.Schema(query=NotesQuery, types=[NotesPtpEdit])
search_schema = strawberry.federation.Schema(query=SearchQuery, types=[SearchCodeSet, SearchPayer])
citations_schema = strawberry.federation.Schema(query=CitationsQuery, types=[CitedReference])
SCHEMAS = {
    "pricing": pricing_schema,
    "catalog": catalog_schema,
    "notes": notes_schema,
    "search": search_schema,
    "citations": citations_schema,
}
