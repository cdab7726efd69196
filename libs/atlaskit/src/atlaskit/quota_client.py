"""Asking the quota service for a decision over its internal REST, as the catalog does for
code page views and the assistant for CasePilot questions.

The viewer is the gateway's signed context, forwarded as it came: the quota service checks
the signature again and never takes the viewer from the body.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import httpx

from atlaskit.tracing import inject_http_headers
from atlaskit.viewer import VIEWER_HEADER

log = logging.getLogger(__name__)


class MeteringUnavailable(Exception):
    """The quota service could not decide (down, slow, its Redis down)."""


class ViewerRefused(Exception):
    """The quota service did not accept the viewer context."""


class QuotaClient:
    """The quota service's internal REST; each kind of decision adds its ``decide``."""

    def __init__(
        self,
        base_url: str,
        timeout_seconds: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"), timeout=timeout_seconds, transport=transport
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def close(self) -> None:
        """What ``atlaskit.service.holding`` calls at the app's end."""
        await self.aclose()

    async def post(
        self, path: str, viewer_header: str | None, body: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The quota service's JSON answer; raises ``ViewerRefused`` on 401 and
        ``MeteringUnavailable`` when it cannot be reached or does not decide."""
        viewer = {VIEWER_HEADER: viewer_header} if viewer_header else {}
        try:
            response = await self._http.post(path, json=body, headers=inject_http_headers(viewer))
        except httpx.HTTPError as exc:
            log.warning("quota service unreachable: %r", exc)
            raise MeteringUnavailable(str(exc) or repr(exc)) from exc
        if response.status_code == 401:
            raise ViewerRefused(_message(response))
        if response.status_code != 200:
            log.warning("quota service answered %s: %s", response.status_code, response.text)
            raise MeteringUnavailable(_message(response))
        try:
            answer = response.json()
        except ValueError as exc:
            raise MeteringUnavailable("the quota service answered something not JSON") from exc
        if not isinstance(answer, dict):
            raise MeteringUnavailable("the quota service answered something not a JSON object")
        return answer


def _message(response: httpx.Response) -> str:
    try:
        return str(response.json()["message"])
    except (ValueError, KeyError, TypeError):
        return f"the quota service answered {response.status_code}"
