"""Code page views through the quota service over HTTP, as the gateway reaches it: two
instances sharing Redis and PostgreSQL, a Redis that is flushed or stopped under load,
viewers signed or not."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from quota_instances import (
    PARTNER_MONTHLY_VIEWS,
    Instances,
    RedisServer,
    viewer_on,
)

from atlaskit.viewer import Viewer, ViewerKind, anonymous
from devstack.clients import FREE_LOCKED, GUEST_LOCKED
from quota.adapters.meter import MARKER
from quota.domain.windows import window_containing

pytestmark = pytest.mark.integration

VIEWER_QUOTA = "{ viewer { kind plan quota { used limit remaining resetsAt } } }"


async def test_a_guest_gets_one_of_twenty_codes_and_an_account_from_it_five_more(
    shared: Instances,
) -> None:
    guest = viewer_on("guest")
    first = await shared.batch(guest, [f"K{i:04d}" for i in range(1, 21)])
    assert first.status_code == 200
    body = first.json()
    assert (body["plan"], body["resetsAt"]) == (
        "guest",
        window_containing(datetime.now(UTC)).resets_at.isoformat(),
    )
    assert len(body["decisions"]) == 20
    assert body["decisions"][0] == {
        "system": "HCPCS",
        "code": "K0001",
        "decision": "granted",
        "used": 1,
        "limit": 1,
        "remaining": 0,
        "reason": None,
    }
    assert {(d["decision"], d["used"], d["reason"]) for d in body["decisions"][1:]} == {
        ("denied", 1, GUEST_LOCKED)
    }
    assert await shared.announced(guest) == {"quota.view.decided": 20, "quota.views.exhausted": 1}

    assert await shared.verdicts(guest, ["K0001", "K0002"], index=1) == ["already_viewed", "denied"]

    account = Viewer(guest.viewer_id, ViewerKind.ACCOUNT, "free", account_id="acct-1")
    registered = await shared.batch(account, ["K0001", *(f"L{i:04d}" for i in range(20))])
    decisions = registered.json()["decisions"]
    assert [d["decision"] for d in decisions] == (
        ["already_viewed"] + ["granted"] * 5 + ["denied"] * 15
    )
    assert [d["used"] for d in decisions[:7]] == [1, 2, 3, 4, 5, 6, 6]
    assert {d["reason"] for d in decisions[6:]} == {FREE_LOCKED}
    assert (decisions[-1]["limit"], decisions[-1]["remaining"]) == (6, 0)
    assert await shared.ledger_count(account) == 6


async def _view_one(instances: Instances, index: int, viewer: Viewer, code: str) -> str:
    """Half through the batch endpoint, half through the single one, on both instances."""
    client, headers = instances.client(index), instances.headers(viewer)
    page = {"system": "HCPCS", "code": code}
    if index % 4 < 2:
        response = await client.post(
            "/internal/views/batch", json={"codes": [page]}, headers=headers
        )
        assert response.status_code == 200, response.text
        decision: str = response.json()["decisions"][0]["decision"]
        return decision
    response = await client.post("/internal/views", json=page, headers=headers)
    assert response.status_code == 200, response.text
    decision = response.json()["decision"]
    return decision


@pytest.mark.parametrize(
    ("plan", "kind", "limit"), [("guest", ViewerKind.GUEST, 1), ("free", ViewerKind.ACCOUNT, 6)]
)
async def test_five_hundred_concurrent_views_on_two_instances_grant_exactly_the_plan(
    shared: Instances, plan: str, kind: ViewerKind, limit: int
) -> None:
    viewer = viewer_on(plan, kind)
    decided = await asyncio.gather(*(_view_one(shared, i, viewer, f"M{i:04d}") for i in range(500)))
    assert Counter(decided) == {"granted": limit, "denied": 500 - limit}
    assert await shared.ledger_count(viewer) == limit
    assert len(await shared.metered(viewer)) == limit + 1


async def test_a_redis_flushed_mid_run_forgets_no_view_and_grants_no_extra(
    private: Instances, caplog: pytest.LogCaptureFixture
) -> None:
    limits = {"guest": 1, "free": 6}
    viewers = [
        viewer_on(plan, ViewerKind.GUEST if plan == "guest" else ViewerKind.ACCOUNT)
        for plan in ("guest", "free")
        for _ in range(4)
    ]
    granted: Counter[str] = Counter()

    async def view(index: int, viewer: Viewer) -> None:
        if await _view_one(private, index, viewer, f"N{index:04d}") == "granted":
            granted[viewer.viewer_id] += 1

    async def flush_soon() -> None:
        await asyncio.sleep(0.02)
        await private.redis.flushall()

    with caplog.at_level(logging.INFO, logger="quota.metering"):
        for wave in range(4):
            requests = [view(wave * 100 + i, viewers[i % len(viewers)]) for i in range(100)]
            await asyncio.gather(*requests, flush_soon())
    loads = [r for r in caplog.records if r.getMessage().startswith("loaded")]
    assert len(loads) > len(viewers), "a flush came after the last request of every wave"

    for viewer in viewers:
        limit = limits[viewer.plan]
        assert granted[viewer.viewer_id] == limit, viewer.plan
        assert await private.ledger_count(viewer) == limit
    await private.redis.flushall()
    for viewer in viewers:
        assert await private.verdicts(viewer, ["P0001"]) == ["denied"]
        assert len(await private.metered(viewer)) == limits[viewer.plan] + 1
        assert MARKER in await private.metered(viewer)


async def test_redis_down_is_a_clear_503_and_metering_resumes_when_it_returns(
    private: Instances, redis_server: RedisServer
) -> None:
    guest = viewer_on("guest")
    assert await private.verdicts(guest, ["K0001"]) == ["granted"]
    redis_server.stop()

    refused = await private.batch(guest, ["K0002"])
    assert refused.status_code == 503
    assert refused.json()["code"] == "METERING_UNAVAILABLE"
    assert "cannot be metered" in refused.json()["message"]
    single = await private.clients[1].post(
        "/internal/views", json={"system": "HCPCS", "code": "K0002"}, headers=private.headers(guest)
    )
    assert (single.status_code, single.json()["code"]) == (503, "METERING_UNAVAILABLE")
    quota = await private.graphql(VIEWER_QUOTA, private.headers(guest))
    assert quota["data"]["viewer"]["quota"]["used"] == 1
    ready = await private.clients[0].get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["redis"].startswith("unavailable")

    redis_server.start_again()
    assert await private.verdicts(guest, ["K0001", "K0002"]) == ["already_viewed", "denied"]
    assert await private.verdicts(guest, ["K0003"], index=1) == ["denied"]
    assert (await private.clients[0].get("/readyz")).status_code == 200


async def test_without_a_valid_viewer_context_nothing_is_metered(shared: Instances) -> None:
    pro = viewer_on("pro", ViewerKind.ACCOUNT)
    refusals = shared.refusals(pro)
    page = {"system": "HCPCS", "code": "K0001"}
    for name, (headers, problem) in refusals.items():
        for path, body in (("/internal/views/batch", {"codes": [page]}), ("/internal/views", page)):
            response = await shared.clients[0].post(path, json=body, headers=headers)
            assert response.status_code == 401, (name, path)
            assert response.json()["code"] == "UNAUTHENTICATED"
            assert problem in response.json()["message"]
            assert "through the CodeAtlas gateway" in response.json()["message"]
        answer = await shared.graphql(VIEWER_QUOTA, headers)
        assert answer["data"] is None
        assert answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert problem in answer["errors"][0]["message"]
    unchecked = await shared.clients[0].post("/internal/views/batch", json={"codes": []})
    assert unchecked.status_code == 401
    assert await shared.ledger_count(pro) == 0


async def test_a_partner_is_held_to_its_rate_and_its_monthly_quota(shared: Instances) -> None:
    partner = Viewer(
        f"viewer-{uuid.uuid4()}", ViewerKind.PARTNER, "partner", account_id="a", api_key_id="k"
    )
    burst = await shared.batch(partner, [f"R{i:04d}" for i in range(15)])
    decisions = burst.json()["decisions"]
    assert [d["decision"] for d in decisions] == ["granted"] * 10 + ["rate_limited"] * 5
    assert "limited to 10 code page views a second" in decisions[-1]["reason"]
    assert (decisions[-1]["used"], decisions[-1]["limit"], decisions[-1]["remaining"]) == (
        10,
        PARTNER_MONTHLY_VIEWS,
        2,
    )
    await asyncio.sleep(1.1)  # the next second on Redis's clock
    later = (await shared.batch(partner, [f"S{i:04d}" for i in range(5)])).json()["decisions"]
    assert [d["decision"] for d in later] == ["granted"] * 2 + ["denied"] * 3
    assert f"monthly quota of {PARTNER_MONTHLY_VIEWS} code page views" in later[-1]["reason"]
    assert await shared.announced(partner) == {
        "quota.view.decided": 20,
        "quota.views.exhausted": 1,
    }


async def test_the_viewer_and_its_quota_over_graphql(shared: Instances) -> None:
    guest = viewer_on("guest")
    await shared.batch(guest, ["K0001"])
    answer = await shared.graphql(VIEWER_QUOTA, shared.headers(guest))
    resets_at = window_containing(datetime.now(UTC)).resets_at.isoformat()
    assert answer == {
        "data": {
            "viewer": {
                "kind": "GUEST",
                "plan": "guest",
                "quota": {"used": 1, "limit": 1, "remaining": 0, "resetsAt": resets_at},
            }
        }
    }
    pro = viewer_on("pro", ViewerKind.ACCOUNT)
    await shared.batch(pro, ["K0001", "K0002"])
    quota = (await shared.graphql(VIEWER_QUOTA, shared.headers(pro)))["data"]["viewer"]
    assert (quota["kind"], quota["quota"]["used"]) == ("ACCOUNT", 2)
    assert (quota["quota"]["limit"], quota["quota"]["remaining"]) == (None, None)


async def test_the_single_view_endpoint_answers_one_decision(shared: Instances) -> None:
    free = viewer_on("free", ViewerKind.ACCOUNT)
    response = await shared.clients[1].post(
        "/internal/views", json={"system": "CPT", "code": "99213"}, headers=shared.headers(free)
    )
    assert response.json() == {
        "system": "CPT",
        "code": "99213",
        "decision": "granted",
        "used": 1,
        "limit": 6,
        "remaining": 5,
        "reason": None,
        "plan": "free",
        "resetsAt": window_containing(datetime.now(UTC)).resets_at.isoformat(),
    }


BAD_BATCHES: list[tuple[Any, str]] = [
    ({"codes": []}, "not valid at codes: List should have at least 1 item"),
    ({"codes": [{"system": "HCPCS", "code": f"K{i:04d}"} for i in range(101)]}, "at most 100"),
    (
        {"codes": [{"system": "HCPCS", "code": "K0001"}, {"system": "HCPCS", "code": "99213"}]},
        "not valid at codes.1.code: '99213' is not a well-formed HCPCS code",
    ),
    ({"codes": [{"system": "SNOMED", "code": "K0001"}]}, "not valid at codes.0.system"),
    ({"codes": [{"system": "HCPCS"}]}, "not valid at codes.0.code"),
    ({}, "not valid at codes"),
]


async def test_bad_input_is_explained_not_failed(shared: Instances) -> None:
    guest = viewer_on("guest")
    for body, explanation in BAD_BATCHES:
        refused = await shared.clients[0].post(
            "/internal/views/batch", json=body, headers=shared.headers(guest)
        )
        assert refused.status_code == 400, body
        assert refused.json()["code"] == "BAD_USER_INPUT"
        assert explanation in refused.json()["message"]
    single = await shared.clients[0].post(
        "/internal/views", json={"system": "HCPCS", "code": "1"}, headers=shared.headers(guest)
    )
    assert (single.status_code, single.json()["code"]) == (400, "BAD_USER_INPUT")
    assert "not valid at code: '1' is not a well-formed HCPCS code" in single.json()["message"]
    assert await shared.ledger_count(guest) == 0


async def test_a_code_asked_twice_in_a_batch_is_decided_once(shared: Instances) -> None:
    guest = viewer_on("guest")
    response = await shared.batch(guest, [" k0001", "K0001", "K0002"])
    decisions = response.json()["decisions"]
    assert [(d["code"], d["decision"]) for d in decisions] == [
        ("K0001", "granted"),
        ("K0002", "denied"),
    ]


async def test_an_anonymous_visitor_is_told_how_to_get_views_and_nothing_is_counted(
    shared: Instances,
) -> None:
    visitor = anonymous("10.0.0.9")
    response = await shared.batch(visitor, ["K0001", "K0002"])
    decisions = response.json()["decisions"]
    assert [(d["decision"], d["used"], d["limit"]) for d in decisions] == [("denied", 0, 0)] * 2
    assert "Continue as a guest to get 1 page view" in decisions[0]["reason"]
    answer = await shared.graphql(VIEWER_QUOTA, shared.headers(visitor))
    viewer = answer["data"]["viewer"]
    assert (viewer["kind"], viewer["plan"]) == ("ANONYMOUS", "none")
    assert (viewer["quota"]["used"], viewer["quota"]["remaining"]) == (0, 0)
    assert await shared.announced(visitor) == {}
    assert await shared.ledger_count(visitor) == 0


async def test_a_plan_the_service_does_not_know_is_forbidden(shared: Instances) -> None:
    gold = viewer_on("gold", ViewerKind.ACCOUNT)
    refused = await shared.batch(gold, ["K0001"])
    assert (refused.status_code, refused.json()["code"]) == (403, "FORBIDDEN")
    assert "no plan named 'gold'" in refused.json()["message"]
    answer = await shared.graphql(VIEWER_QUOTA, shared.headers(gold))
    assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
