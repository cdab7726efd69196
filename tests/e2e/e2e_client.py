"""End-to-end tests talk to the gateway of a real running stack over HTTP."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from devstack.stack import RunningStack

GRAPHQL_RESPONSE = "application/graphql-response+json"


class GatewayClient:
    def __init__(self, url: str) -> None:
        self.url = url
        self.http = httpx.Client(timeout=30)

    def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        response = self.http.post(
            self.url,
            json={"query": query, "variables": variables or {}},
            headers={"accept": GRAPHQL_RESPONSE, **(headers or {})},
        )
        return response.status_code, response.json()


@pytest.fixture(scope="session")
def gateway(stack: RunningStack) -> GatewayClient:
    return GatewayClient(stack.gateway_url)
