"""Failed sign-in counters in Redis: one Lua script checks every limit and counts the
attempt atomically, so concurrent guesses cannot slip past a limit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import NoScriptError, RedisError

from identity.domain.login_limits import LoginLimit

# KEYS: one counter per limit. ARGV: per key, its limit and its time to live in seconds.
# Returns 0 when the attempt was counted, else the 1-based index of the limit reached.
RESERVE_SCRIPT = """
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[2 * i - 1]) then
    return i
  end
end
for i, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then
    redis.call('EXPIRE', key, tonumber(ARGV[2 * i]))
  end
end
return 0
"""
# KEYS[1] is cleared (the account's failures are forgiven), KEYS[2] loses one attempt.
FORGIVE_SCRIPT = """
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then
  redis.call('DECR', KEYS[2])
end
return 0
"""


class SignInUnavailable(RuntimeError):
    """The counters cannot be reached: no password is checked without them."""


class LoginAttempts:
    def __init__(self, client: aioredis.Redis) -> None:
        self._client = client
        self._shas: dict[str, str] = {}

    @classmethod
    def from_url(cls, url: str) -> LoginAttempts:
        pool = aioredis.BlockingConnectionPool.from_url(
            url, max_connections=32, timeout=2.0, socket_timeout=2.0, socket_connect_timeout=2.0
        )
        return cls(aioredis.Redis(connection_pool=pool))

    async def close(self) -> None:
        await self._client.aclose()

    async def ping(self) -> None:
        await self._client.ping()

    async def reserve(self, counters: Sequence[tuple[str, LoginLimit]]) -> LoginLimit | None:
        """Counts one attempt on every (key, limit) counter, unless one is at its limit:
        then nothing is counted and that limit is returned."""
        keys = [key for key, _ in counters]
        args: list[Any] = [n for _, limit in counters for n in (limit.failures, limit.ttl_seconds)]
        reached = int(await self._run(RESERVE_SCRIPT, keys, args))
        return None if reached == 0 else counters[reached - 1][1]

    async def forgive(self, account_key: str, address_key: str) -> None:
        """A sign-in that succeeded: the account starts afresh, the address gets one back."""
        await self._run(FORGIVE_SCRIPT, [account_key, address_key], [])

    async def _run(self, script: str, keys: list[str], args: list[Any]) -> Any:
        try:
            sha = self._shas.get(script)
            if sha is None:
                sha = self._shas[script] = await self._client.script_load(script)
            try:
                return await self._client.evalsha(sha, len(keys), *keys, *args)
            except NoScriptError:
                # Redis restarted or was flushed of scripts: load it again once.
                sha = self._shas[script] = await self._client.script_load(script)
                return await self._client.evalsha(sha, len(keys), *keys, *args)
        except RedisError as exc:
            raise SignInUnavailable(str(exc)) from exc
