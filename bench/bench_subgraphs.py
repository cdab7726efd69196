"""Two in-memory federation subgraphs for the gateway comparison (no database, no I/O).

``catalog`` owns a code's title and work RVU; ``fees`` owns its global surgical period and
the work payment, which ``@requires`` the RVU (``@external`` here, resolved by the catalog).
Served by uvicorn as separate processes: ``uvicorn bench_subgraphs:catalog_app`` and
``bench_subgraphs:fees_app``. The RVUs and periods are illustrative, not a fee schedule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import strawberry
from fastapi import FastAPI
from strawberry.fastapi import GraphQLRouter

# Medicare physician fee schedule conversion factor (dollars per RVU), for the illustration.
CONVERSION_FACTOR = 32.3465
# The version every composer in the comparison reads (strawberry's default, 2.11, is newer
# than The Guild's composer knows); the subgraphs use nothing past 2.0.
FEDERATION: Literal["2.3"] = "2.3"


@dataclass(frozen=True)
class ScheduledCode:
    code: str
    title: str
    work_rvu: float
    global_period: str


SCHEDULE = {
    entry.code: entry
    for entry in (
        ScheduledCode("99202", "Office visit, new patient, straightforward MDM", 0.93, "XXX"),
        ScheduledCode("99203", "Office visit, new patient, low MDM", 1.60, "XXX"),
        ScheduledCode("99204", "Office visit, new patient, moderate MDM", 2.60, "XXX"),
        ScheduledCode("99205", "Office visit, new patient, high MDM", 3.50, "XXX"),
        ScheduledCode("99212", "Office visit, established patient, straightforward", 0.70, "XXX"),
        ScheduledCode("99213", "Office visit, established patient, low MDM", 1.30, "XXX"),
        ScheduledCode("99214", "Office visit, established patient, moderate MDM", 1.92, "XXX"),
        ScheduledCode("99215", "Office visit, established patient, high MDM", 2.80, "XXX"),
        ScheduledCode("10060", "Incision and drainage of abscess, simple", 1.22, "010"),
        ScheduledCode("20610", "Arthrocentesis, major joint, without guidance", 0.79, "000"),
        ScheduledCode("27447", "Total knee arthroplasty", 19.60, "090"),
        ScheduledCode("45385", "Colonoscopy with removal of lesion by snare", 4.67, "000"),
    )
}


def work_payment_cents(work_rvu: float) -> int:
    return round(work_rvu * CONVERSION_FACTOR * 100)


@strawberry.federation.type(keys=["code"], name="Code")
class CatalogCode:
    code: str
    title: str
    work_rvu: float

    @classmethod
    def resolve_reference(cls, code: str) -> CatalogCode | None:
        entry = SCHEDULE.get(code)
        return None if entry is None else cls(code=code, title=entry.title, work_rvu=entry.work_rvu)


@strawberry.type(name="Query")
class CatalogQuery:
    @strawberry.field
    def code(self, code: str) -> CatalogCode | None:
        return CatalogCode.resolve_reference(code)

    @strawberry.field
    def codes(self, first: int = 10) -> list[CatalogCode]:
        return [c for c in map(CatalogCode.resolve_reference, list(SCHEDULE)[:first]) if c]


def _given_work_rvu(root: FeeCode) -> float:
    if root.given_work_rvu is None:
        raise ValueError("the gateway did not send the workRvu this field requires")
    return root.given_work_rvu


def _work_payment_cents(root: FeeCode) -> int:
    return work_payment_cents(_given_work_rvu(root))


@strawberry.federation.type(keys=["code"], name="Code")
class FeeCode:
    code: str
    global_period: str
    work_rvu: float = strawberry.federation.field(resolver=_given_work_rvu, external=True)
    work_payment_cents: int = strawberry.federation.field(
        resolver=_work_payment_cents, requires=["workRvu"]
    )
    # What the gateway sent for the @external workRvu, if anything.
    given_work_rvu: strawberry.Private[float | None] = None

    @classmethod
    def resolve_reference(cls, code: str, **fields: Any) -> FeeCode | None:
        entry = SCHEDULE.get(code)
        if entry is None:
            return None
        return cls(
            code=code, global_period=entry.global_period, given_work_rvu=fields.get("workRvu")
        )


@strawberry.type(name="Query")
class FeesQuery:
    @strawberry.field
    def fee_schedule(self, first: int = 10) -> list[FeeCode]:
        return [c for c in map(FeeCode.resolve_reference, list(SCHEDULE)[:first]) if c]


def _subgraph_app(schema: strawberry.federation.Schema) -> FastAPI:
    app = FastAPI()
    app.include_router(GraphQLRouter(schema), prefix="/graphql")
    return app


catalog_app = _subgraph_app(
    strawberry.federation.Schema(
        query=CatalogQuery, types=[CatalogCode], federation_version=FEDERATION
    )
)
fees_app = _subgraph_app(
    strawberry.federation.Schema(query=FeesQuery, types=[FeeCode], federation_version=FEDERATION)
)
