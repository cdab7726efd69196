"""The identity subgraph: guest identities for anonymous visitors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg
import strawberry
from strawberry.types import Info

from atlaskit.errors import BadUserInput, ProtectErrors, Unauthenticated
from identity.domain.guest_tokens import InvalidToken, verify_guest_token
from identity.guests import issue_guest
from identity.settings import IdentitySettings


@dataclass(frozen=True)
class IdentityContext:
    pool: asyncpg.Pool
    settings: IdentitySettings

    def as_dict(self) -> dict[str, Any]:
        return {"identity": self}


def _context(info: Info) -> IdentityContext:
    context: IdentityContext = info.context["identity"]
    return context


@strawberry.type(description="A signed guest identity; send it as `Authorization: Guest ...`.")
class GuestToken:
    token: str
    viewer_id: strawberry.ID
    plan: str
    expires_at: datetime


@strawberry.type
class GuestViewer:
    viewer_id: strawberry.ID
    plan: str


@strawberry.type
class Query:
    @strawberry.field(description="Who a guest token belongs to, if it is valid.")
    def verify_guest_token(self, info: Info, token: str) -> GuestViewer:
        if len(token) > 512:
            raise BadUserInput("A guest token is at most 512 characters.")
        try:
            viewer = verify_guest_token(
                _context(info).settings.token_secret, token, datetime.now(UTC)
            )
        except InvalidToken as exc:
            raise Unauthenticated(str(exc)) from exc
        return GuestViewer(viewer_id=strawberry.ID(viewer), plan="guest")


@strawberry.type
class Mutation:
    @strawberry.mutation(description="A new guest identity for an anonymous visitor.")
    async def issue_guest_token(self, info: Info) -> GuestToken:
        context = _context(info)
        issued = await issue_guest(context.pool, context.settings)
        return GuestToken(
            token=issued.token,
            viewer_id=strawberry.ID(issued.viewer_id),
            plan="guest",
            expires_at=issued.expires_at,
        )


schema = strawberry.federation.Schema(query=Query, mutation=Mutation, extensions=[ProtectErrors])
