"""CasePilot questions through the quota service over HTTP, as the assistant asks: two
instances sharing Redis and PostgreSQL, retries, bursts, a Redis flushed or stopped, viewers
signed or not, and the viewer's questions over GraphQL."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from quota_instances import Instances, RedisServer, viewer_on

from atlaskit.viewer import Viewer, ViewerKind, anonymous
from quota.adapters.meter import MARKER
from quota.adapters.question_meter import asked_key
from quota.domain.plans import plans_from_config
from quota.domain.windows import day_containing

pytestmark = pytest.mark.integration

PLANS = plans_from_config({})
GUEST_QUESTIONS_LOCKED = PLANS.named("guest").questions_locked_message
FREE_QUESTIONS_LOCKED = PLANS.named("free").questions_locked_message
VIEWER_QUESTIONS = "{ viewer { plan quota { used questions { used limit remaining resetsAt } } } }"


def _today() -> str:
    return day_containing(datetime.now(UTC)).label


def _resets_at() -> str:
    return day_containing(datetime.now(UTC)).resets_at.isoformat()


async def _answer(instances: Instances, viewer: Viewer, index: int = 0) -> dict[str, Any]:
    response = await instances.ask(viewer, str(uuid.uuid4()), index)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def _ledger_count(instances: Instances, viewer: Viewer) -> int:
    count: int = await instances.pool.fetchval(
        "SELECT count(*) FROM question_ledger WHERE viewer_id = $1", viewer.viewer_id
    )
    return count


async def test_a_guest_asks_three_questions_then_is_told_why_not_and_when(
    shared: Instances,
) -> None:
    guest = viewer_on("guest")
    answers = [await _answer(shared, guest, index=i) for i in range(5)]
    assert answers[0] == {
        "allowed": True,
        "used": 1,
        "limit": 3,
        "remaining": 2,
        "resetsAt": _resets_at(),
        "errorCode": None,
        "reason": None,
    }
    assert [(a["allowed"], a["used"], a["remaining"]) for a in answers] == [
        (True, 1, 2),
        (True, 2, 1),
        (True, 3, 0),
        (False, 3, 0),
        (False, 3, 0),
    ]
    assert answers[3] == {
        "allowed": False,
        "used": 3,
        "limit": 3,
        "remaining": 0,
        "resetsAt": _resets_at(),
        "errorCode": "QUESTION_LIMIT_REACHED",
        "reason": GUEST_QUESTIONS_LOCKED,
    }
    assert GUEST_QUESTIONS_LOCKED == (
        "You have asked 3 questions today, the most a guest can ask. Register free account to"
        " ask 20 a day; your questions start again at midnight UTC."
    )
    assert await _ledger_count(shared, guest) == 3
    assert await shared.announced(guest) == {"quota.question.asked": 3}


async def test_a_free_account_asks_twenty_and_keeps_the_questions_it_asked_as_a_guest(
    shared: Instances,
) -> None:
    guest = viewer_on("guest")
    for _ in range(2):
        assert (await _answer(shared, guest))["allowed"]
    account = Viewer(guest.viewer_id, ViewerKind.ACCOUNT, "free", account_id="acct-q")
    answers = [await _answer(shared, account, index=i) for i in range(20)]
    assert [a["allowed"] for a in answers] == [True] * 18 + [False] * 2
    assert (answers[17]["used"], answers[17]["limit"], answers[17]["remaining"]) == (20, 20, 0)
    assert (answers[-1]["errorCode"], answers[-1]["reason"]) == (
        "QUESTION_LIMIT_REACHED",
        FREE_QUESTIONS_LOCKED,
    )
    assert await _ledger_count(shared, account) == 20


async def test_pro_questions_are_unlimited_but_still_counted(shared: Instances) -> None:
    pro = viewer_on("pro", ViewerKind.ACCOUNT)
    answers = [await _answer(shared, pro, index=i) for i in range(25)]
    assert all(a["allowed"] for a in answers)
    assert answers[-1] == {
        "allowed": True,
        "used": 25,
        "limit": None,
        "remaining": None,
        "resetsAt": _resets_at(),
        "errorCode": None,
        "reason": None,
    }


async def test_a_partner_key_has_a_daily_allowance(shared: Instances) -> None:
    partner = Viewer(
        f"viewer-{uuid.uuid4()}", ViewerKind.PARTNER, "partner", account_id="a", api_key_id="k"
    )
    answer = await _answer(shared, partner)
    assert (answer["allowed"], answer["used"], answer["limit"]) == (True, 1, 1_000)


async def test_the_same_question_id_asked_again_counts_once(shared: Instances) -> None:
    guest = viewer_on("guest")
    question = str(uuid.uuid4())
    first = (await shared.ask(guest, question, index=0)).json()
    retried = (await shared.ask(guest, question, index=1)).json()
    assert first == retried
    assert (retried["allowed"], retried["used"], retried["remaining"]) == (True, 1, 2)
    for _ in range(2):
        assert (await _answer(shared, guest))["allowed"]
    assert not (await _answer(shared, guest))["allowed"]
    # The limit is reached, but a retry of a question already counted is still allowed.
    late_retry = (await shared.ask(guest, question)).json()
    assert (late_retry["allowed"], late_retry["used"], late_retry["errorCode"]) == (True, 3, None)
    assert await _ledger_count(shared, guest) == 3
    assert await shared.announced(guest) == {"quota.question.asked": 3}


async def test_thirty_concurrent_questions_on_two_instances_allow_exactly_three(
    shared: Instances,
) -> None:
    guest = viewer_on("guest")
    answers = await asyncio.gather(*(_answer(shared, guest, index=i) for i in range(30)))
    assert Counter(a["allowed"] for a in answers) == {True: 3, False: 27}
    assert sorted(a["used"] for a in answers if a["allowed"]) == [1, 2, 3]
    assert await _ledger_count(shared, guest) == 3
    members = await shared.redis.smembers(asked_key(guest.viewer_id, _today()))
    assert len(members) == 3 + 1  # the questions and the loaded marker


async def test_concurrent_retries_of_one_question_count_it_once(shared: Instances) -> None:
    free = viewer_on("free", ViewerKind.ACCOUNT)
    question = str(uuid.uuid4())
    responses = await asyncio.gather(*(shared.ask(free, question, i) for i in range(10)))
    assert {(r.json()["allowed"], r.json()["used"]) for r in responses} == {(True, 1)}
    assert await _ledger_count(shared, free) == 1


async def test_a_redis_flushed_between_questions_forgets_none(private: Instances) -> None:
    guest = viewer_on("guest")
    question = str(uuid.uuid4())
    assert (await private.ask(guest, question)).json()["used"] == 1
    assert (await _answer(private, guest))["used"] == 2
    await private.redis.flushall()
    retried = (await private.ask(guest, question, index=1)).json()
    assert (retried["allowed"], retried["used"]) == (True, 2)
    assert (await _answer(private, guest))["used"] == 3
    await private.redis.flushall()
    denied = await _answer(private, guest)
    assert (denied["allowed"], denied["errorCode"]) == (False, "QUESTION_LIMIT_REACHED")
    members = await private.redis.smembers(asked_key(guest.viewer_id, _today()))
    assert MARKER in members
    assert len(members) == 3 + 1


async def test_redis_down_is_a_clear_503_and_questions_resume_when_it_returns(
    private: Instances, redis_server: RedisServer
) -> None:
    guest = viewer_on("guest")
    assert (await _answer(private, guest))["used"] == 1
    redis_server.stop()

    refused = await private.ask(guest, str(uuid.uuid4()))
    assert refused.status_code == 503
    assert refused.json() == {
        "code": "METERING_UNAVAILABLE",
        "message": (
            "CasePilot questions cannot be counted right now, so none can be answered;"
            " try again in a moment."
        ),
    }
    assert await _ledger_count(private, guest) == 1

    redis_server.start_again()
    assert (await _answer(private, guest, index=1))["used"] == 2


async def test_without_a_valid_viewer_context_no_question_is_counted(shared: Instances) -> None:
    pro = viewer_on("pro", ViewerKind.ACCOUNT)
    refusals = shared.refusals(pro)
    for name, (headers, problem) in refusals.items():
        response = await shared.clients[0].post(
            "/internal/questions/decide", json={"questionId": "q-1"}, headers=headers
        )
        assert response.status_code == 401, name
        assert response.json()["code"] == "UNAUTHENTICATED"
        assert problem in response.json()["message"]
        assert "through the CodeAtlas gateway" in response.json()["message"]
    unchecked = await shared.clients[1].post("/internal/questions/decide", json={})
    assert unchecked.status_code == 401
    assert await _ledger_count(shared, pro) == 0


@pytest.mark.parametrize(
    ("body", "explanation"),
    [
        ({}, "The question request is not valid at questionId: Field required."),
        ({"questionId": ""}, "at questionId: String should have at least 1 character"),
        ({"questionId": "q" * 101}, "at questionId: String should have at most 100 characters"),
        ({"questionId": "a\u0000b"}, "at questionId: String should match pattern"),
        ({"questionId": 7}, "at questionId: Input should be a valid string"),
    ],
)
async def test_a_bad_question_id_is_explained_not_counted(
    shared: Instances, body: dict[str, Any], explanation: str
) -> None:
    guest = viewer_on("guest")
    response = await shared.clients[0].post(
        "/internal/questions/decide", json=body, headers=shared.headers(guest)
    )
    assert response.status_code == 400
    assert response.json()["code"] == "BAD_USER_INPUT"
    assert explanation in response.json()["message"]
    assert await _ledger_count(shared, guest) == 0


async def test_an_id_of_a_hundred_characters_is_a_question(shared: Instances) -> None:
    answer = (await shared.ask(viewer_on("guest"), "é" * 100)).json()
    assert (answer["allowed"], answer["used"]) == (True, 1)


async def test_an_anonymous_visitor_is_told_to_continue_as_a_guest_or_register(
    shared: Instances,
) -> None:
    visitor = anonymous("10.0.0.9")
    response = await shared.ask(visitor, "q-anonymous")
    assert response.json() == {
        "allowed": False,
        "used": 0,
        "limit": 0,
        "remaining": 0,
        "resetsAt": _resets_at(),
        "errorCode": "QUESTION_LIMIT_REACHED",
        "reason": (
            "0 questions remaining. Continue as a guest to ask CasePilot 3 questions a day,"
            " or register free account to ask 20 a day."
        ),
    }
    assert await shared.announced(visitor) == {}


async def test_a_plan_the_service_does_not_know_is_forbidden(shared: Instances) -> None:
    refused = await shared.ask(viewer_on("gold", ViewerKind.ACCOUNT), "q-gold")
    assert (refused.status_code, refused.json()["code"]) == (403, "FORBIDDEN")
    assert "no plan named 'gold'" in refused.json()["message"]


async def test_the_viewer_s_questions_over_graphql_agree_with_the_decisions(
    shared: Instances,
) -> None:
    guest = viewer_on("guest")
    for _ in range(4):
        await _answer(shared, guest)
    answer = await shared.graphql(VIEWER_QUESTIONS, shared.headers(guest))
    assert answer == {
        "data": {
            "viewer": {
                "plan": "guest",
                "quota": {
                    "used": 0,
                    "questions": {
                        "used": 3,
                        "limit": 3,
                        "remaining": 0,
                        "resetsAt": _resets_at(),
                    },
                },
            }
        }
    }
    pro = viewer_on("pro", ViewerKind.ACCOUNT)
    await _answer(shared, pro)
    questions = (await shared.graphql(VIEWER_QUESTIONS, shared.headers(pro)))["data"]["viewer"]
    assert questions["quota"]["questions"] == {
        "used": 1,
        "limit": None,
        "remaining": None,
        "resetsAt": _resets_at(),
    }
    visitor = (await shared.graphql(VIEWER_QUESTIONS, shared.headers(anonymous(None))))["data"]
    assert visitor["viewer"]["quota"]["questions"]["limit"] == 0


async def test_graphql_counts_questions_from_the_ledger_while_redis_is_down(
    private: Instances, redis_server: RedisServer
) -> None:
    guest = viewer_on("guest")
    await _answer(private, guest)
    redis_server.stop()
    # The counts come from the ledger: Redis down does not hide them.
    answer = await private.graphql(VIEWER_QUESTIONS, private.headers(guest))
    assert answer["data"]["viewer"]["quota"]["questions"]["used"] == 1
