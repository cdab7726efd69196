"""@requires when the subgraph that resolves the field is also the one that listed the objects,
and @requires of a field that itself @requires a field of yet another subgraph.

``fees`` lists the fee schedule (its codes) and prices each code's work from the RVU, which it
``@requires`` and only ``catalog`` knows. Its own list cannot carry the RVU, so the plan goes
fees (the codes), catalog (the RVU), fees again (the payment, sent the RVU).

The allowed amount is a chain: ``locality`` adjusts the RVU by the geographic index (it
``@requires`` the RVU), ``conversion`` turns the adjusted RVU into cents (it ``@requires`` that),
and ``fees`` takes the patient's share of the allowed amount (it ``@requires`` that too). So
the patient's share needs fees, catalog, locality, conversion, then fees again, in order.
A field may also require fields that come from different fetches (the end of that chain and a
link of it, or two subgraphs each asked directly): its fetch then waits for all of them.
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
GPCI_PERCENT = 105
PATIENT_SHARE_PERCENT = 20


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


def _geo_adjusted_milli_rvu(root: LocalityCode) -> int:
    if root.work_rvu is None:
        raise ValueError("the gateway did not send the workRvu this field requires")
    return round(root.work_rvu * root.gpci_percent * 10)


@strawberry.federation.type(keys=["code"], name="Code")
class LocalityCode:
    code: str
    work_rvu: float | None = strawberry.federation.field(external=True, default=None)
    gpci_percent: int = GPCI_PERCENT
    geo_adjusted_milli_rvu: int = strawberry.federation.field(
        resolver=_geo_adjusted_milli_rvu, requires=["workRvu"]
    )

    @classmethod
    def resolve_reference(cls, code: str, **required: Any) -> LocalityCode:
        return cls(code=code, work_rvu=required.get("workRvu"))


@strawberry.type(name="Query")
class LocalityQuery:
    @strawberry.field
    def gpci_percent(self) -> int:
        return GPCI_PERCENT


def _allowed_cents(root: ConversionCode) -> int:
    if root.geo_adjusted_milli_rvu is None:
        raise ValueError("the gateway did not send the geoAdjustedMilliRvu this field requires")
    return root.geo_adjusted_milli_rvu * CENTS_PER_RVU // 1000


@strawberry.federation.type(keys=["code"], name="Code")
class ConversionCode:
    code: str
    geo_adjusted_milli_rvu: int | None = strawberry.federation.field(external=True, default=None)
    allowed_cents: int = strawberry.federation.field(
        resolver=_allowed_cents, requires=["geoAdjustedMilliRvu"]
    )

    @classmethod
    def resolve_reference(cls, code: str, **required: Any) -> ConversionCode:
        return cls(code=code, geo_adjusted_milli_rvu=required.get("geoAdjustedMilliRvu"))


@strawberry.type(name="Query")
class ConversionQuery:
    @strawberry.field
    def cents_per_rvu(self) -> int:
        return CENTS_PER_RVU


def _patient_share_cents(root: FeeCode) -> int:
    if root.allowed_cents is None:
        raise ValueError("the gateway did not send the allowedCents this field requires")
    return root.allowed_cents * PATIENT_SHARE_PERCENT // 100


def _geo_differential_cents(root: FeeCode) -> int:
    if root.allowed_cents is None or root.work_rvu is None:
        raise ValueError("the gateway did not send the allowedCents and workRvu it requires")
    return root.allowed_cents - _work_payment_cents(root)


def _geo_work_payment_cents(root: FeeCode) -> int:
    if root.work_rvu is None or root.gpci_percent is None:
        raise ValueError("the gateway did not send the workRvu and gpciPercent it requires")
    return round(root.work_rvu * 1000) * root.gpci_percent * CENTS_PER_RVU // 100_000


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
    allowed_cents: int | None = strawberry.federation.field(external=True, default=None)
    patient_share_cents: int = strawberry.federation.field(
        resolver=_patient_share_cents, requires=["allowedCents"]
    )
    geo_differential_cents: int = strawberry.federation.field(
        resolver=_geo_differential_cents, requires=["allowedCents workRvu"]
    )
    gpci_percent: int | None = strawberry.federation.field(external=True, default=None)
    geo_work_payment_cents: int = strawberry.federation.field(
        resolver=_geo_work_payment_cents, requires=["workRvu gpciPercent"]
    )

    @classmethod
    def resolve_reference(cls, code: str, **required: Any) -> FeeCode:
        return cls(
            code=code,
            work_rvu=required.get("workRvu"),
            allowed_cents=required.get("allowedCents"),
            gpci_percent=required.get("gpciPercent"),
        )


@strawberry.type(name="Query")
class FeesQuery:
    @strawberry.field
    def fee_schedule(self) -> list[FeeCode]:
        return [FeeCode(code=code) for code in WORK_RVUS]


SCHEMAS = {
    "catalog": strawberry.federation.Schema(query=CatalogQuery),
    "fees": strawberry.federation.Schema(query=FeesQuery),
    "locality": strawberry.federation.Schema(query=LocalityQuery, types=[LocalityCode]),
    "conversion": strawberry.federation.Schema(query=ConversionQuery, types=[ConversionCode]),
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


def _representations(fees: FeeFederation, subgraph: str) -> list[list[dict[str, Any]]]:
    """The representations of each entity call ``subgraph`` received, call by call."""
    return [call["variables"]["representations"] for call in fees.logs[subgraph].entity_calls()]


async def test_a_requires_chain_through_two_subgraphs_fetches_each_link_in_order(
    fees: FeeFederation,
) -> None:
    body = await fees.query("{ feeSchedule { code allowedCents } }")
    assert body == {
        "data": {
            "feeSchedule": [
                {"code": "99213", "allowedCents": 4504},
                {"code": "99214", "allowedCents": 6652},
            ]
        }
    }
    # Each link is sent what the one before it answered, so each waited for it.
    assert _representations(fees, "locality") == [
        [
            {"__typename": "Code", "code": "99213", "workRvu": 1.3},
            {"__typename": "Code", "code": "99214", "workRvu": 1.92},
        ]
    ]
    assert _representations(fees, "conversion") == [
        [
            {"__typename": "Code", "code": "99213", "geoAdjustedMilliRvu": 1365},
            {"__typename": "Code", "code": "99214", "geoAdjustedMilliRvu": 2016},
        ]
    ]
    assert [len(fees.logs[name].calls) for name in ("fees", "catalog")] == [1, 1]


async def test_a_requires_chain_through_three_subgraphs_ends_where_it_began(
    fees: FeeFederation,
) -> None:
    body = await fees.query("{ feeSchedule { code patientShareCents workPaymentCents } }")
    assert body == {
        "data": {
            "feeSchedule": [
                {"code": "99213", "patientShareCents": 900, "workPaymentCents": 4290},
                {"code": "99214", "patientShareCents": 1330, "workPaymentCents": 6336},
            ]
        }
    }
    # fees lists, catalog, locality and conversion are each asked once, then fees prices.
    assert [len(fees.logs[name].calls) for name in SCHEMAS] == [1, 3, 1, 1]
    assert _representations(fees, "fees") == [
        [
            {"__typename": "Code", "code": "99213", "workRvu": 1.3},
            {"__typename": "Code", "code": "99214", "workRvu": 1.92},
        ],
        [
            {"__typename": "Code", "code": "99213", "allowedCents": 4504},
            {"__typename": "Code", "code": "99214", "allowedCents": 6652},
        ],
    ]


async def test_a_field_requiring_the_end_of_a_chain_and_a_link_of_it_waits_for_both(
    fees: FeeFederation,
) -> None:
    # allowedCents is three fetches away (catalog, locality, conversion), workRvu one (catalog).
    body = await fees.query("{ feeSchedule { code geoDifferentialCents } }")
    assert body == {
        "data": {
            "feeSchedule": [
                {"code": "99213", "geoDifferentialCents": 214},
                {"code": "99214", "geoDifferentialCents": 316},
            ]
        }
    }
    assert [len(fees.logs[name].calls) for name in SCHEMAS] == [1, 2, 1, 1]
    [differentials] = _representations(fees, "fees")
    assert differentials[0] == {
        "__typename": "Code",
        "code": "99213",
        "allowedCents": 4504,
        "workRvu": 1.3,
    }


async def test_a_field_requiring_fields_of_two_other_subgraphs_waits_for_both(
    fees: FeeFederation,
) -> None:
    body = await fees.query("{ feeSchedule { code geoWorkPaymentCents } }")
    assert body == {
        "data": {
            "feeSchedule": [
                {"code": "99213", "geoWorkPaymentCents": 4504},
                {"code": "99214", "geoWorkPaymentCents": 6652},
            ]
        }
    }
    assert [len(fees.logs[name].calls) for name in SCHEMAS] == [1, 2, 1, 0]
    [payments] = _representations(fees, "fees")
    assert payments[1] == {
        "__typename": "Code",
        "code": "99214",
        "workRvu": 1.92,
        "gpciPercent": 105,
    }
