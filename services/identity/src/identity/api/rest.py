"""The published signing keys, and internal REST for the gateway and for operators."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from atlaskit.errors import BAD_USER_INPUT, NOT_FOUND, UNAUTHENTICATED
from atlaskit.rest import error_response
from identity.api.context import IdentityContext
from identity.domain.accounts import MAX_EMAIL_LENGTH, NoSuchAccount, UnknownPlan
from identity.domain.guest_tokens import InvalidToken, verify_guest_token
from identity.partners import InvalidApiKey, api_key_in_use
from identity.plans import change_plan

router = APIRouter()
# Far longer than any token or key of ours; anything longer is refused before it is read.
MAX_CREDENTIAL_LENGTH = 4096
# The keys change rarely, and a verifier that meets an unknown kid asks again.
JWKS_CACHE_CONTROL = "public, max-age=300"


class GuestTokenAsked(BaseModel):
    token: Annotated[str, Field(max_length=MAX_CREDENTIAL_LENGTH)]


class ApiKeyAsked(BaseModel):
    key: Annotated[str, Field(max_length=MAX_CREDENTIAL_LENGTH)]


class PlanAsked(BaseModel):
    email: Annotated[str, Field(max_length=MAX_EMAIL_LENGTH + 64)]
    plan: Annotated[str, Field(max_length=64)]


def _context(request: Request) -> IdentityContext:
    return IdentityContext.of(request.app.state.resources, request)


@router.get("/.well-known/jwks.json")
async def jwks(request: Request) -> JSONResponse:
    """The public keys access tokens are signed with, as a JWK set."""
    return JSONResponse(
        _context(request).keyring.jwks(), headers={"cache-control": JWKS_CACHE_CONTROL}
    )


@router.post("/internal/guest-tokens/verify")
async def verify_guest(asked: GuestTokenAsked, request: Request) -> JSONResponse:
    secret = _context(request).settings.token_secret
    try:
        viewer_id = verify_guest_token(secret, asked.token, datetime.now(UTC))
    except InvalidToken as exc:
        return error_response(401, UNAUTHENTICATED, str(exc))
    return JSONResponse({"viewerId": viewer_id})


@router.post("/internal/api-keys/verify")
async def verify_api_key(asked: ApiKeyAsked, request: Request) -> JSONResponse:
    try:
        api_key = await api_key_in_use(_context(request).pool, asked.key)
    except InvalidApiKey as exc:
        return error_response(401, UNAUTHENTICATED, str(exc))
    return JSONResponse(
        {
            "apiKeyId": api_key.id,
            "accountId": api_key.account_id,
            "viewerId": api_key.viewer_id,
            "plan": api_key.plan,
            "scopes": api_key.scopes,
        }
    )


@router.post("/internal/accounts/plan")
async def set_account_plan(asked: PlanAsked, request: Request) -> JSONResponse:
    context = _context(request)
    try:
        change = await change_plan(context.pool, context.settings, asked.email, asked.plan)
    except UnknownPlan as exc:
        return error_response(400, BAD_USER_INPUT, str(exc))
    except NoSuchAccount as exc:
        return error_response(404, NOT_FOUND, str(exc))
    return JSONResponse(
        {
            "accountId": change.account.id,
            "email": change.account.email,
            "viewerId": change.account.viewer_id,
            "plan": change.account.plan,
            "previousPlan": change.previous_plan,
        }
    )
