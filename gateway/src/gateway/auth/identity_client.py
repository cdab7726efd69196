"""What the gateway asks the identity service: its public signing keys, and whether a guest
token or an API key is valid. Answers are kept briefly, so a request does not wait on a call
each time: a revoked key stops working within ``KEY_CACHE_SECONDS``."""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import httpx

KEY_CACHE_SECONDS = 5.0
GUEST_CACHE_SECONDS = 60.0
JWKS_REFRESH_SECONDS = 30.0
CACHE_SIZE = 10_000


class IdentityUnavailable(RuntimeError):
    """The identity service did not answer."""


class Rejected(ValueError):
    """The identity service says the credential is not valid; the message says why."""


@dataclass(frozen=True)
class ApiKeyOwner:
    api_key_id: str
    account_id: str
    viewer_id: str
    plan: str


class _Cache:
    def __init__(self, ttl: float) -> None:
        self._ttl = ttl
        self._entries: OrderedDict[str, tuple[float, object]] = OrderedDict()

    def get(self, key: str) -> object | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, key: str, value: object) -> None:
        self._entries[key] = (time.monotonic() + self._ttl, value)
        self._entries.move_to_end(key)
        while len(self._entries) > CACHE_SIZE:
            self._entries.popitem(last=False)


class IdentityClient:
    def __init__(
        self,
        base_url: str,
        transport: httpx.AsyncBaseTransport | None = None,
        key_cache_seconds: float = KEY_CACHE_SECONDS,
    ) -> None:
        self._http = httpx.AsyncClient(base_url=base_url, timeout=5.0, transport=transport)
        self._keys = _Cache(key_cache_seconds)
        self._guests = _Cache(GUEST_CACHE_SECONDS)
        self._jwks: dict[str, Any] | None = None
        self._jwks_at = 0.0

    async def close(self) -> None:
        await self._http.aclose()

    async def jwks(self, refresh: bool = False) -> dict[str, Any]:
        """The identity service's public keys; refetched when asked, at most every 30 s."""
        stale = time.monotonic() - self._jwks_at > JWKS_REFRESH_SECONDS
        if self._jwks is None or (refresh and stale):
            body = await self._get("/.well-known/jwks.json")
            self._jwks, self._jwks_at = body, time.monotonic()
        return self._jwks

    async def guest_viewer(self, token: str) -> str:
        cached = self._guests.get(token)
        if isinstance(cached, str):
            return cached
        body = await self._post("/internal/guest-tokens/verify", {"token": token})
        viewer = str(body["viewerId"])
        self._guests.put(token, viewer)
        return viewer

    async def api_key_owner(self, key: str) -> ApiKeyOwner:
        cached = self._keys.get(key)
        if isinstance(cached, ApiKeyOwner):
            return cached
        body = await self._post("/internal/api-keys/verify", {"key": key})
        owner = ApiKeyOwner(
            str(body["apiKeyId"]), str(body["accountId"]), str(body["viewerId"]), str(body["plan"])
        )
        self._keys.put(key, owner)
        return owner

    async def _get(self, path: str) -> dict[str, Any]:
        try:
            response = await self._http.get(path)
        except httpx.HTTPError as exc:
            raise IdentityUnavailable(str(exc)) from exc
        return _body(response)

    async def _post(self, path: str, payload: dict[str, str]) -> dict[str, Any]:
        try:
            response = await self._http.post(path, json=payload)
        except httpx.HTTPError as exc:
            raise IdentityUnavailable(str(exc)) from exc
        return _body(response)


def _body(response: httpx.Response) -> dict[str, Any]:
    if response.status_code in (400, 401, 403):
        try:
            message = str(response.json().get("message") or "")
        except ValueError:
            message = ""
        raise Rejected(message or "The credential is not valid.")
    if response.status_code != 200:
        raise IdentityUnavailable(f"identity answered {response.status_code}")
    body: dict[str, Any] = response.json()
    return body
