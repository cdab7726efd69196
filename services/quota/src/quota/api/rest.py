"""Internal REST: the synchronous view decision other services ask for."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from quota.adapters.meter import MeteringUnavailable
from quota.api.context import QuotaContext
from quota.domain.plans import UnknownPlan, plan_named
from quota.metering import ViewRequest, decide_view

router = APIRouter(prefix="/internal")


class ViewAsked(BaseModel):
    viewer_id: Annotated[str, Field(alias="viewerId", min_length=1, max_length=128)]
    plan: str
    system: Annotated[str, Field(pattern=r"^(CPT|HCPCS|ICD10CM|ICD10PCS)$")]
    code: Annotated[str, Field(min_length=1, max_length=16)]


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status)


@router.post("/views")
async def decide(asked: ViewAsked, request: Request) -> JSONResponse:
    context = QuotaContext.of(request.app.state.resources)
    try:
        plan = plan_named(asked.plan)
        decision = await decide_view(
            context.meter,
            context.pool,
            context.settings,
            ViewRequest(asked.viewer_id, plan, asked.system, asked.code.upper()),
        )
    except UnknownPlan as exc:
        return _error(400, "BAD_USER_INPUT", str(exc))
    except MeteringUnavailable:
        return _error(503, "METERING_UNAVAILABLE", "Code page metering is unavailable.")
    return JSONResponse(
        {
            "decision": decision.verdict.value,
            "used": decision.used,
            "limit": decision.limit,
            "remaining": decision.remaining,
        }
    )
