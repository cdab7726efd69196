"""The identity subgraph: guest identities, accounts, sessions and partner API keys."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import strawberry
from strawberry.types import Info

from atlaskit.errors import ProtectErrors, Unauthenticated
from atlaskit.viewer import ViewerKind
from identity import partners, sessions
from identity.adapters.accounts import account_by_id
from identity.api.context import IdentityContext, identity_context
from identity.api.errors import SIGN_IN_FIRST, told_to_client
from identity.api.types import (
    AccountType,
    ApiKeyType,
    AuthSession,
    CreatedApiKeyType,
    GuestToken,
    GuestViewer,
)
from identity.domain.accounts import Account
from identity.domain.guest_tokens import GUEST_PLAN, verify_guest_token
from identity.guests import issue_guest
from identity.registration import register


async def _signed_in(context: IdentityContext, now: datetime) -> Account:
    """The account the gateway says is asking; anyone else is refused."""
    with told_to_client():
        viewer = context.viewer(now)
    account = None
    if viewer.kind is ViewerKind.ACCOUNT and _is_uuid(viewer.account_id):
        account = await account_by_id(context.pool, str(viewer.account_id))
    if account is None:
        raise Unauthenticated(SIGN_IN_FIRST)
    return account


def _is_uuid(value: str | None) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@strawberry.type
class Query:
    @strawberry.field(description="Who a guest token belongs to, if it is valid.")
    def verify_guest_token(self, info: Info, token: str) -> GuestViewer:
        secret = identity_context(info).settings.token_secret
        with told_to_client():
            viewer = verify_guest_token(secret, token, datetime.now(UTC))
        return GuestViewer(viewer_id=strawberry.ID(viewer), plan=GUEST_PLAN)

    @strawberry.field(description="The signed-in account.")
    async def my_account(self, info: Info) -> AccountType:
        return AccountType.of(await _signed_in(identity_context(info), datetime.now(UTC)))

    @strawberry.field(description="The signed-in account's API keys, revoked ones included.")
    async def my_api_keys(self, info: Info) -> list[ApiKeyType]:
        context = identity_context(info)
        account = await _signed_in(context, datetime.now(UTC))
        return [ApiKeyType.of(key) for key in await partners.api_keys_of(context.pool, account.id)]


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

    @strawberry.mutation(
        description="A new account on the free plan, signed in. With a guest token, the"
        " account keeps the guest's viewer id, and so the views it used."
    )
    async def register(
        self, info: Info, email: str, password: str, guest_token: str | None = None
    ) -> AuthSession:
        context = identity_context(info)
        with told_to_client():
            session = await register(
                context.pool,
                context.settings,
                context.keyring,
                email,
                password,
                guest_token,
                datetime.now(UTC),
            )
        return AuthSession.of(session)

    @strawberry.mutation(description="Sign in with an email and password.")
    async def login(self, info: Info, email: str, password: str) -> AuthSession:
        context = identity_context(info)
        now = datetime.now(UTC)
        with told_to_client():
            session = await sessions.login(
                context.pool,
                context.keyring,
                context.attempts,
                email,
                password,
                context.client_address(now),
                now,
            )
        return AuthSession.of(session)

    @strawberry.mutation(
        description="A new session for a refresh token, which cannot be used again;"
        " a refresh token used twice ends its session."
    )
    async def refresh_token(self, info: Info, refresh_token: str) -> AuthSession:
        context = identity_context(info)
        with told_to_client():
            session = await sessions.refresh_session(
                context.pool, context.keyring, refresh_token, datetime.now(UTC)
            )
        return AuthSession.of(session)

    @strawberry.mutation(description="Sign out: the session's refresh tokens stop working.")
    async def logout(self, info: Info, refresh_token: str) -> bool:
        with told_to_client():
            await sessions.logout(identity_context(info).pool, refresh_token, datetime.now(UTC))
        return True

    @strawberry.mutation(description="A new API key for a partner integration, shown this once.")
    async def create_api_key(self, info: Info, name: str, scopes: list[str]) -> CreatedApiKeyType:
        context = identity_context(info)
        now = datetime.now(UTC)
        account = await _signed_in(context, now)
        with told_to_client():
            created = await partners.create_api_key(context.pool, account.id, name, scopes, now)
        return CreatedApiKeyType.of(created)

    @strawberry.mutation(description="Revoke one of the signed-in account's API keys.")
    async def revoke_api_key(self, info: Info, id: strawberry.ID) -> ApiKeyType:
        context = identity_context(info)
        now = datetime.now(UTC)
        account = await _signed_in(context, now)
        with told_to_client():
            revoked = await partners.revoke_api_key(context.pool, account.id, str(id), now)
        return ApiKeyType.of(revoked)


schema = strawberry.federation.Schema(query=Query, mutation=Mutation, extensions=[ProtectErrors])
