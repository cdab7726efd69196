"""Deciding code page views: the Redis meter decides fast, the PostgreSQL ledger arbitrates
and keeps the grants, and the outbox announces every decision, all in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg

from atlaskit.events.topics import QUOTA_USAGE
from atlaskit.outbox import OutgoingEvent, add_to_outbox
from atlaskit.viewer import Viewer, ViewerKind
from quota.adapters import ledger
from quota.adapters.meter import MeteringUnavailable, ViewMeter
from quota.counting import LEDGER_FAILURES, QuotaUsage, ledger_failures, once_loaded
from quota.domain.arbiter import Arbitration, arbitrate, unmetered
from quota.domain.events import usage_events
from quota.domain.plans import Plan, Plans
from quota.domain.views import CodePage, Verdict, ViewDecision
from quota.domain.windows import MeteringWindow, window_containing
from quota.settings import QuotaSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MeteredPages:
    plan: Plan
    window: MeteringWindow
    decisions: list[ViewDecision]


class CodePageMetering:
    def __init__(
        self, meter: ViewMeter, pool: asyncpg.Pool, settings: QuotaSettings, plans: Plans
    ) -> None:
        self._meter = meter
        self._pool = pool
        self._settings = settings
        self._plans = plans

    def plan_of(self, viewer: Viewer) -> Plan:
        return self._plans.named(viewer.plan)

    async def decide(self, viewer: Viewer, pages: Sequence[CodePage]) -> MeteredPages:
        """One decision per page, in order; pages must be distinct."""
        plan = self.plan_of(viewer)
        window = window_containing(datetime.now(UTC))
        if viewer.kind is ViewerKind.ANONYMOUS:
            return MeteredPages(plan, window, unmetered(plan, pages))
        verdicts = await self._metered(viewer.viewer_id, plan, window, pages)
        metered = list(zip(pages, verdicts, strict=True))
        try:
            arbitration = await self._arbitrate(viewer, plan, window, metered)
        except LEDGER_FAILURES as exc:
            # A grant missing from the ledger would be lost with Redis: take it back.
            granted = [page for page, verdict in metered if verdict is Verdict.GRANTED]
            await self._correct(viewer.viewer_id, window, granted, [])
            raise MeteringUnavailable(f"the view ledger cannot be written: {exc}") from exc
        await self._correct(viewer.viewer_id, window, arbitration.taken_back, arbitration.restored)
        return MeteredPages(plan, window, arbitration.decisions)

    async def usage(self, viewer: Viewer) -> QuotaUsage:
        plan = self.plan_of(viewer)
        window = window_containing(datetime.now(UTC))
        if viewer.kind is ViewerKind.ANONYMOUS:
            return QuotaUsage(window, 0, plan.monthly_views)
        with ledger_failures("the view ledger cannot be read"):
            used = await ledger.views_in_window(self._pool, viewer.viewer_id, window.label)
        return QuotaUsage(window, used, plan.monthly_views)

    async def _metered(
        self, viewer_id: str, plan: Plan, window: MeteringWindow, pages: Sequence[CodePage]
    ) -> list[Verdict]:
        keys = [page.key for page in pages]
        return await once_loaded(
            lambda: self._meter.decide(viewer_id, plan, window.label, keys),
            lambda: self._load(viewer_id, window),
            viewer_id,
        )

    async def _load(self, viewer_id: str, window: MeteringWindow) -> None:
        with ledger_failures("the view ledger cannot be read"):
            recorded = await ledger.viewed_page_keys(self._pool, viewer_id, window.label)
        if await self._meter.load(viewer_id, window.label, recorded):
            log.info(
                "loaded %d views of %s in %s from the ledger",
                len(recorded),
                viewer_id,
                window.label,
            )

    async def _arbitrate(
        self,
        viewer: Viewer,
        plan: Plan,
        window: MeteringWindow,
        metered: list[tuple[CodePage, Verdict]],
    ) -> Arbitration:
        viewer_id = viewer.viewer_id
        async with self._pool.acquire() as conn, conn.transaction():
            await ledger.lock_window(conn, viewer_id, window.label)
            used = await ledger.views_counted(conn, viewer_id, window.label)
            pages = [page for page, _ in metered]
            recorded = await ledger.recorded_among(conn, viewer_id, window.label, pages)
            arbitration = arbitrate(plan, metered, recorded, used)
            await ledger.record_grants(conn, viewer_id, window.label, plan.name, arbitration.grants)
            topic = self._settings.topic(QUOTA_USAGE)
            events = usage_events(viewer, plan, window, arbitration.decisions)
            await add_to_outbox(conn, [OutgoingEvent(topic, viewer_id, e) for e in events])
        return arbitration

    async def _correct(
        self,
        viewer_id: str,
        window: MeteringWindow,
        forget: Sequence[CodePage],
        remember: Sequence[CodePage],
    ) -> None:
        if not forget and not remember:
            return
        try:
            await self._meter.correct(
                viewer_id,
                window.label,
                [page.key for page in forget],
                [page.key for page in remember],
            )
        except MeteringUnavailable as exc:
            # The ledger's decision stands; the next one corrects the meter again.
            log.warning("could not correct the meter for %s: %s", viewer_id, exc)
