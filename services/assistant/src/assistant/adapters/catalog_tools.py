"""CasePilot's tools that ask the catalog subgraph: NCCI checks, modifiers, code page
sections (read as the assistant service), places of service, coverage and guidelines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from assistant.adapters import catalog_queries as q
from assistant.adapters.catalog_client import CatalogClient, CatalogNotFound
from assistant.domain.facts import CodeFact
from assistant.domain.guidance import OfficialGuideline
from assistant.domain.intents import CodeLookup
from assistant.domain.limits import FeeRow, MueFacts, Note
from assistant.domain.modifiers import ModifierFacts
from assistant.domain.ncci import NcciFindings, PairFinding, PtpFinding
from assistant.domain.pages import CodePage, PlainWords
from assistant.domain.reference import CoverageDocument, Place

# The datasets whose release a cited section comes from (the catalog's dataset names).
MUE_DATASET = "NCCI-MUE"
PFS_DATASET = "PFS-RVU"
SEVERITY_DATASET = "MSDRG-CC-MCC"
POS_DATASET = "POS"
COVERAGE_DATASET = "MCD-INDEX"
PCS_DATASET = "ICD10PCS"

Section = tuple[Any, str | None]  # a section's payload and the release it comes from


class CatalogTools(CatalogClient):
    async def ncci_check(self, codes: list[str], on: date) -> NcciFindings:
        data = await self.query(q.NCCI_CHECK, {"codes": codes, "on": on.isoformat()})
        check = data["ncciCheck"]
        release = check["ptpRelease"]
        return NcciFindings(
            date.fromisoformat(check["dateOfService"]),
            release["id"] if release else None,
            tuple(_pair(pair) for pair in check["pairs"]),
        )

    async def modifier(self, code: str) -> ModifierFacts | None:
        """The modifier's facts, or None when the catalog does not hold it."""
        try:
            found = (await self.query(q.MODIFIER, {"code": code}))["modifier"]
        except CatalogNotFound:
            return None
        plain = found["plainLanguage"] or {}
        return ModifierFacts(
            found["code"],
            found["title"],
            found["releaseId"],
            plain.get("title"),
            plain.get("description"),
        )

    async def code_page(self, fact: CodeFact, on: date) -> CodePage:
        """Our plain words for a CPT code and its official descriptor, or why it is absent."""
        page = await self._page(q.CODE_PAGE, fact, on)
        plain, official = page["plainLanguage"], page["officialDescriptor"] or {}
        return CodePage(
            fact,
            PlainWords(plain["title"], plain["description"]) if plain else None,
            official.get("text") if official.get("licensed") else None,
            official.get("notice"),
        )

    async def mue(self, code: CodeLookup, on: date) -> tuple[MueFacts | None, str | None]:
        page, release = await self._section(q.MUE, code, on, MUE_DATASET)
        mue = page["mue"]
        if mue is None:
            return None, release
        facts = MueFacts(
            mue["units"], mue["adjudicationIndicator"], mue["adjudication"], mue["rationale"]
        )
        return facts, release

    async def fees(self, code: CodeLookup, on: date) -> tuple[list[FeeRow], str | None]:
        page, release = await self._section(q.FEES, code, on, PFS_DATASET)
        return [_fee_row(row) for row in page["fees"] or []], release

    async def severity(self, code: CodeLookup, on: date) -> tuple[str | None, str | None]:
        page, release = await self._section(q.SEVERITY, code, on, SEVERITY_DATASET)
        level: str | None = page["ccMcc"]
        return level, release

    async def notes(self, code: CodeLookup) -> list[Note]:
        """The code's instructional notes and those of the codes above it, nearest first."""
        data = await self.query(q.NOTES, {"system": code.system.name, "code": code.code})
        found: list[Note] = []
        level: dict[str, Any] | None = data["code"]
        while level is not None:
            found += [Note(level["code"], n["kind"], n["text"]) for n in level["notes"] or []]
            level = level.get("parent")
        return found

    async def places_of_service(self, on: date) -> tuple[list[Place], str | None]:
        data = await self.query(q.PLACES, {"on": on.isoformat(), "dataset": POS_DATASET})
        places = [
            Place(p["code"], p["setting"], p["name"], p["description"])
            for p in data["placesOfService"]
        ]
        return places, _release(data)

    async def coverage_documents(
        self, words: str, on: date
    ) -> tuple[list[CoverageDocument], str | None]:
        variables = {"words": words, "on": on.isoformat(), "dataset": COVERAGE_DATASET}
        data = await self.query(q.COVERAGE, variables)
        documents = [
            CoverageDocument(
                d["id"],
                d["kind"],
                d["version"],
                d["title"],
                d["contractor"],
                date.fromisoformat(d["effectiveDate"]) if d["effectiveDate"] else None,
                d["url"],
            )
            for d in data["coverageDocuments"]
        ]
        return documents, _release(data)

    async def pcs_guidelines(self, words: list[str]) -> tuple[list[OfficialGuideline], str | None]:
        """Official ICD-10-PCS guideline paragraphs and root operation definitions that use
        any of the words."""
        query = " or ".join(words)
        data = await self.query(q.GUIDELINES, {"words": query, "dataset": PCS_DATASET})
        found = [
            OfficialGuideline(g["section"], g["id"], g["title"], g["text"])
            for g in data["guidelines"]
        ]
        return found, _release(data)

    async def _page(self, query: str, fact: CodeFact, on: date) -> dict[str, Any]:
        variables = {"system": fact.system.name, "code": fact.code, "on": on.isoformat()}
        page: dict[str, Any] = (await self.query(query, variables))["code"]
        return page

    async def _section(
        self, query: str, code: CodeLookup, on: date, dataset: str
    ) -> tuple[dict[str, Any], str | None]:
        variables = {
            "system": code.system.name,
            "code": code.code,
            "on": on.isoformat(),
            "dataset": dataset,
        }
        data = await self.query(query, variables)
        page: dict[str, Any] = data["code"]
        return page, _release(data)


def _release(data: dict[str, Any]) -> str | None:
    release = data.get("release")
    return str(release["id"]) if release else None


def _fee_row(row: dict[str, Any]) -> FeeRow:
    national = row["national"]
    return FeeRow(
        row["modifier"],
        row["status"],
        Decimal(row["workRvu"]),
        Decimal(row["nonFacilityPeRvu"]),
        Decimal(row["facilityPeRvu"]),
        Decimal(row["malpracticeRvu"]),
        Decimal(row["conversionFactor"]),
        row["globalDays"],
        Decimal(national["nonFacility"]),
        Decimal(national["facility"]),
    )


def _pair(pair: dict[str, Any]) -> PairFinding:
    first, second = pair["codes"]
    return PairFinding(
        (first, second),
        tuple(_edit(e) for e in pair["edits"]),
        tuple(_edit(e) for e in pair["inactiveEdits"]),
    )


def _edit(edit: dict[str, Any]) -> PtpFinding:
    deleted = edit["deletionDate"]
    return PtpFinding(
        edit["column1"],
        edit["column2"],
        int(edit["modifierIndicator"]),
        edit["modifierRule"],
        edit["rationale"],
        date.fromisoformat(deleted) if deleted else None,
    )
