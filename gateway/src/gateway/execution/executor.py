"""Runs a query plan: root fetches (in parallel, or in order for mutations), then entities.

A subscription's root fetch is a stream; each result it brings is absorbed by a run of its
own, which fetches that result's entities.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import orjson

from gateway.execution.fetcher import SubgraphFetcher, SubgraphRequest, SubgraphResponse
from gateway.execution.merge import JsonObject, ResponsePath, deep_merge, objects_at
from gateway.planning.documents import REPRESENTATIONS
from gateway.planning.plan import Fetch, QueryPlan


class PlanRun:
    """One execution of a plan: the merged data and the errors, with client-facing paths."""

    def __init__(
        self,
        fetcher: SubgraphFetcher,
        variables: Mapping[str, Any],
        forwarded: Mapping[str, str],
    ) -> None:
        self._fetcher = fetcher
        self._variables = variables
        self._forwarded = forwarded
        self.data: JsonObject = {}
        self.errors: list[dict[str, Any]] = []
        self._roots_shareable = False

    async def run(self, plan: QueryPlan) -> None:
        # A mutation's root calls each reach their subgraph; any other call may be answered
        # by an identical one already in flight.
        self._roots_shareable = not plan.sequential
        if plan.sequential:
            for fetch in plan.root_fetches:
                await self._root(fetch)
        else:
            await asyncio.gather(*(self._root(f) for f in plan.root_fetches))

    def _request(
        self, fetch: Fetch, variables: dict[str, Any], *, shareable: bool = True
    ) -> SubgraphRequest:
        return SubgraphRequest(
            fetch.subgraph, fetch.document, variables, self._forwarded, shareable
        )

    async def _root(self, fetch: Fetch) -> None:
        response = await self._fetcher.fetch(
            self._request(
                fetch, fetch.variables_in(self._variables), shareable=self._roots_shareable
            )
        )
        await self.absorb(fetch, response)

    async def absorb(self, fetch: Fetch, response: SubgraphResponse) -> None:
        """Takes in what the root ``fetch`` returned, then fetches the entities it names."""
        if response.data:
            deep_merge(self.data, response.data)
        roots: list[ResponsePath] = [()]
        self.errors.extend(e for error in response.errors for e in _placed(error, fetch, roots))
        await self._dependents(fetch)

    async def _dependents(self, fetch: Fetch) -> None:
        if fetch.dependents:
            await asyncio.gather(*(self._entities(d) for d in fetch.dependents))

    async def _entities(self, fetch: Fetch) -> None:
        """One ``_entities`` call for ``fetch`` and the fetches batched with it."""
        parts = [fetch, *fetch.batched]
        batch = _Representations()
        for part in parts:
            batch.collect(part, self.data)
        if batch.representations:
            variables = {REPRESENTATIONS: batch.representations}
            for part in parts:
                variables.update(part.variables_in(self._variables))
            response = await self._fetcher.fetch(
                self._request(fetch, variables), entities=len(batch.representations)
            )
            entities = (response.data or {}).get("_entities") or []
            for index, entity in enumerate(entities[: len(batch.targets)]):
                if isinstance(entity, dict):
                    _keep_concrete_type(entity, batch.representations[index])
                    for obj, _ in batch.targets[index]:
                        deep_merge(obj, entity)
            for error in response.errors:
                self.errors.extend(batch.relocated(error))
        await asyncio.gather(*(self._dependents(part) for part in parts))


class _Representations:
    """The distinct representations of the objects some entity fetches are for, each with
    the objects (and their paths) it stands for."""

    def __init__(self) -> None:
        self.representations: list[JsonObject] = []
        self.targets: list[list[tuple[JsonObject, ResponsePath]]] = []
        self.paths_by_fetch: list[tuple[Fetch, list[ResponsePath]]] = []
        self._index_of: dict[bytes, int] = {}

    def collect(self, fetch: Fetch, data: JsonObject) -> None:
        paths: list[ResponsePath] = []
        for obj, where in objects_at(data, fetch.path):
            if not fetch.takes(obj.get("__typename", fetch.type_name)):
                continue
            if any(alias not in obj for alias, _ in fetch.key_aliases):
                continue  # its key was skipped (@skip/@include) or its parent fetch failed
            representation = {"__typename": fetch.entity_type or fetch.type_name}
            for alias, name in fetch.key_aliases:
                representation[name] = obj[alias]
            identity = orjson.dumps(representation, option=orjson.OPT_SORT_KEYS)
            if identity not in self._index_of:
                self._index_of[identity] = len(self.representations)
                self.representations.append(representation)
                self.targets.append([])
            self.targets[self._index_of[identity]].append((obj, where))
            paths.append(where)
        self.paths_by_fetch.append((fetch, paths))

    def relocated(self, error: dict[str, Any]) -> list[dict[str, Any]]:
        """``["_entities", i, ...rest]`` becomes the path of entity i in the client's
        response; an error without one is placed at every field the fetches left null."""
        path = error.get("path") or []
        entity = path[1] if len(path) >= 2 and path[0] == "_entities" else None
        if isinstance(entity, int) and 0 <= entity < len(self.targets):
            return [_client_error(error, [*self.targets[entity][0][1], *path[2:]])]
        pathless = {k: v for k, v in error.items() if k != "path"}
        return [e for fetch, paths in self.paths_by_fetch for e in _placed(pathless, fetch, paths)]


def _keep_concrete_type(entity: JsonObject, representation: JsonObject) -> None:
    """Drops the ``__typename`` an entity answers with when it is the one it was sent: the
    object's own type stands (an @interfaceObject answers with the interface). An interface's
    own subgraph, sent the interface, answers with the concrete type the object lacked."""
    if entity.get("__typename") == representation["__typename"]:
        entity.pop("__typename")


def _client_error(error: dict[str, Any], path: list[str | int] | None) -> dict[str, Any]:
    """The subgraph's error as the client sees it: its ``locations`` point into the gateway's
    subgraph document, not the client's, so they are dropped."""
    placed = {k: v for k, v in error.items() if k not in ("locations", "path")}
    if path is not None:
        placed["path"] = path
    return placed


def _placed(
    error: dict[str, Any], fetch: Fetch, objects: list[ResponsePath]
) -> list[dict[str, Any]]:
    """A root fetch's error keeps its path (the gateway keeps the client's aliases); an error
    without one, such as an unavailable subgraph, is reported at each field it left null."""
    path = error.get("path")
    if path:
        return [_client_error(error, list(path))]
    keys = fetch.response_keys()
    if not keys:
        return [_client_error(error, None)]
    return [_client_error(error, [*where, key]) for where in objects for key in keys]
