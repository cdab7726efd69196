"""Two small subgraphs, written as any team would for Apollo Router, used to test the gateway.

``claims`` owns claims and their lines and refers to codes by key only; ``codes`` owns code
titles. Every call each receives is recorded so tests can count fetches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import strawberry
from fastapi import FastAPI, Request
from graphql import GraphQLError
from strawberry.fastapi import GraphQLRouter
from strawberry.federation.schema_directives import Key
from strawberry.federation.types import FieldSet

TITLES = {
    ("HCPCS", "K0001"): "Standard wheelchair",
    ("HCPCS", "E0114"): "Crutches underarm other than wood adjustable or fixed pair",
    ("CPT", "99213"): "Office or other outpatient visit, established patient, low MDM",
    ("HCPCS", "A9999"): "Miscellaneous dme supply or accessory, not otherwise specified",
}
BROKEN_CODE = "A9999"


@dataclass
class CallLog:
    calls: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)

    def entity_calls(self) -> list[dict[str, Any]]:
        return [c for c in self.calls if "_entities" in c["query"]]


@strawberry.enum(name="CodeSystem")
class System(Enum):
    CPT = "CPT"
    HCPCS = "HCPCS"


@strawberry.federation.type(
    name="Code", directives=[Key(fields=FieldSet("system code"), resolvable=False)]
)
class ClaimCode:
    system: System
    code: str


@strawberry.type
class ClaimLine:
    units: int
    code: ClaimCode = strawberry.field(name="code")


@strawberry.interface
class Document:
    id: strawberry.ID


@strawberry.type
class Claim(Document):
    lines: list[ClaimLine]
    note: str | None = None


@strawberry.type
class Remittance(Document):
    paid_cents: int


CLAIMS = {
    "c1": Claim(
        id=strawberry.ID("c1"),
        lines=[
            ClaimLine(units=1, code=ClaimCode(system=System.HCPCS, code="K0001")),
            ClaimLine(units=2, code=ClaimCode(system=System.HCPCS, code="E0114")),
            ClaimLine(units=1, code=ClaimCode(system=System.HCPCS, code="K0001")),
            ClaimLine(units=1, code=ClaimCode(system=System.CPT, code="99213")),
        ],
    ),
    "c2": Claim(
        id=strawberry.ID("c2"),
        lines=[
            ClaimLine(units=1, code=ClaimCode(system=System.HCPCS, code="K0001")),
            ClaimLine(units=1, code=ClaimCode(system=System.HCPCS, code=BROKEN_CODE)),
        ],
    ),
}


@strawberry.type
class ClaimsQuery:
    @strawberry.field
    def claim(self, id: strawberry.ID) -> Claim | None:
        return CLAIMS.get(str(id))

    @strawberry.field
    def claims(self, first: int = 10) -> list[Claim]:
        return list(CLAIMS.values())[:first]

    @strawberry.field
    def documents(self) -> list[Document]:
        return [CLAIMS["c1"], Remittance(id=strawberry.ID("r1"), paid_cents=4200)]


@strawberry.type
class ClaimsMutation:
    @strawberry.mutation
    def annotate_claim(self, id: strawberry.ID, note: str) -> Claim:
        claim = CLAIMS[str(id)]
        claim.note = note
        return claim


@strawberry.federation.type(keys=["system code"], name="Code")
class CodeEntity:
    system: System
    code: str

    def _title(self) -> str:
        if self.code == BROKEN_CODE:
            raise GraphQLError("Title unavailable", extensions={"code": "NOT_FOUND"})
        return TITLES[(self.system.value, self.code)]

    @strawberry.field
    def title(self) -> str:
        return self._title()

    @strawberry.field
    def short_title(self, length: int = 10) -> str:
        return self._title()[:length]

    @classmethod
    def resolve_reference(cls, system: str, code: str) -> CodeEntity | None:
        if (system, code) not in TITLES:
            return None
        return cls(system=System(system), code=code)


@strawberry.type(name="Query")
class CodesQuery:
    @strawberry.field
    def code(self, system: System, code: str) -> CodeEntity | None:
        return CodeEntity.resolve_reference(system.value, code)


claims_schema = strawberry.federation.Schema(
    query=ClaimsQuery, mutation=ClaimsMutation, types=[ClaimCode, Remittance]
)
codes_schema = strawberry.federation.Schema(query=CodesQuery, types=[CodeEntity])


def subgraph_app(
    schema: strawberry.federation.Schema, log: CallLog, context: dict[str, Any] | None = None
) -> FastAPI:
    """The subgraph over HTTP, recording each call; its resolvers see ``context``."""
    app = FastAPI()

    async def context_of() -> dict[str, Any]:
        return dict(context or {})

    @app.middleware("http")
    async def record(request: Request, call_next: Any) -> Any:
        body = await request.json()
        log.calls.append(body)
        log.headers.append(dict(request.headers))
        return await call_next(request)

    app.include_router(GraphQLRouter(schema, context_getter=context_of), prefix="/graphql")
    return app
