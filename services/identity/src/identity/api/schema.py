"""The identity subgraph: guest identities for anonymous visitors."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry.types import Info

from atlaskit.errors import ProtectErrors, Unauthenticated
from identity.api.context import identity_context
from identity.domain.guest_tokens import GUEST_PLAN, InvalidToken, verify_guest_token
from identity.guests import issue_guest


@strawberry.type(description="A signed guest identity for an anonymous visitor, valid 30 days.")
class GuestToken:
    token: str
    viewer_id: strawberry.ID
    plan: str
    expires_at: datetime


@strawberry.type(description="The viewer a valid guest token stands for.")
class GuestViewer:
    viewer_id: strawberry.ID
    plan: str


@strawberry.type
class Query:
    @strawberry.field(description="Who a guest token belongs to, if it is valid.")
    def verify_guest_token(self, info: Info, token: str) -> GuestViewer:
        secret = identity_context(info).settings.token_secret
        try:
            viewer = verify_guest_token(secret, token, datetime.now(UTC))
        except InvalidToken as exc:
            raise Unauthenticated(str(exc)) from exc
        return GuestViewer(viewer_id=strawberry.ID(viewer), plan=GUEST_PLAN)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="A new guest identity for an anonymous visitor.")
    async def issue_guest_token(self, info: Info) -> GuestToken:
        context = identity_context(info)
        issued = await issue_guest(context.pool, context.settings)
        return GuestToken(
            token=issued.token,
            viewer_id=strawberry.ID(issued.viewer_id),
            plan=GUEST_PLAN,
            expires_at=issued.expires_at,
        )


schema = strawberry.federation.Schema(query=Query, mutation=Mutation, extensions=[ProtectErrors])
