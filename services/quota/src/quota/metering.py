"""Deciding one code page view: the meter decides, the ledger and an event record it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg

from atlaskit.coding import CodeSystem
from atlaskit.events import Envelope
from atlaskit.events.topics import QUOTA_USAGE, VIEW_DECIDED
from atlaskit.outbox import OutgoingEvent, add_to_outbox
from atlaskit.settings import AtlasSettings
from quota.adapters import ledger
from quota.adapters.meter import MeteringUnavailable, ViewMeter
from quota.domain.plans import Plan, Verdict, ViewDecision, window_of

LEDGER_FAILURES = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError)


@dataclass(frozen=True)
class ViewRequest:
    viewer_id: str
    plan: Plan
    system: CodeSystem
    code: str

    @property
    def code_key(self) -> str:
        return f"{self.system.value}:{self.code}"


async def decide_view(
    meter: ViewMeter, pool: asyncpg.Pool, settings: AtlasSettings, request: ViewRequest
) -> ViewDecision:
    window = window_of(datetime.now(UTC))
    decision = await meter.decide(request.viewer_id, request.plan, window, request.code_key)
    try:
        await _record(pool, settings, request, window, decision)
    except LEDGER_FAILURES as exc:
        # A grant missing from the ledger could not be rebuilt after a Redis loss: undo it.
        if decision.verdict is Verdict.GRANTED:
            await meter.forget(request.viewer_id, window, request.code_key)
        raise MeteringUnavailable(f"the view ledger cannot be written: {exc}") from exc
    return decision


async def views_used(meter: ViewMeter, viewer_id: str) -> int:
    return await meter.used(viewer_id, window_of(datetime.now(UTC)))


async def _record(
    pool: asyncpg.Pool,
    settings: AtlasSettings,
    request: ViewRequest,
    window: str,
    decision: ViewDecision,
) -> None:
    async with pool.acquire() as conn, conn.transaction():
        if decision.verdict is Verdict.GRANTED:
            await ledger.record_grant(
                conn,
                request.viewer_id,
                window,
                request.system.value,
                request.code,
                request.plan.name,
            )
        await add_to_outbox(conn, [_decided(settings, request, decision)])


def _decided(
    settings: AtlasSettings, request: ViewRequest, decision: ViewDecision
) -> OutgoingEvent:
    event = Envelope(
        type=VIEW_DECIDED,
        source="quota",
        subject=request.viewer_id,
        data={
            "viewerId": request.viewer_id,
            "plan": request.plan.name,
            "system": request.system.value,
            "code": request.code,
            "decision": decision.verdict.value,
            "used": decision.used,
            "limit": decision.limit,
        },
    )
    return OutgoingEvent(settings.topic(QUOTA_USAGE), request.viewer_id, event)
