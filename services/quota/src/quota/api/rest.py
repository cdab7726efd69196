"""Internal REST: the synchronous view decision other services ask for."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from atlaskit.coding import CodeSystem, MalformedCode, normalize_code
from atlaskit.errors import BAD_USER_INPUT
from quota.adapters.meter import MeteringUnavailable
from quota.api.context import QuotaContext
from quota.api.errors import MAX_VIEWER_ID, METERING_UNAVAILABLE, METERING_UNAVAILABLE_MESSAGE
from quota.domain.plans import UnknownPlan, plan_named
from quota.metering import ViewRequest, decide_view

log = logging.getLogger(__name__)

router = APIRouter(prefix="/internal")


class ViewAsked(BaseModel):
    viewer_id: Annotated[str, Field(alias="viewerId", min_length=1, max_length=MAX_VIEWER_ID)]
    plan: str
    system: CodeSystem
    code: Annotated[str, Field(min_length=1, max_length=16)]


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status)


async def explain_invalid_request(_: Request, exc: Exception) -> JSONResponse:
    """A body that does not fit is the caller's mistake: 400 with the first problem named."""
    if not isinstance(exc, RequestValidationError):
        raise exc
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"][1:]) or "body"
    return _error(400, BAD_USER_INPUT, f"The view request is not valid at {where}: {first['msg']}.")


@router.post("/views")
async def decide(asked: ViewAsked, request: Request) -> JSONResponse:
    context = QuotaContext.of(request.app.state.resources)
    try:
        plan = plan_named(asked.plan)
        code = normalize_code(asked.system, asked.code)
        decision = await decide_view(
            context.meter,
            context.pool,
            context.settings,
            ViewRequest(asked.viewer_id, plan, asked.system, code),
        )
    except UnknownPlan as exc:
        return _error(400, BAD_USER_INPUT, str(exc))
    except MalformedCode as exc:
        return _error(400, BAD_USER_INPUT, f"{exc}.")
    except MeteringUnavailable as exc:
        log.warning("metering unavailable: %s", exc)
        return _error(503, METERING_UNAVAILABLE, METERING_UNAVAILABLE_MESSAGE)
    return JSONResponse(
        {
            "decision": decision.verdict.value,
            "used": decision.used,
            "limit": decision.limit,
            "remaining": decision.remaining,
        }
    )
