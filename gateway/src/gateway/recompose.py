"""Recomposes the supergraph when a subgraph's schema changes, without dropping requests.

Each refresh asks every subgraph for its SDL once. When one has changed and the subgraphs
still compose, a new Gateway (with a new, empty plan cache) serves every request from then
on; a request already running keeps the Gateway it started with and finishes on it. A
subgraph that does not answer, or a change that does not compose, leaves the current
supergraph serving: the gateway keeps working with what it knows.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Callable

import httpx

from gateway.composition.compose import CompositionError, Supergraph, compose
from gateway.composition.subgraph import Subgraph, SubgraphSdlError, read_subgraph
from gateway.engine import Gateway
from gateway.supergraph_loader import SubgraphUnreachable, fetch_sdl

log = logging.getLogger(__name__)


class Refresh(enum.Enum):
    UNCHANGED = "unchanged"
    RECOMPOSED = "recomposed"
    SUBGRAPH_UNREACHABLE = "subgraph unreachable"
    COMPOSITION_FAILED = "composition failed"


def _compose(sdls: dict[str, str], serving: Supergraph) -> Supergraph:
    subgraphs: list[Subgraph] = [
        read_subgraph(name, serving.subgraphs[name].url, sdl) for name, sdl in sdls.items()
    ]
    return compose(subgraphs)


class Recomposer:
    """Knows the Gateway that serves new requests and replaces it when the subgraphs change.

    ``serve`` makes a Gateway over a supergraph and sends every new request to it.
    """

    def __init__(
        self,
        serving: Gateway,
        serve: Callable[[Supergraph], Gateway],
        sdl_client: httpx.AsyncClient,
    ) -> None:
        self._gateway = serving
        self._serve = serve
        self._client = sdl_client
        # Held by one refresh at a time; whoever waits for a swap is told of each.
        self._refreshing = asyncio.Condition()
        # Why the subgraphs' current schemas do not compose; None while they do.
        self.composition_problem: str | None = None

    @property
    def gateway(self) -> Gateway:
        return self._gateway

    async def refresh(self) -> Refresh:
        """Asks every subgraph for its SDL and recomposes when any has changed."""
        async with self._refreshing:
            serving = self._gateway.supergraph
            try:
                sdls = await self._sdls(serving)
            except SubgraphUnreachable as exc:
                log.warning("supergraph kept: %s", exc)
                return Refresh.SUBGRAPH_UNREACHABLE
            changed = [name for name, sdl in sdls.items() if sdl != serving.subgraphs[name].sdl]
            if not changed:
                self.composition_problem = None
                return Refresh.UNCHANGED
            try:
                # Composition is CPU work: done off the event loop, requests keep flowing.
                supergraph = await asyncio.to_thread(_compose, sdls, serving)
            except (CompositionError, SubgraphSdlError) as exc:
                self._report(changed, str(exc))
                return Refresh.COMPOSITION_FAILED
            self._gateway = self._serve(supergraph)
            self._refreshing.notify_all()
            self.composition_problem = None
            log.info("supergraph recomposed: %s changed", ", ".join(changed))
            return Refresh.RECOMPOSED

    async def poll(self, interval_seconds: float) -> None:
        """Refreshes every ``interval_seconds`` until cancelled."""
        while True:
            await asyncio.sleep(interval_seconds)
            try:
                await self.refresh()
            except Exception:
                # The gateway serves on; the next poll tries again.
                log.exception("supergraph refresh failed")

    async def replaced(self, gateway: Gateway) -> Gateway:
        """The Gateway serving once ``gateway`` no longer is (waits until then)."""
        async with self._refreshing:
            await self._refreshing.wait_for(lambda: self._gateway is not gateway)
            return self._gateway

    async def _sdls(self, serving: Supergraph) -> dict[str, str]:
        names = list(serving.subgraphs)
        answers = await asyncio.gather(
            *(fetch_sdl(self._client, name, serving.subgraphs[name].url) for name in names),
            return_exceptions=True,
        )
        sdls: dict[str, str] = {}
        for name, answer in zip(names, answers, strict=True):
            if isinstance(answer, BaseException):
                raise answer
            sdls[name] = answer
        return sdls

    def _report(self, changed: list[str], problem: str) -> None:
        # Logged once per problem, not once per poll, while the subgraphs stay as they are.
        if problem != self.composition_problem:
            log.error(
                "supergraph not recomposed after %s changed, the previous one still serves: %s",
                ", ".join(changed),
                problem,
            )
        self.composition_problem = problem
