"""NCCI types of the catalog subgraph: a claim check, its pairs, edits and MUEs."""

from __future__ import annotations

from datetime import date
from typing import Self

import strawberry
from strawberry.types import Info

from catalog.api.page_types import MueLimit, PtpEditType
from catalog.api.types import Release, catalog_context
from catalog.claims import ClaimCheck
from catalog.domain.ncci import PairCheck


@strawberry.type(description="One pair of the claim's codes, checked in both directions.")
class NcciPairCheck:
    codes: list[str]
    verdict: str
    edits: list[PtpEditType] = strawberry.field(description="Edits in effect on the date.")
    inactive_edits: list[PtpEditType] = strawberry.field(
        description="Edits for the pair that were deleted before the date, or are indicator 9."
    )

    @classmethod
    def of(cls, pair: PairCheck, on: date) -> Self:
        return cls(
            codes=[pair.first, pair.second],
            verdict=pair.verdict,
            edits=[PtpEditType.of(e, on) for e in pair.active],
            inactive_edits=[PtpEditType.of(e, on) for e in pair.inactive],
        )


@strawberry.type(description="A claim's codes checked against NCCI PTP edits and MUEs.")
class NcciCheck:
    date_of_service: date
    codes: list[str]
    pairs: list[NcciPairCheck]
    mues: list[MueLimit]
    ptp_release_id: strawberry.Private[str | None]
    mue_release_id: strawberry.Private[str | None]

    @strawberry.field(description="Every edit in effect among the codes on the date.")
    def edits(self) -> list[PtpEditType]:
        return [edit for pair in self.pairs for edit in pair.edits]

    @strawberry.field(description="The NCCI PTP release in effect on the date of service.")
    async def ptp_release(self, info: Info) -> Release | None:
        return await _release(info, self.ptp_release_id)

    @strawberry.field(description="The MUE release in effect on the date of service.")
    async def mue_release(self, info: Info) -> Release | None:
        return await _release(info, self.mue_release_id)

    @classmethod
    def of(cls, check: ClaimCheck) -> Self:
        on = check.date_of_service
        return cls(
            date_of_service=on,
            codes=list(check.codes),
            pairs=[NcciPairCheck.of(p, on) for p in check.pairs],
            mues=[MueLimit.of(m) for m in check.mues],
            ptp_release_id=check.ptp_release,
            mue_release_id=check.mue_release,
        )


async def _release(info: Info, release_id: str | None) -> Release | None:
    if release_id is None:
        return None
    stored = await catalog_context(info).releases.load(release_id)
    return Release.of(stored) if stored else None
