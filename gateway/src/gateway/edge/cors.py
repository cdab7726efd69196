"""Cross-origin requests from browsers: allowed only from the origins configured.

None are allowed by default: GraphiQL is served by the gateway itself, and a web app on
another origin is named in ``GATEWAY_CORS_ORIGINS`` (``["*"]`` allows any, for development).
Credentials travel in headers, never in cookies, so no cookie is ever allowed across origins.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from gateway.auth.credentials import API_KEY_HEADER, GUEST_TOKEN_HEADER

REQUEST_HEADERS = (
    "accept",
    "accept-language",
    "authorization",
    "content-type",
    "traceparent",
    "tracestate",
    "x-request-id",
    API_KEY_HEADER,
    GUEST_TOKEN_HEADER,
)
PREFLIGHT_CACHE_SECONDS = 600


def allow_origins(app: FastAPI, origins: tuple[str, ...]) -> None:
    if not origins:
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(origins),
        allow_methods=["GET", "POST"],
        allow_headers=list(REQUEST_HEADERS),
        expose_headers=["retry-after"],
        allow_credentials=False,
        max_age=PREFLIGHT_CACHE_SECONDS,
    )
