"""The question meter in Redis: one Lua script decides a CasePilot question atomically.

A viewer's day is one set, like a month of views: the ids of the questions counted today,
plus the marker put there when the set was loaded from the ledger. A question id already in
the set is free (a retry); a new one is counted while the plan allows. The set expires a
while after its day ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import redis.asyncio as aioredis
from redis.commands.core import AsyncScript

from quota.adapters.meter import MARKER, NO_LIMIT, WindowNotLoaded, WindowSets, text
from quota.domain.plans import Plan
from quota.domain.questions import QuestionVerdict
from quota.domain.windows import MeteringWindow

# KEYS[1]: the viewer's questions of the day. ARGV: marker, daily limit (-1: none), set ttl,
# the question's member.
DECIDE_SCRIPT = """
local asked = KEYS[1]
if redis.call('SISMEMBER', asked, ARGV[1]) == 0 then
  return 'unloaded'
end
local limit = tonumber(ARGV[2])
local verdict = 'granted'
if redis.call('SISMEMBER', asked, ARGV[4]) == 1 then
  verdict = 'already_asked'
elseif limit >= 0 and redis.call('SCARD', asked) - 1 >= limit then
  verdict = 'denied'
else
  redis.call('SADD', asked, ARGV[4])
end
redis.call('EXPIRE', asked, tonumber(ARGV[3]))
return verdict
"""
# A day's set outlives its day by this much (clocks of instances differ a little), then
# Redis frees it.
SLACK_SECONDS = 3600


def asked_key(viewer_id: str, day: str) -> str:
    # The braces keep a viewer's keys in one Redis Cluster slot.
    return f"quota:questions:{{{viewer_id}}}:{day}"


def member(question_id: str) -> str:
    """A question id as a set member: the prefix keeps any id apart from the marker."""
    return f"q:{question_id}"


def _ttl(day: MeteringWindow) -> int:
    return day.seconds_left(datetime.now(UTC)) + SLACK_SECONDS


class QuestionMeter(WindowSets):
    def __init__(self, client: aioredis.Redis) -> None:
        super().__init__(client)
        self._decide: AsyncScript = client.register_script(DECIDE_SCRIPT)

    async def decide(
        self, viewer_id: str, plan: Plan, day: MeteringWindow, question_id: str
    ) -> QuestionVerdict:
        """Raises ``WindowNotLoaded`` before any change."""
        limit = NO_LIMIT if plan.daily_questions is None else plan.daily_questions
        keys = [asked_key(viewer_id, day.label)]
        args = [MARKER, limit, _ttl(day), member(question_id)]
        verdict = text(await self._run(self._decide, keys, args))
        if verdict == "unloaded":
            raise WindowNotLoaded(viewer_id)
        return QuestionVerdict(verdict)

    async def load(self, viewer_id: str, day: MeteringWindow, question_ids: Sequence[str]) -> bool:
        """Puts the ledger's questions of a day into Redis, unless it is loaded already."""
        members = [member(question_id) for question_id in question_ids]
        return await self._load_set(asked_key(viewer_id, day.label), _ttl(day), members)

    async def correct(
        self, viewer_id: str, day: MeteringWindow, question_id: str, *, counted: bool
    ) -> None:
        """Makes the meter agree with the ledger on one question: counted or not."""
        asked = [member(question_id)]
        forget, remember = ([], asked) if counted else (asked, [])
        await self._correct_set(asked_key(viewer_id, day.label), _ttl(day), forget, remember)
