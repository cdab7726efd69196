"""The catalog subgraph as CasePilot's tools call it: GraphQL over HTTP, signed as the
assistant service (so gated sections open without counting anyone's page views; CasePilot
meters questions instead), with the catalog's refusals turned into exceptions."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import httpx
from opentelemetry import trace

from atlaskit.tracing import inject_http_headers
from atlaskit.viewer import VIEWER_HEADER, service_viewer, sign_viewer

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

SERVICE_NAME = "assistant"


class CatalogUnavailable(Exception):
    """The catalog did not answer; nothing can be grounded."""


class CatalogNotFound(Exception):
    """The catalog does not hold what was asked."""


class CatalogRefused(Exception):
    """The catalog refused the question's codes; the message says why, for a person."""


class CatalogClient:
    def __init__(self, graphql_url: str, timeout_seconds: float, viewer_secret: str) -> None:
        self._url = graphql_url
        self._secret = viewer_secret
        self._http = httpx.AsyncClient(timeout=timeout_seconds)

    async def close(self) -> None:
        await self._http.aclose()

    async def query(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        """The operation's data; raises when the catalog refuses, lacks or cannot answer."""
        signed = sign_viewer(self._secret, service_viewer(SERVICE_NAME), datetime.now(UTC))
        headers = inject_http_headers({"accept": "application/json", VIEWER_HEADER: signed})
        with tracer.start_as_current_span("catalog tool"):
            try:
                response = await self._http.post(
                    self._url, json={"query": query, "variables": variables}, headers=headers
                )
                body: dict[str, Any] = response.json()
            except (httpx.HTTPError, ValueError) as exc:
                log.warning("the catalog did not answer: %r", exc)
                raise CatalogUnavailable(str(exc)) from exc
        errors = body.get("errors") or []
        codes = [(e.get("extensions") or {}).get("code") for e in errors]
        if "BAD_USER_INPUT" in codes:
            raise CatalogRefused(errors[codes.index("BAD_USER_INPUT")]["message"])
        if "NOT_FOUND" in codes:
            raise CatalogNotFound(errors[codes.index("NOT_FOUND")]["message"])
        if errors or not body.get("data"):
            log.warning("the catalog answered with errors: %s", errors)
            raise CatalogUnavailable(str(errors))
        data: dict[str, Any] = body["data"]
        return data
