"""The view meter in Redis: one Lua script decides a whole batch of code pages atomically.

A viewer's window is one set: the code pages opened this month, plus a marker member put
there when the set was loaded from the ledger. A set without its marker (Redis flushed,
restarted, or the key evicted) is never decided on: the service loads it from the ledger
first, so counters come back instead of starting again from zero. Marker and pages live in
the same key so that they can only vanish together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import redis.asyncio as aioredis
from redis.commands.core import AsyncScript
from redis.exceptions import RedisError

from quota.domain.plans import Plan
from quota.domain.views import Verdict

MARKER = "!loaded"  # cannot be a page key, which is SYSTEM:CODE
NO_LIMIT = -1

# KEYS[1]: the viewer's window set; KEYS[2]: the viewer's per-second counter (a hash of the
# Redis clock's second and the pages asked in it). ARGV: marker, monthly limit, rate limit
# (-1: none), set ttl, then the page keys. Every page asked counts towards the rate limit,
# reopenings included: the rate protects the service, the monthly limit the content.
DECIDE_SCRIPT = """
local viewed, rate = KEYS[1], KEYS[2]
if redis.call('SISMEMBER', viewed, ARGV[1]) == 0 then
  return {'unloaded'}
end
local limit, per_second = tonumber(ARGV[2]), tonumber(ARGV[3])
local second, spent = nil, 0
if per_second >= 0 then
  second = redis.call('TIME')[1]
  local stored = redis.call('HMGET', rate, 's', 'n')
  if stored[1] == second then spent = tonumber(stored[2]) end
