"""The quota service's view decisions, asked once per operation for every gated code page.

The viewer is the gateway's signed context, forwarded as it came: the quota service checks
the signature again and never takes the viewer from the body.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import httpx
from opentelemetry import trace

from atlaskit.coding import CodeSystem
from atlaskit.tracing import inject_http_headers
from atlaskit.viewer import VIEWER_HEADER
from catalog.domain.access import PageAccess

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

MAX_PAGES_PER_CALL = 100  # the quota service's own limit per batch
CodeKey = tuple[CodeSystem, str]


class MeteringUnavailable(Exception):
    """The quota service could not decide (down, slow, its Redis down)."""


class ViewerRefused(Exception):
    """The quota service did not accept the viewer context."""


class ViewQuota:
    def __init__(
        self,
        base_url: str,
        timeout_seconds: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"), timeout=timeout_seconds, transport=transport
        )

    async def close(self) -> None:
        await self._http.aclose()

    async def decide(self, viewer_header: str, pages: Sequence[CodeKey]) -> list[PageAccess]:
        """One decision per page, in order; at most ``MAX_PAGES_PER_CALL`` pages."""
        body = {"codes": [{"system": system.value, "code": code} for system, code in pages]}
        headers = inject_http_headers({VIEWER_HEADER: viewer_header})
        with tracer.start_as_current_span("decide code page views") as span:
            span.set_attribute("codeatlas.pages", len(pages))
            try:
                response = await self._http.post(
                    "/internal/views/batch", json=body, headers=headers
                )
            except httpx.HTTPError as exc:
                log.warning("quota service unreachable: %r", exc)
                raise MeteringUnavailable(str(exc)) from exc
        if response.status_code == 401:
            raise ViewerRefused(_message(response))
        if response.status_code != 200:
            log.warning("quota service answered %s: %s", response.status_code, response.text)
            raise MeteringUnavailable(_message(response))
        by_page = {
            (CodeSystem(d["system"]), d["code"]): PageAccess.decided(
                d["decision"], d.get("reason"), d["used"], d.get("limit"), d.get("remaining")
            )
            for d in response.json()["decisions"]
        }
        missing = [page for page in pages if page not in by_page]
        if missing:
            raise MeteringUnavailable(f"the quota service did not decide {missing}")
        return [by_page[page] for page in pages]


def _message(response: httpx.Response) -> str:
    try:
        return str(response.json()["message"])
    except (ValueError, KeyError, TypeError):
        return f"the quota service answered {response.status_code}"
