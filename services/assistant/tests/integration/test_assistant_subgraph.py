"""The assistant subgraph as the gateway calls it: questions metered by a real quota service
(real Redis and PostgreSQL), threads kept in PostgreSQL, answers streamed over SSE."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
import pytest

from assistant.app import MIGRATIONS, create_app
from assistant.consumers import record_changed_codes
from assistant.settings import AssistantSettings
from atlaskit.sse import read_events
from atlaskit.viewer import VIEWER_HEADER, Viewer, ViewerKind, sign_viewer
from devstack.asgi import listening, serving
from devstack.infra import Infrastructure
from devstack.testing import code_changed, migrated_pool
from quota.app import create_app as create_quota_app

pytestmark = pytest.mark.integration

ASK = """mutation Ask($q: String!, $thread: ID, $id: String) {
  ask(question: $q, threadId: $thread, questionId: $id) {
    text outcome citations { system code releaseId source } toolsUsed threadId turn } }"""
THREAD = "query Thread($id: ID!) { thread(id: $id) { id turns { turn question outcome } } }"
STREAM = """subscription Ask($q: String!) { askStream(question: $q) {
  step answer { text outcome citations { code } } } }"""


@pytest.fixture(scope="module")
async def assistant_db(infra: Infrastructure) -> AsyncIterator[asyncpg.Pool]:
    settings = AssistantSettings()
    async with migrated_pool(settings.dsn, [MIGRATIONS]) as pool:
        async with pool.acquire() as conn, conn.transaction():
            await record_changed_codes(
                [
                    code_changed("K0001", "Standard wheelchair"),
                    code_changed("K0004", "High strength, lightweight wheelchair"),
                    code_changed("99213", "CPT 99213", system="CPT", release_id="CPT-2025"),
                ],
                conn,
            )
        yield pool


@pytest.fixture
async def assistant(assistant_db: asyncpg.Pool) -> AsyncIterator[httpx.AsyncClient]:
    """The assistant with a real quota service in process; its catalog listens nowhere."""
    settings = AssistantSettings(ASSISTANT_CATALOG_URL="http://127.0.0.1:9/graphql")
    quota = create_quota_app()
    app = create_app(settings, quota_transport=httpx.ASGITransport(app=quota))
    async with serving(quota), serving(app, "http://assistant") as client:
        yield client


def _viewer(plan: str = "guest", kind: ViewerKind = ViewerKind.GUEST) -> dict[str, str]:
    viewer = Viewer(f"asker-{uuid.uuid4()}", kind, plan)
    secret = AssistantSettings().viewer_context_secret
    return {VIEWER_HEADER: sign_viewer(secret, viewer, datetime.now(UTC))}


async def _ask(
    client: httpx.AsyncClient, headers: dict[str, str], question: str, **more: str
) -> dict[str, Any]:
    variables = {"q": question, **more}
    response = await client.post(
        "/graphql", json={"query": ASK, "variables": variables}, headers=headers
    )
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def _error(body: dict[str, Any]) -> tuple[str, str]:
    error = body["errors"][0]
    return error["extensions"]["code"], error["message"]


async def test_a_guest_asks_three_questions_a_day_and_a_retry_is_not_counted_twice(
    assistant: httpx.AsyncClient,
) -> None:
    guest = _viewer()
    first = await _ask(assistant, guest, "What is HCPCS K0001?", id="q-1")
    assert first["data"]["ask"]["text"] == (
        'HCPCS K0001 is "Standard wheelchair" (active, release HCPCS-2025-10-01).'
    )
    assert (await _ask(assistant, guest, "What is HCPCS K0001?", id="q-1"))["data"]
    for n in (2, 3):
        assert (await _ask(assistant, guest, "What is K0004?", id=f"q-{n}"))["data"]
    code, message = _error(await _ask(assistant, guest, "What is K0004?", id="q-4"))
    assert code == "QUESTION_LIMIT_REACHED"
    assert "3" in message and "guest" in message.lower()


async def test_bad_input_is_refused_before_it_is_counted(assistant: httpx.AsyncClient) -> None:
    guest = _viewer()
    for question in ("", "   ", "What is K0001? " * 1400):
        code, message = _error(await _ask(assistant, guest, question))
        assert code == "BAD_USER_INPUT" and message.endswith(".")
    for n in range(3):
        assert (await _ask(assistant, guest, "What is K0001?"))["data"], n


async def test_without_the_gateways_viewer_context_nothing_is_answered(
    assistant: httpx.AsyncClient,
) -> None:
    code, message = _error(await _ask(assistant, {}, "What is K0001?"))
    assert code == "UNAUTHENTICATED" and "gateway" in message
    forged = {VIEWER_HEADER: "v1.e30." + "A" * 43}
    assert _error(await _ask(assistant, forged, "What is K0001?"))[0] == "UNAUTHENTICATED"


async def test_a_thread_continues_with_a_follow_up_and_is_the_askers_only(
    assistant: httpx.AsyncClient,
) -> None:
    pro = _viewer("pro", ViewerKind.ACCOUNT)
    first = (await _ask(assistant, pro, "What is HCPCS K0001?"))["data"]["ask"]
    thread = first["threadId"]
    follow = (await _ask(assistant, pro, "what about K0004?", thread=thread))["data"]["ask"]
    assert follow["threadId"] == thread and follow["turn"] == 2
    assert follow["text"].startswith('HCPCS K0004 is "High strength, lightweight wheelchair"')
    response = await assistant.post(
        "/graphql", json={"query": THREAD, "variables": {"id": thread}}, headers=pro
    )
    turns = response.json()["data"]["thread"]["turns"]
    assert [(t["turn"], t["question"]) for t in turns] == [
        (1, "What is HCPCS K0001?"),
        (2, "what about K0004?"),
    ]
    stranger = _viewer("pro", ViewerKind.ACCOUNT)
    code, _ = _error(await _ask(assistant, stranger, "and K0001?", thread=thread))
    assert code == "NOT_FOUND"
    code, _ = _error(await _ask(assistant, pro, "and K0001?", thread="not-a-thread"))
    assert code == "BAD_USER_INPUT"


async def test_a_catalog_that_does_not_answer_is_said_plainly(
    assistant: httpx.AsyncClient,
) -> None:
    pro = _viewer("pro", ViewerKind.ACCOUNT)
    code, message = _error(await _ask(assistant, pro, "What is CPT 99213?"))
    assert code == "CATALOG_UNAVAILABLE" and "try again" in message


async def test_an_answer_streams_its_steps_then_the_answer(assistant_db: asyncpg.Pool) -> None:
    settings = AssistantSettings(ASSISTANT_CATALOG_URL="http://127.0.0.1:9/graphql")
    quota = create_quota_app()
    app = create_app(settings, quota_transport=httpx.ASGITransport(app=quota))
    body = {"query": STREAM, "variables": {"q": "What is HCPCS K0001?"}}
    headers = {"accept": "text/event-stream", **_viewer("pro", ViewerKind.ACCOUNT)}
    events: list[dict[str, Any]] = []
    async with (
        serving(quota),
        listening(app) as url,
        httpx.AsyncClient(timeout=30) as http,
        http.stream("POST", f"{url}/graphql", json=body, headers=headers) as response,
    ):
        assert response.headers["content-type"].startswith("text/event-stream")
        async for event in read_events(response.aiter_lines()):
            if event.event == "next":
                events.append(json.loads(event.data)["data"]["askStream"])
    steps = [e["step"] for e in events if e["step"]]
    assert steps[0] == "reading the question..." and "looking up K0001 in the catalog..." in steps
    assert events[-1]["answer"]["citations"] == [{"code": "K0001"}]
    assert all(e["answer"] is None for e in events[:-1])
