"""Code pages a viewer asks to open, and what the meter decided for each."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from atlaskit.coding import CodeSystem
from quota.domain.plans import remaining_of


@dataclass(frozen=True)
class CodePage:
    system: CodeSystem
    code: str  # normalized

    @property
    def key(self) -> str:
        """How the ledger's rows and the meter's set members name the page."""
        return f"{self.system.value}:{self.code}"


def distinct_pages(pages: list[CodePage]) -> list[CodePage]:
    """The pages in the order first asked, each once."""
    return list(dict.fromkeys(pages))


class Verdict(Enum):
    GRANTED = "granted"
    ALREADY_VIEWED = "already_viewed"  # opened earlier this window: free
    DENIED = "denied"
    RATE_LIMITED = "rate_limited"


@dataclass(frozen=True)
class ViewDecision:
    page: CodePage
    verdict: Verdict
    used: int  # the viewer's views this window once this decision is counted
    limit: int | None
    reason: str | None = None  # the plan's sentence, for a page it does not open
    exhausted: bool = False  # this grant used the plan's last view of the window

    @property
    def remaining(self) -> int | None:
        return remaining_of(self.limit, self.used)

    @property
    def opens(self) -> bool:
        return self.verdict in (Verdict.GRANTED, Verdict.ALREADY_VIEWED)
