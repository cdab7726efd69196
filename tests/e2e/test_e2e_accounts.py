"""Signing in and out through the gateway: each wrong credential is a clear error, login
attempts are limited, and a partner's API key is metered on its own plan."""

from __future__ import annotations

import time

import pytest
from e2e_client import PASSWORD, REFRESH, Accounts, GatewayClient

pytestmark = pytest.mark.e2e

LOGIN = """mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken } }"""
CREATE_KEY = """mutation { createApiKey(name: "Claims export", scopes: ["codes:read"]) {
  key apiKey { id } } }"""
REVOKE_KEY = "mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }"
PARTNER_PAGE = '{ code(system: HCPCS, code: "K0001") { title hcpcs { coverage } } }'


def _refusal(body: dict) -> tuple[str, str]:  # type: ignore[type-arg]
    error = body["errors"][0]
    return error["extensions"]["code"], error["message"]


def test_a_wrong_password_is_one_sentence_and_five_lock_the_account(
    gateway: GatewayClient, accounts: Accounts
) -> None:
    session = accounts.register()
    for _ in range(5):
        status, body = gateway.post(LOGIN, {"email": session.email, "password": "wrong one!"})
        assert status == 200
        assert _refusal(body) == ("UNAUTHENTICATED", "The email or password is not right.")
    _, locked = gateway.post(LOGIN, {"email": session.email, "password": PASSWORD})
    code, message = _refusal(locked)
    assert code == "RATE_LIMITED"
    assert message.startswith("Too many failed sign-in attempts for this account")


def test_a_forged_token_is_refused_at_the_door(gateway: GatewayClient, accounts: Accounts) -> None:
    session = accounts.register()
    header, payload, _ = session.access_token.split(".")
    forged = f"{header}.{payload}.{'A' * 86}"
    status, body = gateway.post(
        "{ viewer { kind } }", headers={"authorization": f"Bearer {forged}"}
    )
    assert status == 401
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "access token" in body["errors"][0]["message"]


def test_a_reused_refresh_token_ends_the_session(
    gateway: GatewayClient, accounts: Accounts
) -> None:
    session = accounts.register()
    accounts.refreshed(session)
    _, reused = gateway.post(REFRESH, {"token": session.refresh_token})
    assert _refusal(reused) == (
        "UNAUTHENTICATED",
        "This refresh token was already used; sign in again.",
    )


def test_a_partner_key_is_metered_on_its_plan_until_it_is_revoked(accounts: Accounts) -> None:
    owner = accounts.client(accounts.register())  # any account may hold partner keys
    created = owner.data(CREATE_KEY)["createApiKey"]
    partner = GatewayClient(owner.url, lambda: {"x-api-key": created["key"]})
    page = partner.data(PARTNER_PAGE)["code"]
    assert page["hcpcs"] is not None
    viewer = partner.data("{ viewer { kind plan quota { used limit } } }")["viewer"]
    assert viewer == {"kind": "PARTNER", "plan": "partner", "quota": {"used": 1, "limit": 10000}}

    owner.data(REVOKE_KEY, {"id": created["apiKey"]["id"]})
    deadline = time.monotonic() + 15  # the gateway trusts a checked key for 5 s
    while True:
        status, body = partner.post(PARTNER_PAGE)
        if status == 401 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert status == 401
    assert _refusal(body) == (
        "UNAUTHENTICATED",
        "This API key is not valid or was revoked.",
    )
