"""Failed sign-ins are limited per account and per client address, in real Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from atlaskit.db import drop_database
from atlaskit.viewer import VIEWER_HEADER, Viewer, ViewerKind, sign_viewer
from devstack.asgi import serving
from devstack.infra import Infrastructure
from devstack.processes import free_port
from identity.app import create_app
from identity.domain.login_limits import PER_ACCOUNT, PER_ADDRESS, LoginLimit
from identity.settings import IdentitySettings

pytestmark = pytest.mark.integration

LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { account { id } } }"
REGISTER = (
    "mutation($e: String!, $p: String!) { register(email: $e, password: $p) { account { id } } }"
)
PASSWORD = "correct horse battery staple"
# A test that counts failures must not straddle a window's end, when the counters start afresh.
WINDOW_MARGIN_SECONDS = 20


def _settings() -> IdentitySettings:
    settings = IdentitySettings()
    settings.database_prefix += f"_{uuid.uuid4().hex[:6]}"
    return settings


def _email() -> str:
    return f"coder-{uuid.uuid4().hex[:10]}@example.com"


def _address() -> str:
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


def _gateway_says(address: str) -> dict[str, str]:
    """The viewer context the gateway sends for a guest at ``address``."""
    guest = Viewer(str(uuid.uuid4()), ViewerKind.GUEST, "guest", address=address)
    secret = IdentitySettings().viewer_context_secret
    return {VIEWER_HEADER: sign_viewer(secret, guest, datetime.now(UTC))}


async def _away_from_window_end(limit: LoginLimit) -> None:
    now = datetime.now(UTC)
    left = (limit.window_ends_at(now) - now).total_seconds()
    if left < WINDOW_MARGIN_SECONDS:
        await asyncio.sleep(left + 1)


@asynccontextmanager
async def _from_address(app: FastAPI, address: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client whose requests come from ``address``, as the app sees it."""
    transport = httpx.ASGITransport(app=app, client=(address, 40_000))
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        yield client


async def _login(
    client: httpx.AsyncClient, email: str, password: str, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={"query": LOGIN, "variables": {"e": email, "p": password}},
        headers=headers or {},
    )
    answer: dict[str, Any] = response.json()
    return answer


def _code(answer: dict[str, Any]) -> str | None:
    errors = answer.get("errors")
    return None if not errors else str(errors[0]["extensions"]["code"])


@pytest.fixture(scope="module")
async def app(infra: Infrastructure) -> AsyncIterator[FastAPI]:
    settings = _settings()
    application = create_app(settings)
    async with serving(application):
        yield application
    await drop_database(settings.dsn)


async def _register(client: httpx.AsyncClient, email: str) -> None:
    response = await client.post(
        "/graphql", json={"query": REGISTER, "variables": {"e": email, "p": PASSWORD}}
    )
    assert response.json()["data"]["register"]["account"]["id"]


async def test_five_failures_lock_an_account_for_the_rest_of_its_window(app: FastAPI) -> None:
    await _away_from_window_end(PER_ACCOUNT)
    email, other = _email(), _email()
    async with _from_address(app, _address()) as client:
        await _register(client, email)
        await _register(client, other)
        for _ in range(PER_ACCOUNT.failures):
            assert _code(await _login(client, email, "not the password")) == "UNAUTHENTICATED"
        locked = await _login(client, email.upper(), PASSWORD)
        error = locked["errors"][0]
        assert locked["data"] is None
        assert error["extensions"]["code"] == "RATE_LIMITED"
        assert error["message"].startswith(
            "Too many failed sign-in attempts for this account; try again in "
        )
        assert 0 < error["extensions"]["retryAfterSeconds"] <= 15 * 60
        # Another account, from the same address, is not locked with it.
        assert _code(await _login(client, other, PASSWORD)) is None


async def test_signing_in_forgives_the_failures_before_it(app: FastAPI) -> None:
    await _away_from_window_end(PER_ACCOUNT)
    email = _email()
    async with _from_address(app, _address()) as client:
        await _register(client, email)
        for _ in range(2):
            for _ in range(PER_ACCOUNT.failures - 1):
                assert _code(await _login(client, email, "not the password")) == "UNAUTHENTICATED"
            assert _code(await _login(client, email, PASSWORD)) is None


async def test_concurrent_guesses_cannot_slip_past_the_limit(app: FastAPI) -> None:
    await _away_from_window_end(PER_ACCOUNT)
    email = _email()
    async with _from_address(app, _address()) as client:
        await _register(client, email)
        answers = await asyncio.gather(
            *(_login(client, email, f"guess number {n}") for n in range(12))
        )
    codes = sorted(str(_code(answer)) for answer in answers)
    assert codes.count("UNAUTHENTICATED") == PER_ACCOUNT.failures
    assert codes.count("RATE_LIMITED") == 12 - PER_ACCOUNT.failures


async def test_thirty_failures_lock_the_address_the_gateway_names(app: FastAPI) -> None:
    await _away_from_window_end(PER_ADDRESS)
    busy, elsewhere, email = _address(), _address(), _email()
    # Every request reaches identity from the gateway's own address, one for all clients.
    async with _from_address(app, "10.255.255.1") as gateway:
        await _register(gateway, email)
        for _ in range(PER_ADDRESS.failures):
            wrong = await _login(gateway, _email(), PASSWORD, _gateway_says(busy))
            assert _code(wrong) == "UNAUTHENTICATED"
        locked = await _login(gateway, email, PASSWORD, _gateway_says(busy))
        assert _code(locked) == "RATE_LIMITED"
        assert "for your address; try again in" in locked["errors"][0]["message"]
        assert _code(await _login(gateway, email, PASSWORD, _gateway_says(elsewhere))) is None


async def test_without_a_valid_viewer_context_the_request_s_address_is_counted(
    app: FastAPI,
) -> None:
    await _away_from_window_end(PER_ADDRESS)
    direct, email = _address(), _email()
    forged = {VIEWER_HEADER: _gateway_says(_address())[VIEWER_HEADER][:-4] + "AAAA"}
    async with _from_address(app, direct) as client:
        await _register(client, email)
        for attempt in range(PER_ADDRESS.failures):
            headers = forged if attempt % 2 else None
            assert _code(await _login(client, _email(), PASSWORD, headers)) == "UNAUTHENTICATED"
        assert _code(await _login(client, email, PASSWORD)) == "RATE_LIMITED"
    async with _from_address(app, _address()) as another:
        assert _code(await _login(another, email, PASSWORD)) is None


async def test_without_redis_nobody_signs_in_and_readiness_says_why(
    infra: Infrastructure,
) -> None:
    settings = _settings()
    settings.redis_url = f"redis://127.0.0.1:{free_port()}/0"
    async with serving(create_app(settings)) as client:
        refused = await _login(client, _email(), PASSWORD)
        assert refused["data"] is None
        assert refused["errors"][0]["extensions"]["code"] == "SIGN_IN_UNAVAILABLE"
        assert "try again in a moment" in refused["errors"][0]["message"]
        ready = await client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"]["redis"].startswith("unavailable")
    await drop_database(settings.dsn)
