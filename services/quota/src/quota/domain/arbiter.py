"""The ledger's word on what the meter decided: the meter is fast, the ledger is durable.

Redis can be wrong both ways: it may have lost views (flushed, restarted, loaded while a
grant was in flight) or hold views the ledger never recorded (a reply lost to a timeout after
the script ran). So under the viewer's ledger lock every page but a rate-limited one is
decided again from the ledger: a page it holds is a free reopening, a new one is granted
while its count allows, and the meter is corrected where it disagrees.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from quota.domain.plans import Plan
from quota.domain.views import CodePage, Verdict, ViewDecision


@dataclass(frozen=True)
class Arbitration:
    decisions: list[ViewDecision]
    grants: list[CodePage] = field(default_factory=list)  # to insert into the ledger
    taken_back: list[CodePage] = field(default_factory=list)  # the meter holds, must not
    restored: list[CodePage] = field(default_factory=list)  # the meter lacks, must hold


def arbitrate(
    plan: Plan,
    metered: Sequence[tuple[CodePage, Verdict]],
    in_ledger: Collection[CodePage],
    used_before: int,
) -> Arbitration:
    """``used_before``: the ledger's count for the window, read under the viewer's lock."""
    used = used_before
    decisions: list[ViewDecision] = []
    outcome = Arbitration(decisions)
    for page, verdict in metered:
        final = _final(plan, page, verdict, in_ledger, used)
        if final is Verdict.GRANTED:
            used += 1
            outcome.grants.append(page)
        held = verdict in (Verdict.GRANTED, Verdict.ALREADY_VIEWED)
        if held and final is Verdict.DENIED:
            outcome.taken_back.append(page)
        elif verdict is Verdict.DENIED and final is not Verdict.DENIED:
            outcome.restored.append(page)
        decisions.append(_decision(plan, page, final, used))
    return outcome


def unmetered(plan: Plan, pages: Sequence[CodePage]) -> list[ViewDecision]:
    """Decisions for a viewer with no id to count against (anonymous): nothing opens."""
    return [_decision(plan, page, Verdict.DENIED, 0) for page in pages]


def _final(
    plan: Plan, page: CodePage, verdict: Verdict, in_ledger: Collection[CodePage], used: int
) -> Verdict:
    if verdict is Verdict.RATE_LIMITED:
        return verdict
    if page in in_ledger:
        return Verdict.ALREADY_VIEWED
    return Verdict.GRANTED if plan.allows_another(used) else Verdict.DENIED


def _decision(plan: Plan, page: CodePage, verdict: Verdict, used: int) -> ViewDecision:
    reasons = {
        Verdict.DENIED: plan.locked_message,
        Verdict.RATE_LIMITED: plan.rate_limited_message,
    }
    return ViewDecision(
        page=page,
        verdict=verdict,
        used=used,
        limit=plan.monthly_views,
        reason=reasons.get(verdict),
        exhausted=verdict is Verdict.GRANTED and plan.uses_up(used),
    )
