"""GraphQL clients of a running stack, as a client of CodeAtlas is: anonymous, a guest, or
signed in to an account on a plan (used by the end-to-end tests and the benchmarks)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from atlaskit.sse import COMPLETE, EVENT_STREAM, NEXT, read_events

# The sentences a locked code page shows, as the product promises them (the guest's is the
# issue's own words); tests of every layer check the service says exactly these.
GUEST_LOCKED = (
    "0 code page views remaining. Guest accounts are limited to 1 page view."
    " Register free account to get 5 more views."
)
FREE_LOCKED = (
    "0 code page views remaining. Free accounts are limited to 6 page views a month."
    " Upgrade to Pro for unlimited views."
)

GRAPHQL_RESPONSE = "application/graphql-response+json"
PASSWORD = "correct horse battery staple"
# Access tokens live 15 minutes; a session older than this is refreshed before it is used.
REFRESH_AFTER_SECONDS = 600

SESSION_FIELDS = "accessToken refreshToken account { id viewerId plan }"
REGISTER = f"""mutation($email: String!, $password: String!, $guest: String) {{
  register(email: $email, password: $password, guestToken: $guest) {{ {SESSION_FIELDS} }} }}"""
REFRESH = f"""mutation($token: String!) {{
  refreshToken(refreshToken: $token) {{ {SESSION_FIELDS} }} }}"""


class StreamRefused(Exception):
    """The gateway answered a stream request with JSON (a refusal) instead of events."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body


class GatewayClient:
    def __init__(self, url: str, headers: Callable[[], dict[str, str]] | None = None) -> None:
        self.url = url
        self.http = httpx.Client(timeout=30)
        self._headers = headers or dict

    def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        response = self.http.post(
            self.url,
            json={"query": query, "variables": variables or {}},
            headers={"accept": GRAPHQL_RESPONSE, **self._headers(), **(headers or {})},
        )
        return response.status_code, response.json()

    async def stream(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> AsyncGenerator[dict[str, Any], None]:
        """Each result of a subscription (``next`` event) as it arrives, until ``complete``;
        raises StreamRefused when the gateway refuses to open the stream."""
        request_headers = {"accept": EVENT_STREAM, **self._headers(), **(headers or {})}
        body = {"query": query, "variables": variables or {}}
        async with (
            httpx.AsyncClient(timeout=httpx.Timeout(30, read=None)) as http,
            http.stream("POST", self.url, json=body, headers=request_headers) as response,
        ):
            if not response.headers.get("content-type", "").startswith(EVENT_STREAM):
                raise StreamRefused(response.status_code, json.loads(await response.aread()))
            async for event in read_events(response.aiter_lines()):
                if event.event == COMPLETE:
                    return
                if event.event == NEXT:
                    yield json.loads(event.data)

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The data of an answer that must have no errors."""
        status, body = self.post(query, variables)
        assert status == 200 and "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data


@dataclass
class Session:
    email: str
    viewer_id: str
    plan: str
    access_token: str
    refresh_token: str
    issued: float  # time.monotonic() when the access token was issued

    @property
    def bearer(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.access_token}"}


class Accounts:
    """Guests and accounts made through the gateway; plans set as an operator does."""

    def __init__(self, gateway: GatewayClient, identity_url: str) -> None:
        self.gateway = gateway
        self.identity_url = identity_url

    def guest_token(self) -> str:
        token: str = self.gateway.data("mutation { issueGuestToken { token } }")["issueGuestToken"][
            "token"
        ]
        return token

    def register(self, guest_token: str | None = None) -> Session:
        email = f"coder-{uuid.uuid4().hex[:10]}@example.org"
        variables = {"email": email, "password": PASSWORD, "guest": guest_token}
        return _session(email, self.gateway.data(REGISTER, variables)["register"])

    def refreshed(self, session: Session) -> Session:
        found = self.gateway.data(REFRESH, {"token": session.refresh_token})["refreshToken"]
        return _session(session.email, found)

    def on_plan(self, plan: str, guest_token: str | None = None) -> Session:
        """A new account moved to ``plan`` (identity's operator route), signed in again."""
        session = self.register(guest_token)
        response = httpx.post(
            f"{self.identity_url}/internal/accounts/plan",
            json={"email": session.email, "plan": plan},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        refreshed = self.refreshed(session)
        assert refreshed.plan == plan
        return refreshed

    def client(self, session: Session) -> GatewayClient:
        """A client signed in as ``session``'s account, refreshing its token as it ages."""
        current = [session]

        def headers() -> dict[str, str]:
            if time.monotonic() - current[0].issued > REFRESH_AFTER_SECONDS:
                current[0] = self.refreshed(current[0])
            return current[0].bearer

        return GatewayClient(self.gateway.url, headers)


def _session(email: str, found: dict[str, Any]) -> Session:
    account = found["account"]
    return Session(
        email,
        account["viewerId"],
        account["plan"],
        found["accessToken"],
        found["refreshToken"],
        time.monotonic(),
    )
