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

    async def run(self, plan: QueryPlan) -> None:
        if plan.sequential:
            for fetch in plan.root_fetches:
                await self._root(fetch)
        else:
            await asyncio.gather(*(self._root(f) for f in plan.root_fetches))

    def _request(self, fetch: Fetch, variables: dict[str, Any]) -> SubgraphRequest:
        return SubgraphRequest(fetch.subgraph, fetch.document, variables, self._forwarded)

    async def _root(self, fetch: Fetch) -> None:
        response = await self._fetcher.fetch(
            self._request(fetch, fetch.variables_in(self._variables))
        )
        await self.absorb(fetch, response)

    async def absorb(self, fetch: Fetch, response: SubgraphResponse) -> None:
        """Takes in what the root ``fetch`` returned, then fetches the entities it names."""
        if response.data:
            deep_merge(self.data, response.data)
        self.errors.extend(response.errors)
        await self._dependents(fetch)

    async def _dependents(self, fetch: Fetch) -> None:
        if fetch.dependents:
            await asyncio.gather(*(self._entities(d) for d in fetch.dependents))

    async def _entities(self, fetch: Fetch) -> None:
        representations: list[JsonObject] = []
        targets: list[list[tuple[JsonObject, ResponsePath]]] = []
        index_of: dict[bytes, int] = {}
        for obj, where in objects_at(self.data, fetch.path):
            typename = obj.get("__typename", fetch.type_name)
            if typename != fetch.type_name:
                continue
            representation = {"__typename": typename}
            for alias, name in fetch.key_aliases:
                representation[name] = obj.get(alias)
            identity = orjson.dumps(representation, option=orjson.OPT_SORT_KEYS)
            if identity not in index_of:
                index_of[identity] = len(representations)
                representations.append(representation)
                targets.append([])
            targets[index_of[identity]].append((obj, where))
        if not representations:
            return
        variables = {REPRESENTATIONS: representations, **fetch.variables_in(self._variables)}
        response = await self._fetcher.fetch(
            self._request(fetch, variables), entities=len(representations)
        )
        entities = (response.data or {}).get("_entities") or []
        for index, entity in enumerate(entities[: len(targets)]):
            if isinstance(entity, dict):
                for obj, _ in targets[index]:
                    deep_merge(obj, entity)
        self.errors.extend(self._relocated(error, targets) for error in response.errors)
        await self._dependents(fetch)

    @staticmethod
    def _relocated(
        error: dict[str, Any], targets: list[list[tuple[JsonObject, ResponsePath]]]
    ) -> dict[str, Any]:
        """``["_entities", i, ...rest]`` becomes the path of entity i in the client's response."""
        path = error.get("path") or []
        entity = path[1] if len(path) >= 2 and path[0] == "_entities" else None
        if isinstance(entity, int) and 0 <= entity < len(targets):
            return {**error, "path": [*targets[entity][0][1], *path[2:]]}
        relocated = dict(error)
        relocated.pop("path", None)
        return relocated
