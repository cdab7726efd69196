"""The answer's words, composed only from catalog facts, and the citations behind them."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.domain.facts import CodeFact
from assistant.domain.questions import CodeLookup
from atlaskit.coding import CodeSystem

CATALOG_LOOKUP = "catalog.lookup"
CATALOG_SOURCE = "catalog"

SYSTEM_LABELS = {
    CodeSystem.CPT: "CPT",
    CodeSystem.HCPCS: "HCPCS",
    CodeSystem.ICD10CM: "ICD-10-CM",
    CodeSystem.ICD10PCS: "ICD-10-PCS",
}

NO_CODE_ASKED = (
    "For now I can only answer questions about a specific code. Please include a CPT,"
    " HCPCS Level II, ICD-10-CM or ICD-10-PCS code in your question."
)


@dataclass(frozen=True)
class Citation:
    system: CodeSystem
    code: str
    release_id: str
    source: str


@dataclass(frozen=True)
class Answer:
    text: str
    citations: tuple[Citation, ...]
    tools_used: tuple[str, ...]


def describe_code(lookup: CodeLookup, fact: CodeFact | None) -> Answer:
    """States the catalog's facts; a code the catalog lacks is said to be missing, and no
    other code is offered in its place, so the answer never points at a wrong code."""
    label = f"{SYSTEM_LABELS[lookup.system]} {lookup.code}"
    if fact is None:
        text = f"{label} is not in the catalog, so I cannot say what it describes."
        return Answer(text, (), (CATALOG_LOOKUP,))
    text = f'{label} is "{fact.title}" ({fact.status.value}, release {fact.release_id}).'
    citation = Citation(fact.system, fact.code, fact.release_id, CATALOG_SOURCE)
    return Answer(text, (citation,), (CATALOG_LOOKUP,))


def decline_without_code() -> Answer:
    return Answer(NO_CODE_ASKED, (), ())


def refuse_with_reason(reason: str, tool: str) -> Answer:
    """A question the tools refused (codes NCCI cannot pair, say): their reason, no facts."""
    return Answer(f"I cannot answer that as asked: {reason}", (), (tool,))
