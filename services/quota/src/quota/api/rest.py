"""Internal REST: the synchronous view decisions the gateway and other services ask for, and
what every internal route shares (the signed viewer, refusals, error handlers).

The viewer is never taken from the body: only from the gateway's signed viewer context.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from atlaskit.coding import CodeSystem, MalformedCode, normalize_code
from atlaskit.errors import BAD_USER_INPUT, FORBIDDEN, UNAUTHENTICATED
from atlaskit.rest import error_response, invalid_request_handler
from atlaskit.viewer import VIEWER_HEADER, InvalidViewerContext, Viewer
from quota.adapters.meter import MeteringUnavailable
from quota.api.context import QuotaContext
from quota.api.errors import (
    METERING_UNAVAILABLE,
    METERING_UNAVAILABLE_MESSAGE,
    unauthenticated_message,
    unknown_plan_message,
)
from quota.domain.plans import UnknownPlan
from quota.domain.views import CodePage, ViewDecision, distinct_pages
from quota.metering import MeteredPages

log = logging.getLogger(__name__)

MAX_PAGES = 100

router = APIRouter(prefix="/internal")


class Refused(Exception):
    """A request answered with an error body ``{"code", "message"}``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class CodePageAsked(BaseModel):
    system: CodeSystem
    code: Annotated[str, Field(min_length=1, max_length=16)]


class CodePagesAsked(BaseModel):
    codes: Annotated[list[CodePageAsked], Field(min_length=1, max_length=MAX_PAGES)]


def quota_context(request: Request) -> QuotaContext:
    return QuotaContext.of(request.app.state.resources)


def signed_viewer(request: Request) -> Viewer:
    """Checked before the body, so a caller without a context learns nothing else."""
    try:
        return quota_context(request).viewer(request.headers.get(VIEWER_HEADER))
    except InvalidViewerContext as exc:
        raise Refused(401, UNAUTHENTICATED, unauthenticated_message(str(exc))) from exc


SignedViewer = Annotated[Viewer, Depends(signed_viewer)]


def _page(asked: CodePageAsked, where: str) -> CodePage:
    try:
        return CodePage(asked.system, normalize_code(asked.system, asked.code))
    except MalformedCode as exc:
        message = f"The view request is not valid at {where}: {exc}."
        raise Refused(400, BAD_USER_INPUT, message) from exc


@contextmanager
def metering_refusals(unavailable_message: str) -> Iterator[None]:
    """A plan not metered here is 403; a meter or ledger out of reach, 503 with the sentence."""
    try:
        yield
    except UnknownPlan as exc:
        raise Refused(403, FORBIDDEN, unknown_plan_message(str(exc))) from exc
    except MeteringUnavailable as exc:
        log.warning("metering unavailable: %s", exc)
        raise Refused(503, METERING_UNAVAILABLE, unavailable_message) from exc


async def _decide(request: Request, viewer: Viewer, pages: list[CodePage]) -> MeteredPages:
    with metering_refusals(METERING_UNAVAILABLE_MESSAGE):
        return await quota_context(request).metering.decide(viewer, pages)


def _decision(decision: ViewDecision) -> dict[str, Any]:
    return {
        "system": decision.page.system.value,
        "code": decision.page.code,
        "decision": decision.verdict.value,
        "used": decision.used,
        "limit": decision.limit,
        "remaining": decision.remaining,
        "reason": decision.reason,
    }


def _window(metered: MeteredPages) -> dict[str, Any]:
    return {"plan": metered.plan.name, "resetsAt": metered.window.resets_at.isoformat()}


@router.post("/views/batch")
async def decide_batch(
    asked: CodePagesAsked, viewer: SignedViewer, request: Request
) -> JSONResponse:
    pages = [_page(page, f"codes.{i}.code") for i, page in enumerate(asked.codes)]
    metered = await _decide(request, viewer, distinct_pages(pages))
    decisions = [_decision(decision) for decision in metered.decisions]
    return JSONResponse({"decisions": decisions, **_window(metered)})


@router.post("/views")
async def decide_one(asked: CodePageAsked, viewer: SignedViewer, request: Request) -> JSONResponse:
    metered = await _decide(request, viewer, [_page(asked, "code")])
    return JSONResponse({**_decision(metered.decisions[0]), **_window(metered)})


async def _explain_refusal(_: Request, exc: Exception) -> JSONResponse:
    if not isinstance(exc, Refused):
        raise exc
    return error_response(exc.status, exc.code, exc.message)


_explain_invalid_question = invalid_request_handler("question request")
_explain_invalid_view = invalid_request_handler("view request")


async def _explain_invalid_request(request: Request, exc: Exception) -> JSONResponse:
    if request.url.path.startswith("/internal/questions/"):
        return await _explain_invalid_question(request, exc)
    return await _explain_invalid_view(request, exc)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Refused, _explain_refusal)
    app.add_exception_handler(RequestValidationError, _explain_invalid_request)
