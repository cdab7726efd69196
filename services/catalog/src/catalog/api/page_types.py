"""The sections of a code page: hierarchy groups, notes, descriptions, fees, history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Self

import strawberry

from catalog.adapters.repository import HistoryEntry
from catalog.domain.hcpcs import ACTION, COVERAGE
from catalog.domain.hierarchy import CodeGroup, CodeNote
from catalog.domain.ncci import Mue, PtpEdit
from catalog.domain.pfs import Fee, Gpci, RvuEntry
from catalog.domain.plain_language import PlainDescription


@strawberry.type(name="CodeGroup", description="A chapter or block of a code system.")
class CodeGroupType:
    id: str
    kind: str
    title: str
    first_code: str
    last_code: str

    @classmethod
    def of(cls, group: CodeGroup) -> Self:
        return cls(
            id=group.id,
            kind=group.kind.value,
            title=group.title,
            first_code=group.first,
            last_code=group.last,
        )


@strawberry.type(name="CodeNote", description="An instructional note (includes, excludes...).")
class CodeNoteType:
    kind: str
    text: str

    @classmethod
    def of(cls, note: CodeNote) -> Self:
        return cls(kind=note.kind.value, text=note.text)


@strawberry.type(description="Our own plain-language explanation of a code (not AMA text).")
class PlainLanguage:
    title: str
    description: str
    source: str
    reviewed_by: str

    @classmethod
    def of(cls, plain: PlainDescription) -> Self:
        return cls(
            title=plain.title,
            description=plain.description,
            source=plain.source,
            reviewed_by=plain.reviewed_by,
        )


@strawberry.type(description="The official descriptor, or why it cannot be shown.")
class OfficialDescriptor:
    text: str | None
    licensed: bool = strawberry.field(description="True when the text comes from a licensed file.")
    notice: str | None


@strawberry.type(description="A Medicare Physician Fee Schedule amount in dollars.")
class FeeAmount:
    locality: str
    locality_name: str
    non_facility: Decimal
    facility: Decimal

    @classmethod
    def of(cls, fee: Fee) -> Self:
        return cls(
            locality=fee.locality.id if fee.locality.mac else fee.locality.locality,
            locality_name=fee.locality.name,
            non_facility=fee.nonfacility,
            facility=fee.facility,
        )


@strawberry.type(description="A code's RVUs (per modifier row of the PFS) and its fees.")
class FeeScheduleEntry:
    modifier: str | None
    status: str
    work_rvu: Decimal
    non_facility_pe_rvu: Decimal
    facility_pe_rvu: Decimal
    malpractice_rvu: Decimal
    conversion_factor: Decimal
    global_days: str
    national: FeeAmount
    locality: FeeAmount | None

    @classmethod
    def of(cls, entry: RvuEntry, national: Fee, local: Fee | None) -> Self:
        return cls(
            modifier=entry.modifier or None,
            status=entry.status,
            work_rvu=entry.work,
            non_facility_pe_rvu=entry.nonfacility_pe,
            facility_pe_rvu=entry.facility_pe,
            malpractice_rvu=entry.malpractice,
            conversion_factor=entry.conversion_factor,
            global_days=entry.global_days,
            national=FeeAmount.of(national),
            locality=FeeAmount.of(local) if local else None,
        )


@strawberry.type(description="One change a release made to a code.")
class CodeHistoryEntry:
    release_id: str
    change: str
    title: str
    status: str
    recorded_at: datetime

    @classmethod
    def of(cls, entry: HistoryEntry) -> Self:
        return cls(
            release_id=entry.release_id,
            change=entry.change,
            title=entry.title,
            status=entry.status,
            recorded_at=entry.recorded_at,
        )


@strawberry.type(description="A medically unlikely edit: the most units of a code per claim.")
class MueLimit:
    code: str
    units: int
    adjudication_indicator: int = strawberry.field(description="1 line, 2 day, 3 encounter.")
    adjudication: str = strawberry.field(description="How the limit is applied, in words.")
    rationale: str

    @classmethod
    def of(cls, mue: Mue) -> Self:
        return cls(
            code=mue.code,
            units=mue.units,
            adjudication_indicator=mue.adjudication.value,
            adjudication=mue.adjudication.explanation,
            rationale=mue.rationale,
        )


@strawberry.type(description="A Medicare PFS locality and its GPCIs.")
class Locality:
    id: str = strawberry.field(description="MAC-locality, e.g. 01112-54; pass it to fees.")
    state: str
    name: str
    work_gpci: Decimal
    practice_expense_gpci: Decimal
    malpractice_gpci: Decimal

    @classmethod
    def of(cls, gpci: Gpci) -> Self:
        return cls(
            id=gpci.id,
            state=gpci.state,
            name=gpci.name,
            work_gpci=gpci.work,
            practice_expense_gpci=gpci.practice_expense,
            malpractice_gpci=gpci.malpractice,
        )


@strawberry.type(name="PtpEdit", description="An NCCI procedure-to-procedure edit.")
class PtpEditType:
    column1: str = strawberry.field(description="The code that is paid.")
    column2: str = strawberry.field(description="The code that is denied when both are billed.")
    modifier_indicator: int = strawberry.field(description="0, 1 or 9.")
    modifier_rule: str = strawberry.field(description="The modifier indicator in words.")
    rationale: str
    deletion_date: date | None
    active: bool

    @classmethod
    def of(cls, edit: PtpEdit, on: date) -> Self:
        return cls(
            column1=edit.column1,
            column2=edit.column2,
            modifier_indicator=edit.modifier_indicator.value,
            modifier_rule=edit.modifier_indicator.explanation,
            rationale=edit.rationale,
            deletion_date=edit.deletion_date,
            active=edit.active_on(on),
        )


@strawberry.type(description="A page of the NCCI PTP edits of one code.")
class PtpEditPage:
    total_count: int
    edits: list[PtpEditType]
    next_cursor: str | None = strawberry.field(description="Pass as `after` for the next page.")


@strawberry.type(description="What the CMS HCPCS file says of a Level II code's Medicare use.")
class HcpcsDetails:
    coverage: str | None
    coverage_meaning: str | None
    betos: str | None = strawberry.field(description="Berenson-Eggers type of service.")
    action_code: str | None
    action_meaning: str | None
    types_of_service: list[str]

    @classmethod
    def of(cls, attributes: dict[str, str]) -> Self:
        coverage, action = attributes.get("coverage"), attributes.get("actionCode")
        return cls(
            coverage=coverage,
            coverage_meaning=COVERAGE.get(coverage or ""),
            betos=attributes.get("betos"),
            action_code=action,
            action_meaning=ACTION.get(action or ""),
            types_of_service=[t for t in attributes.get("typesOfService", "").split(",") if t],
        )


@strawberry.type(description="An NCCI add-on code edit: an add-on code and a primary it needs.")
class AddOnCodeEdit:
    primary_code: str = strawberry.field(description="CCCCC means any primary code.")
    add_on_code: str
    edit_type: int = strawberry.field(
        description="1: primaries listed; 2: contractor decides;"
        " 3: some primaries listed, others contractor decides."
    )
