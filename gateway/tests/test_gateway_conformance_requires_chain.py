"""@requires when the subgraph that resolves the field is also the one that listed the objects.

``fees`` lists the fee schedule (its codes) and prices each code's work from the RVU, which it
``@requires`` and only ``catalog`` knows. Its own list cannot carry the RVU, so the plan goes
fees (the codes), catalog (the RVU), fees again (the payment, sent the RVU).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import strawberry
from conformance_subgraphs import CallLog, subgraph_app
from gateway_federation import HostRouting, gateway_over

pytestmark = pytest.mark.integration

WORK_RVUS = {"99213": 1.3, "99214": 1.92}
CENTS_PER_RVU = 3300


@strawberry.federation.type(keys=["code"], name="Code")
class CatalogCode:
    code: str
    work_rvu: float

    @classmethod
    def resolve_reference(cls, code: str) -> CatalogCode:
        return cls(code=code, work_rvu=WORK_RVUS[code])


@strawberry.type(name="Query")
class CatalogQuery:
    @strawberry.field
    def code(self, code: str) -> CatalogCode:
        return CatalogCode.resolve_reference(code)


def _work_payment_cents(root: FeeCode) -> int:
    if root.work_rvu is None:
        raise ValueError("the gateway did not send the workRvu this field requires")
    return round(root.work_rvu * CENTS_PER_RVU)


@strawberry.federation.type(keys=["code"], name="Code")
class FeeCode:
    code: str
    work_rvu: float | None = strawberry.federation.field(external=True, default=None)
    work_payment_cents: int = strawberry.federation.field(
        resolver=_work_payment_cents, requires=["workRvu"]
    )

    @classmethod
    def resolve_reference(cls, code: str, **required: Any) -> FeeCode:
        return cls(code=code, work_rvu=required.get("workRvu"))


@strawberry.type(name="Query")
class FeesQuery:
    @strawberry.field
    def fee_schedule(self) -> list[FeeCode]:
        return [FeeCode(code=code) for code in WORK_RVUS]


SCHEMAS = {
    "catalog": strawberry.federation.Schema(query=CatalogQuery),
    "fees": strawberry.federation.Schema(query=FeesQuery),
}


@dataclass
class FeeFederation:
    client: httpx.AsyncClient
    logs: dict[str, CallLog]

    async def query(self, query: str) -> dict[str, Any]:
        response = await self.client.post("/graphql", json={"query": query})
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture
async def fees() -> AsyncIterator[FeeFederation]:
    logs = {name: CallLog() for name in SCHEMAS}
    routing = HostRouting(
        {
            f"{name}.test": httpx.ASGITransport(subgraph_app(schema, logs[name]))
            for name, schema in SCHEMAS.items()
        }
    )
    urls = {name: f"http://{name}.test/graphql" for name in SCHEMAS}
    async with gateway_over(routing, urls, logs.values()) as (client, _, _):
        yield FeeFederation(client, logs)


async def test_a_required_field_is_fetched_before_the_listing_subgraph_is_asked_again(
    fees: FeeFederation,
) -> None:
    body = await fees.query("{ feeSchedule { code workPaymentCents } }")
    assert "errors" not in body
    payments_by_code = {e["code"]: e["workPaymentCents"] for e in body["data"]["feeSchedule"]}
    assert payments_by_code == {"99213": 4290, "99214": 6336}
    [listing, payments] = fees.logs["fees"].calls
    assert "_entities" not in listing["query"] and "workPaymentCents" not in listing["query"]
    assert payments["variables"]["representations"] == [
        {"__typename": "Code", "code": "99213", "workRvu": 1.3},
        {"__typename": "Code", "code": "99214", "workRvu": 1.92},
    ]
    assert len(fees.logs["catalog"].calls) == 1


async def test_fields_without_requires_stay_in_the_listing_fetch(fees: FeeFederation) -> None:
    body = await fees.query("{ feeSchedule { code } }")
    assert body == {"data": {"feeSchedule": [{"code": "99213"}, {"code": "99214"}]}}
    assert len(fees.logs["fees"].calls) == 1
    assert fees.logs["catalog"].calls == []
