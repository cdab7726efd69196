"""One handler per topic: ask the tools that hold the facts, then compose the answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date

from assistant.adapters import facts
from assistant.adapters.catalog_client import CatalogRefused
from assistant.adapters.catalog_tools import CatalogTools
from assistant.adapters.facts import Database
from assistant.adapters.search_tools import SearchTools
from assistant.domain import guidance, limits, pages, reference
from assistant.domain.answers import (
    Answer,
    decline,
    decline_without_code,
    not_in_catalog,
    refuse_with_reason,
)
from assistant.domain.facts import CodeFact
from assistant.domain.intents import (
    CodeForDescription,
    CodeLookup,
    CompareCodes,
    CoverageLookup,
    GuidelineLookup,
    Intent,
    ModifierLookup,
    NcciPair,
    NoCodeAsked,
    PageFact,
    PageFactLookup,
    PlaceOfServiceLookup,
    Refusal,
)
from assistant.domain.modifiers import MODIFIER_LOOKUP, explain_modifier
from assistant.domain.ncci import NCCI_CHECK, explain_pairs, explain_with_modifier
from assistant.domain.questions import system_of_code
from atlaskit.coding import CodeSystem

Progress = Callable[[str], Awaitable[None]]
# Words of a coverage question that name no service.
COVERAGE_WORDS = frozenset(
    {
        *("lcd", "lcds", "ncd", "ncds", "coverage", "covered", "cover", "medicare"),
        *("local", "national", "determination", "determinations", "article", "articles"),
        "billing",
    }
)


@dataclass(frozen=True)
class Tools:
    db: Database
    catalog: CatalogTools
    search: SearchTools
    topics: Sequence[guidance.GuidanceTopic]


async def answer_intent(tools: Tools, intent: Intent, progress: Progress) -> Answer:
    match intent:
        case Refusal(reason=reason):
            return decline(reason)
        case NoCodeAsked():
            return decline_without_code()
        case CodeLookup():
            return await _code(tools, intent, progress)
        case CompareCodes():
            return await _compare(tools, intent, progress)
        case NcciPair():
            return await _ncci(tools, intent, progress)
        case PageFactLookup():
            return await _page_fact(tools, intent, progress)
        case ModifierLookup():
            return await _modifier(tools, intent, progress)
        case PlaceOfServiceLookup():
            return await _place(tools, intent, progress)
        case CoverageLookup():
            return await _coverage(tools, intent, progress)
        case CodeForDescription():
            return await _candidates(tools, intent, progress)
        case GuidelineLookup():
            return await _guidance(tools, intent, progress)


async def _code(tools: Tools, lookup: CodeLookup, progress: Progress) -> Answer:
    await progress(f"looking up {lookup.code} in the catalog...")
    fact = await facts.find_fact(tools.db, lookup.system, lookup.code)
    if fact is None:
        return not_in_catalog(lookup)
    if fact.system is CodeSystem.CPT:
        await progress(f"reading the code page of {lookup.code}...")
    return pages.describe_page(await _page(tools, fact))


async def _compare(tools: Tools, compare: CompareCodes, progress: Progress) -> Answer:
    await progress("looking up the codes in the catalog...")
    found = await facts.find_facts(tools.db, compare.codes)
    for lookup, fact in zip(compare.codes, found, strict=True):
        if fact is None:
            return not_in_catalog(lookup)
    return pages.compare_pages([await _page(tools, fact) for fact in found if fact is not None])


async def _page(tools: Tools, fact: CodeFact) -> pages.CodePage:
    if fact.system is CodeSystem.CPT:
        return await tools.catalog.code_page(fact, date.today())
    return pages.CodePage(fact)


async def _ncci(tools: Tools, pair: NcciPair, progress: Progress) -> Answer:
    await progress("checking that each code is in the catalog...")
    lookups = [CodeLookup(system_of_code(code), code) for code in pair.codes]
    for lookup, fact in zip(lookups, await facts.find_facts(tools.db, lookups), strict=True):
        if fact is None:
            return not_in_catalog(lookup)
    await progress("looking up NCCI edits...")
    try:
        findings = await tools.catalog.ncci_check(
            list(pair.codes), pair.date_of_service or date.today()
        )
    except CatalogRefused as exc:
        return refuse_with_reason(str(exc), NCCI_CHECK)
    if pair.modifier is not None:
        return explain_with_modifier(findings, pair.modifier)
    return explain_pairs(findings)


async def _page_fact(tools: Tools, asked: PageFactLookup, progress: Progress) -> Answer:
    code, on = asked.code, asked.date_of_service or date.today()
    fact = await facts.find_fact(tools.db, code.system, code.code)
    if fact is None:
        return not_in_catalog(code)
    code = CodeLookup(fact.system, fact.code)
    if asked.fact is PageFact.MUE:
        await progress(f"looking up the MUE of {code.code}...")
        mue, release = await tools.catalog.mue(code, on)
        return limits.explain_mue(code, mue, release, on)
    if asked.fact is PageFact.FEES:
        await progress(f"looking up the Physician Fee Schedule for {code.code}...")
        rows, release = await tools.catalog.fees(code, on)
        return limits.explain_fees(code, rows, release, on)
    if asked.fact is PageFact.SEVERITY:
        await progress(f"looking up the MS-DRG CC/MCC status of {code.code}...")
        level, release = await tools.catalog.severity(code, on)
        return limits.explain_severity(code, level, release, on)
    if asked.fact is PageFact.NOTES:
        await progress(f"reading the instructional notes of {code.code}...")
        return limits.explain_notes(code, await tools.catalog.notes(code), fact.release_id)
    return limits.explain_no_crosswalk(code, fact.release_id)


async def _modifier(tools: Tools, asked: ModifierLookup, progress: Progress) -> Answer:
    await progress(f"looking up modifier {asked.modifier}...")
    try:
        found = await tools.catalog.modifier(asked.modifier)
    except CatalogRefused as exc:
        return refuse_with_reason(str(exc), MODIFIER_LOOKUP)
    return explain_modifier(asked.modifier, found)


async def _place(tools: Tools, asked: PlaceOfServiceLookup, progress: Progress) -> Answer:
    await progress("looking up places of service...")
    places, release = await tools.catalog.places_of_service(date.today())
    if release is None:
        return decline("No place-of-service list is loaded, so I cannot say.", (reference.PLACES,))
    return reference.explain_place(asked.code, asked.words, places, release)


async def _coverage(tools: Tools, asked: CoverageLookup, progress: Progress) -> Answer:
    named = asked.words
    if asked.code is not None:
        fact = await facts.find_fact(tools.db, asked.code.system, asked.code.code)
        # A code's title says what to look for; a word with a code's shape that is no code
        # ("vitamin B12") stays one of the words.
        if fact is not None and not fact.title.startswith(f"CPT {fact.code}"):
            named = fact.short_title
    words = " ".join(w for w in guidance.content_words(named) if w not in COVERAGE_WORDS)
    if not words:
        return decline(
            'Say which service to look for, e.g. "LCD for vitamin D testing": the coverage'
            " index lists document titles, not the codes they cover."
        )
    await progress("searching Medicare coverage documents...")
    documents, release = await tools.catalog.coverage_documents(
        " or ".join(words.split()) if len(words.split()) > 3 else words,
        asked.date_of_service or date.today(),
    )
    return reference.explain_coverage(words, documents, release)


async def _candidates(tools: Tools, asked: CodeForDescription, progress: Progress) -> Answer:
    if not asked.words:
        return decline_without_code()
    await progress(f'searching the catalog for "{asked.words}"...')
    try:
        found = await tools.search.candidates(asked.words, asked.systems)
    except CatalogRefused as exc:
        return refuse_with_reason(str(exc), reference.SEARCH)
    titled = await facts.find_facts(tools.db, found)
    return reference.explain_candidates(asked.words, [f for f in titled if f is not None])


async def _guidance(tools: Tools, asked: GuidelineLookup, progress: Progress) -> Answer:
    words = guidance.content_words(asked.words)
    upper = asked.words.upper()
    pcs = "PCS" in upper or "ROOT OPERATION" in upper or "PROCEDURE" in upper
    topic = None if pcs else guidance.best_topic(tools.topics, asked.words, asked.codes)
    if topic is not None:
        await progress("reading CodeAtlas guidance...")
        return guidance.explain_topic(topic)
    if not words:
        return decline_without_code()
    await progress("searching the official ICD-10-PCS guidelines...")
    found, release = await tools.catalog.pcs_guidelines(words)
    ranked = guidance.rank_guidelines(found, words)
    if not ranked or release is None:
        return decline_without_code()
    return guidance.explain_guidelines(ranked, release)
