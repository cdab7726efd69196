"""End-to-end tests talk to the gateway of a real running stack over HTTP, as a client:
anonymously, as a guest, or signed in to an account on a plan."""

from __future__ import annotations

import pytest

from devstack.clients import (
    GRAPHQL_RESPONSE,
    PASSWORD,
    REFRESH,
    Accounts,
    GatewayClient,
    Session,
)
from devstack.stack import RunningStack

__all__ = ["GRAPHQL_RESPONSE", "PASSWORD", "REFRESH", "Accounts", "GatewayClient", "Session"]


@pytest.fixture(scope="session")
def gateway(stack: RunningStack) -> GatewayClient:
    return GatewayClient(stack.gateway_url)


@pytest.fixture(scope="session")
def accounts(stack: RunningStack, gateway: GatewayClient) -> Accounts:
    return Accounts(gateway, stack.service_url("identity"))


@pytest.fixture(scope="session")
def pro(accounts: Accounts) -> GatewayClient:
    """A coder on the pro plan: every code page opens, nothing is ever locked."""
    return accounts.client(accounts.on_plan("pro"))
