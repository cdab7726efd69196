"""The view meter in Redis: one Lua script checks, records and counts atomically."""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import NoScriptError, RedisError

from quota.domain.plans import Plan, Verdict, ViewDecision

# KEYS[1]: the set of codes a viewer opened in one window. ARGV: code, limit (-1 = none), ttl.
VIEW_SCRIPT = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  return {'already_viewed', redis.call('SCARD', KEYS[1])}
end
local used = redis.call('SCARD', KEYS[1])
local limit = tonumber(ARGV[2])
if limit >= 0 and used >= limit then
  return {'denied', used}
end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
return {'granted', used + 1}
"""
# Longer than any month, so a window's set outlives the window, then Redis frees it.
WINDOW_TTL_SECONDS = 40 * 24 * 3600


class MeteringUnavailable(RuntimeError):
    """The meter or its ledger cannot be reached: nothing gated may be served."""


def viewed_key(viewer_id: str, window: str) -> str:
    return f"quota:views:{window}:{viewer_id}"


class ViewMeter:
    def __init__(self, client: aioredis.Redis) -> None:
        self._client = client
        self._sha: str | None = None

    @classmethod
    def from_url(cls, url: str) -> ViewMeter:
        # A blocking pool makes bursts wait for a connection instead of failing.
        pool = aioredis.BlockingConnectionPool.from_url(
            url, max_connections=64, timeout=2.0, socket_timeout=2.0, socket_connect_timeout=2.0
        )
        return cls(aioredis.Redis(connection_pool=pool))

    async def close(self) -> None:
        await self._client.aclose()

    async def ping(self) -> None:
        await self._client.ping()

    async def decide(self, viewer_id: str, plan: Plan, window: str, code_key: str) -> ViewDecision:
        limit = -1 if plan.code_page_views is None else plan.code_page_views
        args: list[Any] = [code_key, limit, WINDOW_TTL_SECONDS]
        try:
            verdict, used = await self._run([viewed_key(viewer_id, window)], args)
        except RedisError as exc:
            raise MeteringUnavailable(str(exc)) from exc
        return ViewDecision(Verdict(_text(verdict)), int(used), plan.code_page_views)

    async def used(self, viewer_id: str, window: str) -> int:
        try:
            return int(await self._client.scard(viewed_key(viewer_id, window)))
        except RedisError as exc:
            raise MeteringUnavailable(str(exc)) from exc

    async def forget(self, viewer_id: str, window: str, code_key: str) -> None:
        """Takes back a grant that could not be recorded durably."""
        try:
            await self._client.srem(viewed_key(viewer_id, window), code_key)
        except RedisError as exc:
            raise MeteringUnavailable(str(exc)) from exc

    async def _run(self, keys: list[str], args: list[Any]) -> list[Any]:
        if self._sha is None:
            self._sha = await self._client.script_load(VIEW_SCRIPT)
        try:
            result = await self._client.evalsha(self._sha, len(keys), *keys, *args)
        except NoScriptError:
            # Redis restarted or was flushed of scripts: load it again once.
            self._sha = await self._client.script_load(VIEW_SCRIPT)
            result = await self._client.evalsha(self._sha, len(keys), *keys, *args)
        return list(result)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
