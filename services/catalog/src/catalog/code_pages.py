"""What a code page shows beyond its public fields: hierarchy, notes, limits, fees."""

from __future__ import annotations

from datetime import date

import asyncpg

from catalog.adapters import edits_repository as edits
from catalog.adapters import fees_repository, repository
from catalog.domain.codes import Code, CodeSystem
from catalog.domain.hierarchy import CodeGroup, GroupKind
from catalog.domain.ncci import Mue
from catalog.domain.pfs import Fee, Gpci, RvuEntry, fee
from catalog.domain.releases import Dataset


def category_of(code: Code) -> str:
    """The 3-character category an ICD-10-CM code sits under (E11.9 -> E11)."""
    return code.code.split(".")[0] if code.system is CodeSystem.ICD10CM else code.code


async def block_of(pool: asyncpg.Pool, code: Code) -> CodeGroup | None:
    group_id = code.group
    if group_id is None and code.system is CodeSystem.ICD10CM:
        found = await repository.find_codes(pool, [(code.system, category_of(code))])
        top = found.get((code.system, category_of(code)))
        group_id = top.code.group if top else None
    if group_id is None:
        return None
    return await repository.group(pool, code.system, group_id, GroupKind.BLOCK.value)


async def chapter_of(pool: asyncpg.Pool, code: Code) -> CodeGroup | None:
    block = await block_of(pool, code)
    if block is None or block.parent is None:
        return None
    return await repository.group(pool, code.system, block.parent, GroupKind.CHAPTER.value)


async def mue_of(pool: asyncpg.Pool, code: str, on: date) -> Mue | None:
    release = await edits.release_in_effect(pool, Dataset.NCCI_MUE, on)
    if release is None:
        return None
    return (await edits.mues_for(pool, release, [code])).get(code)


async def fees_of(
    pool: asyncpg.Pool, code: str, on: date, locality: str | None
) -> list[tuple[RvuEntry, Fee, Fee | None]]:
    """Each RVU row of the code with its national fee and, if asked, one locality's."""
    rvu_release = await edits.release_in_effect(pool, Dataset.PFS_RVU, on)
    if rvu_release is None:
        return []
    gpci = await _locality(pool, on, locality) if locality else None
    return [
        (entry, fee(entry), fee(entry, gpci) if gpci else None)
        for entry in await fees_repository.rvu_entries(pool, rvu_release, code)
    ]


class UnknownLocality(LookupError):
    pass


async def _locality(pool: asyncpg.Pool, on: date, locality: str) -> Gpci:
    release = await edits.release_in_effect(pool, Dataset.PFS_GPCI, on)
    localities = await fees_repository.gpcis(pool, release) if release else []
    for gpci in localities:
        if gpci.id == locality:
            return gpci
    raise UnknownLocality(locality)
