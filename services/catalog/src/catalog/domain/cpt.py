"""CPT code numbers (from the CMS RVU file) and the text a CPT page may show.

CPT descriptors are the AMA's: without a licensed descriptor file, a CPT code is titled by
our own plain-language title where we wrote one, and otherwise by its number alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from catalog.domain.codes import Code, CodeStatus, CodeSystem
from catalog.domain.hcpcs import LayoutError
from catalog.domain.pfs import RvuEntry
from catalog.domain.plain_language import PlainDescription

CPT_SHAPE = re.compile(r"^[0-9]{4}[0-9A-Z]$")
DELETED = "D"
LICENSE_NOTICE = (
    "The official CPT descriptor is licensed by the American Medical Association and is"
    " shown only where a licensed descriptor file has been loaded."
)


def cpt_title(code: str, plain: Mapping[str, PlainDescription]) -> str:
    description = plain.get(code)
    return description.title if description else f"CPT {code}"


def cpt_codes(
    entries: Iterable[RvuEntry], plain: Mapping[str, PlainDescription], effective_date: date
) -> list[Code]:
    """One code per CPT-shaped RVU row without a modifier; status D (deleted) terminates."""
    codes = []
    for entry in entries:
        if entry.modifier or not CPT_SHAPE.match(entry.code):
            continue
        title = cpt_title(entry.code, plain)
        deleted = entry.status == DELETED
        codes.append(
            Code(
                system=CodeSystem.CPT,
                code=entry.code,
                short_title=title,
                title=title,
                status=CodeStatus.TERMINATED if deleted else CodeStatus.ACTIVE,
                billable=True,
                effective_date=None,
                termination_date=effective_date if deleted else None,
            )
        )
    return codes


@dataclass(frozen=True)
class LicensedDescriptor:
    code: str
    descriptor: str


def parse_licensed_descriptor(row: Sequence[str], source: str, line: int) -> LicensedDescriptor:
    """A row of a licensed AMA descriptor file: code, tab, descriptor."""
    if len(row) != 2:
        raise LayoutError(source, line, f"expected code<TAB>descriptor, found {len(row)} fields")
    code, descriptor = row[0].strip().upper(), " ".join(row[1].split())
    if not CPT_SHAPE.match(code):
        raise LayoutError(source, line, f"{code!r} is not a CPT code")
    if not descriptor:
        raise LayoutError(source, line, f"CPT {code} has no descriptor")
    return LicensedDescriptor(code, descriptor)
