"""The answer's words, composed only from catalog facts, and the citations behind them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from assistant.domain.intents import CodeLookup
from atlaskit.coding import CodeSystem

CATALOG_LOOKUP = "catalog.lookup"
CATALOG_SOURCE = "catalog"
CONTENT_SOURCE = "codeatlas_content"  # what CodeAtlas writes itself, never AMA text
CONTENT_RELEASE = "CodeAtlas plain language"

SYSTEM_LABELS = {
    CodeSystem.CPT: "CPT",
    CodeSystem.HCPCS: "HCPCS",
    CodeSystem.ICD10CM: "ICD-10-CM",
    CodeSystem.ICD10PCS: "ICD-10-PCS",
}

NO_CODE_ASKED = (
    'I could not tell what to look up. Ask about a code ("What is CPT 99213?"), codes'
    ' billed together ("Can 95870 and 95886 be billed together?"), a modifier, an MUE, a'
    " fee, CC/MCC status, a place of service, Medicare coverage documents, coding guidelines,"
    ' or the code for a description ("ICD-10-CM code for pink eye").'
)
UNGROUNDED = (
    "I don't know: I could not ground an answer in the catalog, and I will not guess codes."
)


class Outcome(Enum):
    """How an answer ends: grounded facts, a code the catalog lacks, or a decline."""

    ANSWERED = "answered"
    NOT_IN_CATALOG = "not_in_catalog"
    DECLINED = "declined"  # the question cannot be answered as asked (the text says why)
    UNKNOWN = "unknown"  # nothing could be grounded: "I don't know"


@dataclass(frozen=True)
class Citation:
    system: CodeSystem | None  # None for what is not a code: a guideline, a POS, a document
    code: str
    release_id: str
    source: str


@dataclass(frozen=True)
class Answer:
    text: str
    citations: tuple[Citation, ...]
    tools_used: tuple[str, ...]
    outcome: Outcome = Outcome.ANSWERED
    # The source texts the answer quotes (titles, notes, rationales): a code-like token in
    # the answer that is not a catalog code must come from one of them, or the guard drops
    # the answer. Our own templates and guidance are never evidence.
    evidence: tuple[str, ...] = ()


def label_of(lookup: CodeLookup) -> str:
    return f"{SYSTEM_LABELS[lookup.system]} {lookup.code}"


def not_in_catalog(lookup: CodeLookup) -> Answer:
    """No other code is offered in its place, so the answer never points at a wrong code."""
    text = f"{label_of(lookup)} is not in the catalog, so I cannot say what it describes."
    return Answer(text, (), (CATALOG_LOOKUP,), Outcome.NOT_IN_CATALOG)


def decline_without_code() -> Answer:
    return Answer(NO_CODE_ASKED, (), (), Outcome.DECLINED)


def decline(text: str, tools: tuple[str, ...] = ()) -> Answer:
    return Answer(text, (), tools, Outcome.DECLINED)


def refuse_with_reason(reason: str, tool: str) -> Answer:
    """A question the tools refused (codes NCCI cannot pair, say): their reason, no facts."""
    return decline(f"I cannot answer that as asked: {reason}", (tool,))


def ungrounded(tools: tuple[str, ...]) -> Answer:
    return Answer(UNGROUNDED, (), tools, Outcome.UNKNOWN)
