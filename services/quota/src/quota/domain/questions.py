"""CasePilot questions a viewer asks, and what the meter decided for each.

Every question counts once, whatever it asks: its id (the caller's, one per question) makes a
retried request free, so a reply lost on the way does not cost the viewer a second question.
The ledger's word is final, as for views: the meter in Redis is corrected where it disagrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from quota.domain.plans import Plan, remaining_of

MAX_QUESTION_ID_LENGTH = 100


class QuestionVerdict(Enum):
    GRANTED = "granted"
    ALREADY_ASKED = "already_asked"  # the same question id earlier today: free
    DENIED = "denied"

    @property
    def held(self) -> bool:
        """Whether the day's count includes the question."""
        return self is not QuestionVerdict.DENIED


@dataclass(frozen=True)
class QuestionDecision:
    question_id: str
    verdict: QuestionVerdict
    used: int  # the viewer's questions today once this decision is counted
    limit: int | None
    reason: str | None = None  # the plan's sentence, for a question it does not allow

    @property
    def allowed(self) -> bool:
        return self.verdict.held

    @property
    def remaining(self) -> int | None:
        return remaining_of(self.limit, self.used)


@dataclass(frozen=True)
class QuestionArbitration:
    decision: QuestionDecision
    take_back: bool = False  # the meter counts the question, the ledger refused it
    restore: bool = False  # the meter refused the question, the ledger counts it

    @property
    def records(self) -> bool:
        """A new question for the ledger (and the outbox)."""
        return self.decision.verdict is QuestionVerdict.GRANTED


def arbitrate_question(
    plan: Plan, question_id: str, metered: QuestionVerdict, in_ledger: bool, asked_before: int
) -> QuestionArbitration:
    """``asked_before``: the ledger's count for the day, read under the viewer's lock."""
    if in_ledger:
        final = decided(plan, question_id, QuestionVerdict.ALREADY_ASKED, asked_before)
    elif plan.allows_another_question(asked_before):
        final = decided(plan, question_id, QuestionVerdict.GRANTED, asked_before + 1)
    else:
        final = decided(plan, question_id, QuestionVerdict.DENIED, asked_before)
    return QuestionArbitration(
        final,
        take_back=metered.held and not final.allowed,
        restore=final.allowed and not metered.held,
    )


def decided(plan: Plan, question_id: str, verdict: QuestionVerdict, used: int) -> QuestionDecision:
    reason = plan.questions_locked_message if verdict is QuestionVerdict.DENIED else None
    return QuestionDecision(question_id, verdict, used, plan.daily_questions, reason)


def unmetered_question(plan: Plan, question_id: str) -> QuestionDecision:
    """A viewer with no id to count against (anonymous): no question is allowed."""
    return decided(plan, question_id, QuestionVerdict.DENIED, 0)
