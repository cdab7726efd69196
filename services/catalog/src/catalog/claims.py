"""Checking a claim's codes against NCCI on a date of service."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import asyncpg

from catalog.adapters import edits_repository as edits
from catalog.domain.ncci import Mue, PairCheck, check_pairs
from catalog.domain.releases import Dataset

MAX_CLAIM_CODES = 50
_PROCEDURE_CODE = re.compile(r"^[0-9A-Z]{5}$")


class InvalidClaim(ValueError):
    pass


@dataclass(frozen=True)
class ClaimCheck:
    date_of_service: date
    codes: tuple[str, ...]
    ptp_release: str | None
    mue_release: str | None
    pairs: list[PairCheck]
    mues: list[Mue]


def claim_codes(raw: list[str]) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(code.strip().upper() for code in raw))
    if not 2 <= len(codes) <= MAX_CLAIM_CODES:
        raise InvalidClaim(f"A claim check takes 2 to {MAX_CLAIM_CODES} distinct codes.")
    malformed = [c for c in codes if not _PROCEDURE_CODE.match(c)]
    if malformed:
        raise InvalidClaim(
            f"{', '.join(malformed)}: NCCI edits pair CPT and HCPCS codes of 5 characters."
        )
    return codes


async def check_claim(pool: asyncpg.Pool, raw_codes: list[str], on: date) -> ClaimCheck:
    codes = claim_codes(raw_codes)
    async with pool.acquire() as conn:
        ptp_release = await edits.release_in_effect(conn, Dataset.NCCI_PTP, on)
        mue_release = await edits.release_in_effect(conn, Dataset.NCCI_MUE, on)
        found = await edits.ptp_edits_among(conn, ptp_release, codes) if ptp_release else []
        mues = await edits.mues_for(conn, mue_release, codes) if mue_release else {}
    return ClaimCheck(
        date_of_service=on,
        codes=codes,
        ptp_release=ptp_release,
        mue_release=mue_release,
        pairs=check_pairs(codes, found, on),
        mues=[mues[c] for c in codes if c in mues],
    )
