"""A release: one import of one dataset's official file, with its effective date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from catalog.domain.codes import CodeSystem


class Dataset(Enum):
    """What a release carries: a code set, or one of the files that apply to codes."""

    HCPCS = "HCPCS"
    CPT = "CPT"
    CPT_LICENSED_DESCRIPTORS = "CPT-LICENSED"
    ICD10CM = "ICD10CM"
    ICD10PCS = "ICD10PCS"
    NCCI_PTP = "NCCI-PTP"
    NCCI_MUE = "NCCI-MUE"
    NCCI_ADDON = "NCCI-ADDON"
    PFS_RVU = "PFS-RVU"
    PFS_GPCI = "PFS-GPCI"
    PLACE_OF_SERVICE = "POS"
    MSDRG_CC_MCC = "MSDRG-CC-MCC"
    COVERAGE_INDEX = "MCD-INDEX"

    @property
    def system(self) -> CodeSystem | None:
        try:
            return CodeSystem(self.value)
        except ValueError:
            return None


@dataclass(frozen=True)
class Release:
    id: str
    dataset: Dataset
    name: str
    effective_date: date
    source_file: str
    checksum: str = ""

    @property
    def system(self) -> CodeSystem | None:
        return self.dataset.system

    @classmethod
    def of(
        cls, dataset: Dataset, effective_date: date, source_file: str, checksum: str = ""
    ) -> Release:
        return cls(
            id=f"{dataset.value}-{effective_date.isoformat()}",
            dataset=dataset,
            name=effective_date.strftime("%Y %b"),
            effective_date=effective_date,
            source_file=source_file,
            checksum=checksum,
        )