end
local used = redis.call('SCARD', viewed) - 1
local verdicts = {}
for i = 5, #ARGV do
  local verdict
  if per_second >= 0 and spent >= per_second then
    verdict = 'rate_limited'
  else
    spent = spent + 1
    if redis.call('SISMEMBER', viewed, ARGV[i]) == 1 then
      verdict = 'already_viewed'
    elseif limit >= 0 and used >= limit then
      verdict = 'denied'
    else
      redis.call('SADD', viewed, ARGV[i])
      used = used + 1
      verdict = 'granted'
    end
  end
  verdicts[#verdicts + 1] = verdict
end
if per_second >= 0 then
  redis.call('HSET', rate, 's', second, 'n', spent)
  redis.call('EXPIRE', rate, 2)
end
redis.call('EXPIRE', viewed, tonumber(ARGV[4]))
return verdicts
"""

# KEYS[1]: a viewer's window set. ARGV: marker, ttl, then the members the ledger holds.
# Loads only if the marker is still missing: another instance may have loaded (and decided)
# since this one read the ledger.
LOAD_SCRIPT = """
local viewed = KEYS[1]
if redis.call('SISMEMBER', viewed, ARGV[1]) == 1 then
  return 0
end
redis.call('SADD', viewed, ARGV[1])
for i = 3, #ARGV, 1000 do
  redis.call('SADD', viewed, unpack(ARGV, i, math.min(i + 999, #ARGV)))
end
redis.call('EXPIRE', viewed, tonumber(ARGV[2]))
return 1
"""
# Longer than any month, so a window's set outlives the window, then Redis frees it.
WINDOW_TTL_SECONDS = 40 * 24 * 3600
POOL_WAIT_SECONDS = 5.0


class MeteringUnavailable(RuntimeError):
    """The meter or its ledger cannot be reached: nothing gated may be served."""


class WindowNotLoaded(Exception):
    """The viewer's window is not in Redis: load it from the ledger, then decide again."""


def viewed_key(viewer_id: str, window: str) -> str:
    # The braces keep a viewer's keys in one Redis Cluster slot.
    return f"quota:views:{{{viewer_id}}}:{window}"


def rate_key(viewer_id: str) -> str:
    return f"quota:rate:{{{viewer_id}}}"


def decide_arguments(
    viewer_id: str, plan: Plan, window: str, page_keys: Sequence[str]
) -> tuple[list[str], list[Any]]:
    """The keys and arguments of one ``DECIDE_SCRIPT`` call."""
    limit = NO_LIMIT if plan.monthly_views is None else plan.monthly_views
    per_second = NO_LIMIT if plan.views_per_second is None else plan.views_per_second
    keys = [viewed_key(viewer_id, window), rate_key(viewer_id)]
    return keys, [MARKER, limit, per_second, WINDOW_TTL_SECONDS, *page_keys]


def connect(url: str, timeout: float) -> aioredis.Redis:
    # Short socket timeouts: a Redis that is down must turn into METERING_UNAVAILABLE fast.
    # A blocking pool makes bursts wait for one of our own connections instead of failing; a
    # connection lost is replaced on the next command, so metering resumes by itself when
    # Redis is back.
    pool = aioredis.BlockingConnectionPool.from_url(
        url,
        max_connections=64,
        timeout=POOL_WAIT_SECONDS,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
    )
    return aioredis.Redis(connection_pool=pool)


class WindowSets:
    """What every meter does with a viewer's window set: load it from the ledger once, and
    correct it where the ledger disagrees."""

    def __init__(self, client: aioredis.Redis) -> None:
        self._client = client
        # register_script runs EVALSHA and, on NoScriptError (a restarted or script-flushed
        # Redis), loads the script again and retries once.
        self._load: AsyncScript = client.register_script(LOAD_SCRIPT)

    async def _run(self, script: AsyncScript, keys: Sequence[str], args: Sequence[Any]) -> Any:
        try:
            return await script(keys, args)
        except RedisError as exc:
            raise MeteringUnavailable(str(exc)) from exc

    async def _load_set(self, key: str, ttl_seconds: int, members: Sequence[str]) -> bool:
        """Puts the ledger's members of a window into Redis, unless it is loaded already."""
        return bool(await self._run(self._load, [key], [MARKER, ttl_seconds, *members]))

    async def _correct_set(
        self, key: str, ttl_seconds: int, forget: Sequence[str], remember: Sequence[str]
    ) -> None:
        """Takes back what the ledger refused or could not record, and puts back what the
        ledger holds. A window flushed meanwhile stays unmarked, so it is still loaded from
        the ledger before the next decision."""
        try:
            async with self._client.pipeline(transaction=True) as pipe:
                if forget:
                    pipe.srem(key, *forget)
                if remember:
                    pipe.sadd(key, *remember)
                    pipe.expire(key, ttl_seconds)
                await pipe.execute()
        except RedisError as exc:
            raise MeteringUnavailable(str(exc)) from exc


class ViewMeter(WindowSets):
    def __init__(self, client: aioredis.Redis) -> None:
        super().__init__(client)
        self._decide: AsyncScript = client.register_script(DECIDE_SCRIPT)

    @classmethod
    def from_url(cls, url: str, timeout: float) -> ViewMeter:
        return cls(connect(url, timeout))

    async def close(self) -> None:
        await self._client.aclose()

    async def ping(self) -> None:
        await self._client.ping()

    async def decide(
        self, viewer_id: str, plan: Plan, window: str, page_keys: Sequence[str]
    ) -> list[Verdict]:
        """One verdict per page, in order; raises ``WindowNotLoaded`` before any change."""
        keys, args = decide_arguments(viewer_id, plan, window, page_keys)
        verdicts = [text(value) for value in await self._run(self._decide, keys, args)]
        if verdicts == ["unloaded"]:
            raise WindowNotLoaded(viewer_id)
        return [Verdict(verdict) for verdict in verdicts]

    async def load(self, viewer_id: str, window: str, page_keys: Sequence[str]) -> bool:
        """Puts the ledger's pages of a window into Redis, unless it is loaded already."""
        return await self._load_set(viewed_key(viewer_id, window), WINDOW_TTL_SECONDS, page_keys)

    async def correct(
        self, viewer_id: str, window: str, forget: Sequence[str], remember: Sequence[str]
    ) -> None:
        """Makes the meter agree with the ledger: takes back grants the ledger refused or
        could not record, and puts back views the ledger holds."""
        key = viewed_key(viewer_id, window)
        await self._correct_set(key, WINDOW_TTL_SECONDS, forget, remember)


def text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
