"""Fetches every subgraph's SDL (``_service { sdl }``) and composes them."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import httpx

from gateway.composition.compose import CompositionError, Supergraph, compose
from gateway.composition.subgraph import Subgraph, read_subgraph

log = logging.getLogger(__name__)

SDL_QUERY = "{ _service { sdl } }"


class SubgraphUnreachable(RuntimeError):
    pass


async def fetch_sdl(client: httpx.AsyncClient, name: str, url: str) -> str:
    """The subgraph's SDL, asked for once."""
    try:
        response = await client.post(url, json={"query": SDL_QUERY})
        sdl = response.json()["data"]["_service"]["sdl"]
    except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
        raise SubgraphUnreachable(
            f"subgraph {name!r} at {url} gave no SDL: {type(exc).__name__}: {exc}"
        ) from exc
    if not isinstance(sdl, str):
        raise SubgraphUnreachable(f"subgraph {name!r} at {url} gave no SDL: the answer has none")
    return sdl


async def _wait_for_sdl(client: httpx.AsyncClient, name: str, url: str, deadline: float) -> str:
    unreachable = SubgraphUnreachable(f"subgraph {name!r} at {url} gave no SDL: no answer")
    while time.monotonic() < deadline:
        try:
            return await fetch_sdl(client, name, url)
        except SubgraphUnreachable as exc:
            unreachable = exc
        await asyncio.sleep(0.5)
    raise unreachable


async def load_subgraphs(
    urls: Mapping[str, str], wait_seconds: float, client: httpx.AsyncClient | None = None
) -> list[Subgraph]:
    """Asks each subgraph for its SDL, retrying while it starts, for up to ``wait_seconds``."""
    deadline = time.monotonic() + wait_seconds
    async with httpx.AsyncClient(timeout=5.0) if client is None else _borrowed(client) as http:
        sdls = await asyncio.gather(
            *(_wait_for_sdl(http, name, url, deadline) for name, url in urls.items())
        )
    return [
        read_subgraph(name, url, sdl) for (name, url), sdl in zip(urls.items(), sdls, strict=True)
    ]


@asynccontextmanager
async def _borrowed(client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    yield client


async def load_supergraph(
    urls: Mapping[str, str], wait_seconds: float, client: httpx.AsyncClient | None = None
) -> Supergraph:
    if not urls:
        raise CompositionError(["no subgraphs are configured (GATEWAY_SUBGRAPHS or --subgraph)"])
    subgraphs = await load_subgraphs(urls, wait_seconds, client)
    supergraph = compose(subgraphs)
    log.info("composed a supergraph of %s", ", ".join(urls))
    return supergraph
