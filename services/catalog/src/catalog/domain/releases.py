"""A release: one import of one code set's official file, with its effective date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from catalog.domain.codes import CodeSystem


@dataclass(frozen=True)
class Release:
    id: str
    system: CodeSystem
    name: str
    effective_date: date
    source_file: str

    @classmethod
    def of(cls, system: CodeSystem, effective_date: date, source_file: str) -> Release:
        name = effective_date.strftime("%Y %b")
        return cls(
            id=f"{system.value}-{effective_date.isoformat()}",
            system=system,
            name=name,
            effective_date=effective_date,
            source_file=source_file,
        )
