"""The identity subgraph's SDL: what the gateway composes."""

from __future__ import annotations

import pytest

from identity.api.schema import schema

pytestmark = pytest.mark.unit


async def test_accounts_sessions_and_api_keys_are_in_the_schema() -> None:
    result = await schema.execute("{ _service { sdl } }")
    assert result.errors is None and result.data is not None
    sdl = result.data["_service"]["sdl"]
    for field in (
        "issueGuestToken: GuestToken!",
        "verifyGuestToken(token: String!): GuestViewer!",
        "register(email: String!, password: String!, guestToken: String = null): AuthSession!",
        "login(email: String!, password: String!): AuthSession!",
        "refreshToken(refreshToken: String!): AuthSession!",
        "logout(refreshToken: String!): Boolean!",
        "createApiKey(name: String!, scopes: [String!]!): CreatedApiKey!",
        "revokeApiKey(id: ID!): ApiKey!",
        "myAccount: Account!",
        "myApiKeys: [ApiKey!]!",
    ):
        assert field in sdl, field
