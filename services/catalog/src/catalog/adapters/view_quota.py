"""The quota service's view decisions, asked once per operation for every gated code page.

The viewer is the gateway's signed context, forwarded as it came (``atlaskit.quota_client``).
"""

from __future__ import annotations

from collections.abc import Sequence

from opentelemetry import trace

from atlaskit.coding import CodeSystem
from atlaskit.quota_client import MeteringUnavailable, QuotaClient, ViewerRefused
from catalog.domain.access import PageAccess

__all__ = ["MAX_PAGES_PER_CALL", "MeteringUnavailable", "ViewQuota", "ViewerRefused"]

tracer = trace.get_tracer(__name__)

MAX_PAGES_PER_CALL = 100  # the quota service's own limit per batch
CodeKey = tuple[CodeSystem, str]


class ViewQuota(QuotaClient):
    async def decide(self, viewer_header: str, pages: Sequence[CodeKey]) -> list[PageAccess]:
        """One decision per page, in order; at most ``MAX_PAGES_PER_CALL`` pages."""
        body = {"codes": [{"system": system.value, "code": code} for system, code in pages]}
        with tracer.start_as_current_span("decide code page views") as span:
            span.set_attribute("codeatlas.pages", len(pages))
            answer = await self.post("/internal/views/batch", viewer_header, body)
        by_page = {
            (CodeSystem(d["system"]), d["code"]): PageAccess.decided(
                d["decision"], d.get("reason"), d["used"], d.get("limit"), d.get("remaining")
            )
            for d in answer["decisions"]
        }
        missing = [page for page in pages if page not in by_page]
        if missing:
            raise MeteringUnavailable(f"the quota service did not decide {missing}")
        return [by_page[page] for page in pages]
