"""Requests per viewer, or per client address for a request without a credential, counted in
Redis so that every gateway process shares one budget.

The window is fixed: the first request opens it for ``window_seconds``, and once the budget is
spent each request is refused until the window closes, with the seconds left. A refused
request is not counted. One Lua script reads and counts, so concurrent requests cannot both
take the last place.

When Redis cannot be reached the gateway fails open: requests are served unlimited, and one
log line says so when it starts (another when Redis is back), not one per request. Redis is
then asked again only every ``RETRY_SECONDS``, so an unreachable Redis does not cost each
request a timeout.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from atlaskit.viewer import Viewer

log = logging.getLogger(__name__)

RATE_LIMITED = "RATE_LIMITED"
RETRY_SECONDS = 5.0

# KEYS[1]: the subject's counter. ARGV: the budget, the window in milliseconds. Returns 0 when
# the request is counted, else the milliseconds until the window closes.
COUNT_SCRIPT = """
local budget, window = tonumber(ARGV[1]), tonumber(ARGV[2])
if tonumber(redis.call('GET', KEYS[1]) or '0') >= budget then
  local left = redis.call('PTTL', KEYS[1])
  if left < 0 then
    redis.call('PEXPIRE', KEYS[1], window)
    left = window
  end
  return left
end
if redis.call('INCR', KEYS[1]) == 1 then
  redis.call('PEXPIRE', KEYS[1], window)
end
return 0
"""


@dataclass(frozen=True)
class RateLimited:
    retry_after_seconds: int

    @property
    def message(self) -> str:
        return (
            "Too many requests: this client has used its budget for now;"
            f" try again in {self.retry_after_seconds} s."
        )


@dataclass(frozen=True)
class RateLimits:
    per_viewer: int
    per_address: int
    window_seconds: int
    key_prefix: str


class RateLimiter:
    def __init__(self, client: aioredis.Redis, limits: RateLimits) -> None:
        self._client = client
        self._limits = limits
        self._count = client.register_script(COUNT_SCRIPT)
        self._failing = False
        self._retry_at = 0.0

    @classmethod
    def from_url(cls, url: str, limits: RateLimits) -> RateLimiter:
        # Short timeouts: a slow Redis must not hold every request up before failing open.
        client = aioredis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        return cls(client, limits)

    async def close(self) -> None:
        await self._client.aclose()

    async def admit(self, viewer: Viewer | None, address: str | None) -> RateLimited | None:
        """None when the request may go on; what to tell the client when it may not."""
        subject = self._subject(viewer, address)
        if subject is None or time.monotonic() < self._retry_at:
            return None
        key, budget = subject
        try:
            left_ms = int(await self._count(keys=[key], args=[budget, self._window_ms]))
        except RedisError as exc:
            if not self._failing:
                log.warning("rate limits are off, Redis cannot be reached: %s", exc)
                self._failing = True
            self._retry_at = time.monotonic() + RETRY_SECONDS
            return None
        if self._failing:
            log.warning("rate limits are on again, Redis answers")
            self._failing = False
        return RateLimited(max(1, math.ceil(left_ms / 1000))) if left_ms else None

    @property
    def _window_ms(self) -> int:
        return self._limits.window_seconds * 1000

    def _subject(self, viewer: Viewer | None, address: str | None) -> tuple[str, int] | None:
        """Whose counter a request is counted on, and its budget; None when it is not counted."""
        if viewer is not None and viewer.viewer_id:
            kind, name, budget = "viewer", viewer.viewer_id, self._limits.per_viewer
        elif address:
            kind, name, budget = "address", address, self._limits.per_address
        else:
            return None
        return (f"{self._limits.key_prefix}:{kind}:{name}", budget) if budget > 0 else None
