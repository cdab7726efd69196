"""The ledger's word on the meter's verdicts, pure."""

from __future__ import annotations

import pytest

from atlaskit.coding import CodeSystem
from atlaskit.viewer import ANONYMOUS_PLAN
from quota.domain.arbiter import arbitrate, unmetered
from quota.domain.plans import plans_from_config
from quota.domain.views import CodePage, Verdict, distinct_pages

pytestmark = pytest.mark.unit

PLANS = plans_from_config({})
GRANTED, SEEN, DENIED, LIMITED = (
    Verdict.GRANTED,
    Verdict.ALREADY_VIEWED,
    Verdict.DENIED,
    Verdict.RATE_LIMITED,
)


def _page(code: str) -> CodePage:
    return CodePage(CodeSystem.HCPCS, code)


def test_grants_the_ledger_has_room_for_are_kept_in_order() -> None:
    free = PLANS.named("free")
    metered = [(_page("K0001"), GRANTED), (_page("K0002"), GRANTED), (_page("K0003"), DENIED)]
    outcome = arbitrate(free, metered, set(), used_before=4)
    assert [(d.verdict, d.used, d.remaining) for d in outcome.decisions] == [
        (GRANTED, 5, 1),
        (GRANTED, 6, 0),
        (DENIED, 6, 0),
    ]
    assert outcome.grants == [_page("K0001"), _page("K0002")]
    assert outcome.taken_back == outcome.restored == []
    assert [d.exhausted for d in outcome.decisions] == [False, True, False]
    assert outcome.decisions[2].reason == free.locked_message


def test_grants_beyond_the_ledger_s_count_are_denied_and_taken_back() -> None:
    """Redis lost views: the meter granted what the ledger knows is over the limit."""
    guest = PLANS.named("guest")
    metered = [(_page("K0002"), GRANTED), (_page("K0003"), SEEN)]
    outcome = arbitrate(guest, metered, {_page("K0001")}, used_before=1)
    assert [d.verdict for d in outcome.decisions] == [DENIED, DENIED]
    assert outcome.grants == outcome.restored == []
    assert outcome.taken_back == [_page("K0002"), _page("K0003")]
    assert all(d.reason == guest.locked_message for d in outcome.decisions)


def test_a_page_the_ledger_holds_is_a_free_reopening_whatever_the_meter_said() -> None:
    guest = PLANS.named("guest")
    metered = [(_page("K0001"), GRANTED), (_page("K0001"), DENIED)]
    outcome = arbitrate(guest, metered, {_page("K0001")}, used_before=1)
    assert [(d.verdict, d.used, d.reason) for d in outcome.decisions] == [
        (SEEN, 1, None),
        (SEEN, 1, None),
    ]
    assert outcome.grants == outcome.taken_back == []
    assert outcome.restored == [_page("K0001")]


def test_a_page_the_meter_denies_is_granted_if_the_ledger_has_room() -> None:
    """Redis holds views the ledger never recorded: the ledger's count is the one that holds."""
    free = PLANS.named("free")
    metered = [(_page("K0001"), DENIED), (_page("K0002"), DENIED)]
    outcome = arbitrate(free, metered, set(), used_before=5)
    assert [(d.verdict, d.used) for d in outcome.decisions] == [(GRANTED, 6), (DENIED, 6)]
    assert outcome.grants == outcome.restored == [_page("K0001")]
    assert outcome.taken_back == []


def test_a_reopening_the_ledger_lacks_counts_as_a_grant_if_there_is_room() -> None:
    """The meter saw a page another request granted a moment ago but has not recorded yet."""
    free = PLANS.named("free")
    outcome = arbitrate(free, [(_page("K0009"), SEEN)], set(), used_before=2)
    assert [(d.verdict, d.used) for d in outcome.decisions] == [(GRANTED, 3)]
    assert outcome.grants == [_page("K0009")]


def test_rate_limited_pages_pass_through_with_the_plan_s_sentence() -> None:
    partner = PLANS.named("partner")
    metered = [(_page("K0001"), GRANTED), (_page("K0002"), LIMITED)]
    outcome = arbitrate(partner, metered, {_page("K0002")}, used_before=0)
    assert [(d.verdict, d.used) for d in outcome.decisions] == [(GRANTED, 1), (LIMITED, 1)]
    assert outcome.decisions[1].reason == partner.rate_limited_message
    assert outcome.decisions[0].reason is None


def test_an_unlimited_plan_grants_everything_new_and_is_never_exhausted() -> None:
    pro = PLANS.named("pro")
    metered = [(_page(f"K{i:04d}"), GRANTED) for i in range(50)]
    outcome = arbitrate(pro, metered, set(), used_before=10_000)
    assert all(d.verdict is GRANTED and not d.exhausted for d in outcome.decisions)
    assert (outcome.decisions[-1].used, outcome.decisions[-1].remaining) == (10_050, None)


def test_pages_asked_twice_are_decided_once_in_the_order_first_asked() -> None:
    pages = [_page("K0002"), _page("K0001"), _page("K0002")]
    assert distinct_pages(pages) == [_page("K0002"), _page("K0001")]
    assert _page("K0001").key == "HCPCS:K0001"


def test_a_viewer_with_nothing_to_count_against_opens_nothing() -> None:
    anonymous = PLANS.named(ANONYMOUS_PLAN)
    decisions = unmetered(anonymous, [_page("K0001"), _page("K0002")])
    assert [(d.verdict, d.used, d.remaining) for d in decisions] == [(DENIED, 0, 0)] * 2
    assert {d.reason for d in decisions} == {anonymous.locked_message}
