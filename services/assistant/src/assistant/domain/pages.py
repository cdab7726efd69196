"""What a code is, in plain language, and how codes differ: composed from code pages."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.domain.answers import (
    CATALOG_LOOKUP,
    CATALOG_SOURCE,
    CONTENT_RELEASE,
    CONTENT_SOURCE,
    Answer,
    Citation,
    label_of,
)
from assistant.domain.facts import CodeFact
from assistant.domain.intents import CodeLookup
from atlaskit.coding import CodeStatus, CodeSystem

CODE_PAGE = "catalog.code_page"
LICENSED_SOURCE = "cpt_licensed"


@dataclass(frozen=True)
class PlainWords:
    """Our own plain-language title and description of a CPT code (not AMA text)."""

    title: str
    description: str


@dataclass(frozen=True)
class CodePage:
    """A code's public facts and, for CPT, our plain words and the descriptor's licence."""

    fact: CodeFact
    plain: PlainWords | None = None
    official_text: str | None = None  # a licensed CPT descriptor, where one is loaded
    license_notice: str | None = None  # why the official descriptor is not shown


def describe_page(page: CodePage) -> Answer:
    """One code: its title (for CPT our plain words, since the AMA's descriptor needs a
    license), status and release, with the licence said plainly where it applies."""
    fact = page.fact
    lookup = CodeLookup(fact.system, fact.code)
    sentences = [_first_sentence(page)]
    citations = [Citation(fact.system, fact.code, fact.release_id, CATALOG_SOURCE)]
    if page.plain is not None:
        sentences.append(f"In plain language: {page.plain.description}")
        citations.append(Citation(fact.system, fact.code, CONTENT_RELEASE, CONTENT_SOURCE))
    elif fact.system is CodeSystem.CPT:
        sentences.append(
            f"CodeAtlas has not written a plain-language description of {fact.code} yet."
        )
    if page.official_text is not None:
        sentences.append(f'The official descriptor reads: "{page.official_text}"')
        citations.append(Citation(fact.system, fact.code, fact.release_id, LICENSED_SOURCE))
    elif page.license_notice is not None:
        sentences.append(f"{page.license_notice} None is loaded here, so it is not quoted.")
    if fact.status is CodeStatus.TERMINATED:
        sentences.append(f"{label_of(lookup)} is terminated: do not report it for new services.")
    tools = (CATALOG_LOOKUP, CODE_PAGE) if fact.system is CodeSystem.CPT else (CATALOG_LOOKUP,)
    plain = (page.plain.title, page.plain.description) if page.plain else ()
    quoted = (fact.title, page.official_text or "", *plain)
    return Answer(" ".join(sentences), tuple(citations), tools, evidence=quoted)


def compare_pages(pages: list[CodePage]) -> Answer:
    """Codes side by side: each one's title and status, and whether they share a category."""
    described = [describe_page(page) for page in pages]
    sentences = [_first_sentence(page) for page in pages]
    categories = {_category(page.fact) for page in pages}
    if len(categories) == 1 and None not in categories and len(pages) > 1:
        (category,) = categories
        sentences.append(f"They share {category}; the titles above show how they differ.")
    elif len({page.fact.system for page in pages}) > 1:
        sentences.append("They belong to different code systems, so they are not alternatives.")
    citations = tuple(dict.fromkeys(c for answer in described for c in answer.citations))
    tools = tuple(dict.fromkeys(t for answer in described for t in answer.tools_used))
    quoted = tuple(text for answer in described for text in answer.evidence)
    return Answer(" ".join(sentences), citations, tools, evidence=quoted)


def _first_sentence(page: CodePage) -> str:
    fact = page.fact
    label = label_of(CodeLookup(fact.system, fact.code))
    title = page.plain.title if page.plain else fact.title
    kind = " (our plain-language title)" if page.plain else ""
    return f'{label} is "{title}"{kind} ({fact.status.value}, release {fact.release_id}).'


def _category(fact: CodeFact) -> str | None:
    """What groups codes: an ICD-10-CM category (E11 for E11.9), or an ICD-10-PCS code's
    section, body system and root operation (its first three characters)."""
    if fact.system is CodeSystem.ICD10CM:
        return f"the category {fact.code.split('.')[0]}"
    if fact.system is CodeSystem.ICD10PCS:
        return f"the table {fact.code[:3]} (section, body system and root operation)"
    return None
