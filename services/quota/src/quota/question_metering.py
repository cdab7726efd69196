"""Deciding CasePilot questions: the Redis meter decides fast, the PostgreSQL ledger arbitrates
and keeps every question counted, and the outbox announces it, all in one transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg

from atlaskit.events.topics import QUOTA_USAGE
from atlaskit.outbox import OutgoingEvent, add_to_outbox
from atlaskit.viewer import Viewer, ViewerKind
from quota.adapters import question_ledger
from quota.adapters.meter import MeteringUnavailable
from quota.adapters.question_meter import QuestionMeter
from quota.counting import LEDGER_FAILURES, QuotaUsage, ledger_failures, once_loaded
from quota.domain.events import question_asked
from quota.domain.plans import Plan, Plans
from quota.domain.questions import (
    QuestionArbitration,
    QuestionDecision,
    QuestionVerdict,
    arbitrate_question,
    unmetered_question,
)
from quota.domain.windows import MeteringWindow, day_containing
from quota.settings import QuotaSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MeteredQuestion:
    plan: Plan
    day: MeteringWindow
    decision: QuestionDecision


class QuestionMetering:
    def __init__(
        self, meter: QuestionMeter, pool: asyncpg.Pool, settings: QuotaSettings, plans: Plans
    ) -> None:
        self._meter = meter
        self._pool = pool
        self._settings = settings
        self._plans = plans

    async def decide(self, viewer: Viewer, question_id: str) -> MeteredQuestion:
        plan = self._plans.named(viewer.plan)
        day = day_containing(datetime.now(UTC))
        if viewer.kind is ViewerKind.ANONYMOUS:
            return MeteredQuestion(plan, day, unmetered_question(plan, question_id))
        viewer_id = viewer.viewer_id
        metered = await self._metered(viewer_id, plan, day, question_id)
        try:
            arbitration = await self._arbitrate(viewer, plan, day, question_id, metered)
        except LEDGER_FAILURES as exc:
            # A question missing from the ledger would come back free after a Redis loss.
            if metered is QuestionVerdict.GRANTED:
                await self._correct(viewer_id, day, question_id, counted=False)
            raise MeteringUnavailable(f"the question ledger cannot be written: {exc}") from exc
        if arbitration.take_back or arbitration.restore:
            await self._correct(viewer_id, day, question_id, counted=arbitration.restore)
        return MeteredQuestion(plan, day, arbitration.decision)

    async def usage(self, viewer: Viewer) -> QuotaUsage:
        plan = self._plans.named(viewer.plan)
        day = day_containing(datetime.now(UTC))
        if viewer.kind is ViewerKind.ANONYMOUS:
            return QuotaUsage(day, 0, plan.daily_questions)
        with ledger_failures("the question ledger cannot be read"):
            asked = await question_ledger.questions_on_day(self._pool, viewer.viewer_id, day.label)
        return QuotaUsage(day, asked, plan.daily_questions)

    async def _metered(
        self, viewer_id: str, plan: Plan, day: MeteringWindow, question_id: str
    ) -> QuestionVerdict:
        return await once_loaded(
            lambda: self._meter.decide(viewer_id, plan, day, question_id),
            lambda: self._load(viewer_id, day),
            viewer_id,
        )

    async def _load(self, viewer_id: str, day: MeteringWindow) -> None:
        with ledger_failures("the question ledger cannot be read"):
            asked = await question_ledger.asked_question_ids(self._pool, viewer_id, day.label)
        if await self._meter.load(viewer_id, day, asked):
            log.info(
                "loaded %d questions of %s on %s from the ledger", len(asked), viewer_id, day.label
            )

    async def _arbitrate(
        self,
        viewer: Viewer,
        plan: Plan,
        day: MeteringWindow,
        question_id: str,
        metered: QuestionVerdict,
    ) -> QuestionArbitration:
        viewer_id = viewer.viewer_id
        async with self._pool.acquire() as conn, conn.transaction():
            await question_ledger.lock_day(conn, viewer_id, day.label)
            asked = await question_ledger.questions_counted(conn, viewer_id, day.label)
            recorded = await question_ledger.is_recorded(conn, viewer_id, day.label, question_id)
            arbitration = arbitrate_question(plan, question_id, metered, recorded, asked)
            if arbitration.records:
                await question_ledger.record_question(
                    conn, viewer_id, day.label, question_id, plan.name
                )
                event = question_asked(viewer, plan, day, arbitration.decision)
                topic = self._settings.topic(QUOTA_USAGE)
                await add_to_outbox(conn, [OutgoingEvent(topic, viewer_id, event)])
        return arbitration

    async def _correct(
        self, viewer_id: str, day: MeteringWindow, question_id: str, *, counted: bool
    ) -> None:
        try:
            await self._meter.correct(viewer_id, day, question_id, counted=counted)
        except MeteringUnavailable as exc:
            # The ledger's decision stands; the next question corrects the meter again.
            log.warning("could not correct the question meter for %s: %s", viewer_id, exc)
