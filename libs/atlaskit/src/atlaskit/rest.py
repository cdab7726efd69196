"""Internal REST answers every service gives alike: ``{"code", "message"}`` errors, and a
body that does not fit its model explained as the caller's mistake."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from atlaskit.errors import BAD_USER_INPUT

ExceptionHandler = Callable[[Request, Exception], Awaitable[JSONResponse]]


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status)


def invalid_request_handler(what: str = "request") -> ExceptionHandler:
    """400 ``BAD_USER_INPUT`` naming the first problem: "The <what> is not valid at x: ..."."""

    async def explain(_: Request, exc: Exception) -> JSONResponse:
        if not isinstance(exc, RequestValidationError):
            raise exc
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"][1:]) or "body"
        return error_response(
            400, BAD_USER_INPUT, f"The {what} is not valid at {where}: {first['msg']}."
        )

    return explain
