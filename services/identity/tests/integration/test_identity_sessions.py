"""Accounts through the identity app on real PostgreSQL, Redis and broker: registering,
signing in, refreshing, signing out, plans, and the published signing keys."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import jwt
import pytest

from atlaskit.db import create_pool, drop_database
from devstack.asgi import serving
from devstack.infra import Infrastructure
from identity.app import create_app
from identity.cli import set_plan
from identity.domain.access_tokens import InvalidAccessToken, verify_access_token
from identity.domain.accounts import NoSuchAccount
from identity.settings import IdentitySettings

pytestmark = pytest.mark.integration

SESSION = "accessToken accessTokenExpiresAt refreshToken account { id email plan viewerId }"
REGISTER = f"""mutation($e: String!, $p: String!, $g: String) {{
  register(email: $e, password: $p, guestToken: $g) {{ {SESSION} }} }}"""
LOGIN = f"mutation($e: String!, $p: String!) {{ login(email: $e, password: $p) {{ {SESSION} }} }}"
REFRESH = f"mutation($r: String!) {{ refreshToken(refreshToken: $r) {{ {SESSION} }} }}"
LOGOUT = "mutation($r: String!) { logout(refreshToken: $r) }"
ISSUE_GUEST = "mutation { issueGuestToken { token viewerId } }"
PASSWORD = "correct horse battery staple"


class Identity:
    def __init__(
        self, client: httpx.AsyncClient, pool: asyncpg.Pool, settings: IdentitySettings
    ) -> None:
        self.client = client
        self.pool = pool
        self.settings = settings

    async def graphql(self, query: str, **variables: Any) -> dict[str, Any]:
        response = await self.client.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    async def register(self, email: str, password: str = PASSWORD, **more: Any) -> dict[str, Any]:
        return await self.graphql(REGISTER, e=email, p=password, **more)

    async def login(self, email: str, password: str = PASSWORD) -> dict[str, Any]:
        return await self.graphql(LOGIN, e=email, p=password)


def _email() -> str:
    return f"coder-{uuid.uuid4().hex[:10]}@example.com"


def _refused(answer: dict[str, Any]) -> tuple[str, str]:
    assert answer["data"] is None, answer
    error = answer["errors"][0]
    return error["extensions"]["code"], error["message"]


@pytest.fixture(scope="module")
async def identity(infra: Infrastructure) -> AsyncIterator[Identity]:
    settings = IdentitySettings()
    settings.database_prefix += f"_{uuid.uuid4().hex[:6]}"
    async with serving(create_app(settings)) as client:
        pool = await create_pool(settings.dsn)
        yield Identity(client, pool, settings)
        await pool.close()
    await drop_database(settings.dsn)


async def _public_keys(identity: Identity) -> dict[str, Any]:
    response = await identity.client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    return {str(key.key_id): key.key for key in jwt.PyJWKSet.from_dict(response.json()).keys}


async def test_register_login_refresh_and_logout(identity: Identity) -> None:
    email = _email()
    registered = (await identity.register(f"  {email.upper()} "))["data"]["register"]
    account = registered["account"]
    assert (account["email"], account["plan"]) == (email, "free")
    assert account["viewerId"] != account["id"]

    signed_in = (await identity.login(email.title()))["data"]["login"]
    assert signed_in["account"] == account
    first = (await identity.graphql(REFRESH, r=signed_in["refreshToken"]))["data"]["refreshToken"]
    assert first["refreshToken"] != signed_in["refreshToken"]
    assert first["accessToken"] != signed_in["accessToken"]
    second = (await identity.graphql(REFRESH, r=first["refreshToken"]))["data"]["refreshToken"]
    assert second["account"] == account

    assert (await identity.graphql(LOGOUT, r=second["refreshToken"]))["data"] == {"logout": True}
    after_logout = await identity.graphql(REFRESH, r=second["refreshToken"])
    assert _refused(after_logout) == ("UNAUTHENTICATED", "This session was ended; sign in again.")
    # Signing out one session leaves the others (the one from registering) signed in.
    other = await identity.graphql(REFRESH, r=registered["refreshToken"])
    assert other["data"]["refreshToken"]["account"] == account


async def test_a_reused_refresh_token_revokes_its_whole_family(identity: Identity) -> None:
    email = _email()
    await identity.register(email)
    stolen = (await identity.login(email))["data"]["login"]["refreshToken"]
    rotated = (await identity.graphql(REFRESH, r=stolen))["data"]["refreshToken"]["refreshToken"]

    reuse = await identity.graphql(REFRESH, r=stolen)
    assert _refused(reuse) == (
        "UNAUTHENTICATED",
        "This refresh token was already used; sign in again.",
    )
    # The legitimate holder's newer token is revoked with the family, and stays so.
    assert _refused(await identity.graphql(REFRESH, r=rotated))[1] == (
        "This session was ended; sign in again."
    )
    revoked = await identity.pool.fetchval(
        "SELECT bool_and(revoked_at IS NOT NULL) FROM refresh_tokens"
        " WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash ="
        " encode(sha256(convert_to($1, 'UTF8')), 'hex'))",
        stolen,
    )
    assert revoked is True


async def test_a_wrong_password_or_email_is_one_clear_error(identity: Identity) -> None:
    email = _email()
    await identity.register(email)
    wrong = ("UNAUTHENTICATED", "The email or password is not right.")
    assert _refused(await identity.login(email, "not the password")) == wrong
    assert _refused(await identity.login(_email())) == wrong
    assert _refused(await identity.login("not an email")) == wrong
    assert _refused(await identity.login(email, "x" * 5000)) == wrong


async def test_bad_tokens_are_unauthenticated_not_failed(identity: Identity) -> None:
    for bad in ("", "garbage", "x" * 5000):
        assert _refused(await identity.graphql(REFRESH, r=bad)) == (
            "UNAUTHENTICATED",
            "This refresh token is not valid; sign in again.",
        )
        assert _refused(await identity.graphql(LOGOUT, r=bad))[0] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-email", PASSWORD, "This is not an email address"),
        ("coder@example.com", "short", "A password needs at least 10 characters."),
        ("coder@example.com", " " * 10, "A password cannot be only spaces."),
    ],
)
async def test_registering_with_bad_input_is_explained(
    identity: Identity, email: str, password: str, message: str
) -> None:
    code, said = _refused(await identity.register(email, password))
    assert code == "BAD_USER_INPUT"
    assert said.startswith(message)


async def test_an_email_registers_once(identity: Identity) -> None:
    email = _email()
    await identity.register(email)
    again = await identity.register(f" {email.upper()}", "another password entirely")
    assert _refused(again) == ("BAD_USER_INPUT", "An account with this email already exists.")


async def test_a_guest_who_registers_keeps_their_viewer_id(identity: Identity) -> None:
    guest = (await identity.graphql(ISSUE_GUEST))["data"]["issueGuestToken"]
    registered = await identity.register(_email(), g=guest["token"])
    account = registered["data"]["register"]["account"]
    assert account["viewerId"] == guest["viewerId"]

    row = await identity.pool.fetchrow(
        "SELECT topic, key, envelope FROM outbox WHERE envelope->>'type' = $1"
        " AND envelope->>'subject' = $2",
        "identity.account.registered",
        account["id"],
    )
    assert row["key"] == guest["viewerId"]
    assert row["topic"].endswith(".identity.accounts")
    assert json.loads(row["envelope"])["data"] == {
        "accountId": account["id"],
        "viewerId": guest["viewerId"],
        "plan": "free",
        "guestViewerId": guest["viewerId"],
    }
    # One guest identity becomes one account: a second would share its counted views.
    twice = await identity.register(_email(), g=guest["token"])
    assert _refused(twice)[0] == "BAD_USER_INPUT"
    assert "already belongs to an account" in _refused(twice)[1]


async def test_a_bad_guest_token_is_refused_rather_than_ignored(identity: Identity) -> None:
    forged = f"guest.{uuid.uuid4()}.{int(datetime.now(UTC).timestamp()) + 60}.{'A' * 43}"
    code, message = _refused(await identity.register(_email(), g=forged))
    assert code == "UNAUTHENTICATED"
    assert "signature does not match" in message


async def test_registering_without_a_guest_gets_a_new_viewer(identity: Identity) -> None:
    account = (await identity.register(_email()))["data"]["register"]["account"]
    envelope = await identity.pool.fetchval(
        "SELECT envelope FROM outbox WHERE envelope->>'subject' = $1", account["id"]
    )
    assert json.loads(envelope)["data"]["guestViewerId"] is None
    assert uuid.UUID(account["viewerId"])


async def test_the_published_keys_verify_the_service_s_tokens(identity: Identity) -> None:
    email = _email()
    session = (await identity.register(email))["data"]["register"]
    keys = await _public_keys(identity)
    token = session["accessToken"]
    claims = jwt.decode(
        token,
        keys[jwt.get_unverified_header(token)["kid"]],
        algorithms=["EdDSA"],
        audience="codeatlas",
        issuer="codeatlas-identity",
    )
    account = session["account"]
    assert (claims["sub"], claims["viewer"], claims["plan"], claims["kind"]) == (
        account["id"],
        account["viewerId"],
        "free",
        "account",
    )
    assert claims["exp"] - claims["iat"] == 15 * 60
    expires = datetime.fromisoformat(session["accessTokenExpiresAt"])
    assert expires == datetime.fromtimestamp(claims["exp"], UTC)

    now = datetime.now(UTC)
    assert verify_access_token(token, keys, now).account_id == account["id"]
    with pytest.raises(InvalidAccessToken, match="expired"):
        verify_access_token(token, keys, now + timedelta(minutes=16))
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(InvalidAccessToken, match="not issued here"):
        verify_access_token(forged, keys, now)


async def test_every_process_signs_with_the_same_stored_key(identity: Identity) -> None:
    async with serving(create_app(identity.settings)) as second_process:
        theirs = (await second_process.get("/.well-known/jwks.json")).json()
        session = (await identity.register(_email()))["data"]["register"]
    ours = (await identity.client.get("/.well-known/jwks.json")).json()
    assert theirs == ours
    assert len(ours["keys"]) == 1
    assert await identity.pool.fetchval("SELECT count(*) FROM signing_keys") == 1
    kid = jwt.get_unverified_header(session["accessToken"])["kid"]
    assert kid == ours["keys"][0]["kid"]


async def test_an_operator_changes_a_plan_and_it_is_announced(identity: Identity) -> None:
    email = _email()
    account = (await identity.register(email))["data"]["register"]["account"]
    changed = await identity.client.post(
        "/internal/accounts/plan", json={"email": email.upper(), "plan": "pro"}
    )
    assert changed.status_code == 200
    assert changed.json() == {
        "accountId": account["id"],
        "email": email,
        "viewerId": account["viewerId"],
        "plan": "pro",
        "previousPlan": "free",
    }
    envelope = await identity.pool.fetchval(
        "SELECT envelope FROM outbox WHERE envelope->>'type' = 'identity.account.plan_changed'"
        " AND envelope->>'subject' = $1",
        account["id"],
    )
    assert json.loads(envelope)["data"] == {
        "accountId": account["id"],
        "viewerId": account["viewerId"],
        "plan": "pro",
        "previousPlan": "free",
    }
    # New access tokens carry the new plan.
    assert (await identity.login(email))["data"]["login"]["account"]["plan"] == "pro"
    same = await identity.client.post(
        "/internal/accounts/plan", json={"email": email, "plan": "pro"}
    )
    assert same.json()["previousPlan"] == "pro"
    announced = await identity.pool.fetchval(
        "SELECT count(*) FROM outbox WHERE envelope->>'type' = 'identity.account.plan_changed'"
        " AND envelope->>'subject' = $1",
        account["id"],
    )
    assert announced == 1


async def test_an_operator_can_change_a_plan_from_the_command_line(identity: Identity) -> None:
    email = _email()
    await identity.register(email)
    moved = await set_plan(identity.settings, email, "pro")
    assert moved == f"{email} moved from the free plan to pro."
    again = await set_plan(identity.settings, f" {email.upper()}", "pro")
    assert again == f"{email} is on the pro plan already."
    with pytest.raises(NoSuchAccount, match="no account with this email"):
        await set_plan(identity.settings, _email(), "free")


@pytest.mark.parametrize(
    ("body", "status", "code", "message"),
    [
        ({"email": "nobody@example.com", "plan": "pro"}, 404, "NOT_FOUND", "no account"),
        ({"email": "nobody@example.com", "plan": "gold"}, 400, "BAD_USER_INPUT", "plans are"),
        ({"email": "nobody@example.com"}, 400, "BAD_USER_INPUT", "not valid at plan"),
    ],
)
async def test_a_bad_plan_change_is_explained(
    identity: Identity, body: dict[str, str], status: int, code: str, message: str
) -> None:
    refused = await identity.client.post("/internal/accounts/plan", json=body)
    assert refused.status_code == status
    assert refused.json()["code"] == code
    assert message in refused.json()["message"]


async def test_the_gateway_can_check_a_guest_token(identity: Identity) -> None:
    guest = (await identity.graphql(ISSUE_GUEST))["data"]["issueGuestToken"]
    checked = await identity.client.post(
        "/internal/guest-tokens/verify", json={"token": guest["token"]}
    )
    assert (checked.status_code, checked.json()) == (200, {"viewerId": guest["viewerId"]})
    refusals = [
        ({"token": "guest.nope"}, 401, "UNAUTHENTICATED", "not a CodeAtlas guest token"),
        ({"token": "x" * 5000}, 400, "BAD_USER_INPUT", "not valid at token"),
        ({}, 400, "BAD_USER_INPUT", "not valid at token"),
    ]
    for body, status, code, message in refusals:
        refused = await identity.client.post("/internal/guest-tokens/verify", json=body)
        assert refused.status_code == status
        assert refused.json()["code"] == code
        assert message in refused.json()["message"]
