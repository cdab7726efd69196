"""What identity resolvers and routes reach: the pool, the signing keys, the sign-in
counters, settings, and who is asking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
from fastapi import Request
from strawberry.types import Info

from atlaskit.resources import ServiceResources
from atlaskit.viewer import VIEWER_HEADER, InvalidViewerContext, Viewer, verify_viewer
from identity.adapters.login_attempts import LoginAttempts
from identity.domain.signing_keys import Keyring
from identity.settings import IdentitySettings

KEYRING = "keyring"
LOGIN_ATTEMPTS = "login_attempts"
# No address at all is rare (a test client, a Unix socket); such requests share one counter.
UNKNOWN_ADDRESS = "unknown"


@dataclass(frozen=True)
class IdentityContext:
    pool: asyncpg.Pool
    settings: IdentitySettings
    keyring: Keyring
    attempts: LoginAttempts
    viewer_header: str | None = None
    client_host: str | None = None

    @classmethod
    def of(cls, resources: ServiceResources, request: Request | None = None) -> IdentityContext:
        settings = resources.settings
        if not isinstance(settings, IdentitySettings):
            raise TypeError("the identity service runs with IdentitySettings")
        return cls(
            resources.pool,
            settings,
            resources.extras[KEYRING],
            resources.extras[LOGIN_ATTEMPTS],
            None if request is None else request.headers.get(VIEWER_HEADER),
            None if request is None or request.client is None else request.client.host,
        )

    def viewer(self, now: datetime) -> Viewer:
        """Who the gateway says is asking; raises ``InvalidViewerContext`` when it cannot."""
        return verify_viewer(self.settings.viewer_context_secret, self.viewer_header, now)

    def client_address(self, now: datetime) -> str:
        """The client's address as the gateway saw it, else the address this request came from."""
        try:
            address = self.viewer(now).address
        except InvalidViewerContext:
            address = None
        return address or self.client_host or UNKNOWN_ADDRESS

    def as_dict(self) -> dict[str, Any]:
        return {"identity": self}


def identity_context(info: Info) -> IdentityContext:
    context: IdentityContext = info.context["identity"]
    return context
