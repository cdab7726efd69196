"""The identity subgraph's types."""

from __future__ import annotations

from datetime import datetime

import strawberry

from identity.domain.accounts import Account
from identity.domain.api_keys import ApiKey
from identity.partners import CreatedApiKey
from identity.sessions import Session


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


@strawberry.type(name="Account", description="A registered account.")
class AccountType:
    id: strawberry.ID
    email: str
    plan: str = strawberry.field(description="free or pro")
    viewer_id: strawberry.ID = strawberry.field(
        description="Whose views are counted: the guest's, when they registered as a guest."
    )
    created_at: datetime

    @classmethod
    def of(cls, account: Account) -> AccountType:
        return cls(
            id=strawberry.ID(account.id),
            email=account.email,
            plan=account.plan,
            viewer_id=strawberry.ID(account.viewer_id),
            created_at=account.created_at,
        )


@strawberry.type(description="A signed-in session: send the access token as a bearer token.")
class AuthSession:
    access_token: str = strawberry.field(description="An EdDSA JWT, valid 15 minutes.")
    access_token_expires_at: datetime
    refresh_token: str = strawberry.field(
        description="Valid 30 days and once: refreshing gives a new one."
    )
    account: AccountType

    @classmethod
    def of(cls, session: Session) -> AuthSession:
        return cls(
            access_token=session.access_token,
            access_token_expires_at=session.access_token_expires_at,
            refresh_token=session.refresh_token,
            account=AccountType.of(session.account),
        )


@strawberry.type(
    name="ApiKey", description="A partner API key; the key itself is never shown again."
)
class ApiKeyType:
    id: strawberry.ID
    name: str
    prefix: str = strawberry.field(description="The key's first characters, to tell it apart.")
    scopes: list[str]
    viewer_id: strawberry.ID = strawberry.field(description="The key is metered on its own.")
    created_at: datetime
    revoked_at: datetime | None

    @classmethod
    def of(cls, api_key: ApiKey) -> ApiKeyType:
        return cls(
            id=strawberry.ID(api_key.id),
            name=api_key.name,
            prefix=api_key.display_prefix,
            scopes=api_key.scopes,
            viewer_id=strawberry.ID(api_key.viewer_id),
            created_at=api_key.created_at,
            revoked_at=api_key.revoked_at,
        )


@strawberry.type(name="CreatedApiKey", description="A new API key, shown this once.")
class CreatedApiKeyType:
    key: str = strawberry.field(description="Send it as X-API-Key; keep it secret.")
    api_key: ApiKeyType

    @classmethod
    def of(cls, created: CreatedApiKey) -> CreatedApiKeyType:
        return cls(key=created.key, api_key=ApiKeyType.of(created.api_key))
