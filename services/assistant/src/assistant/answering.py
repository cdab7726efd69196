"""Answers a question: read what it asks, ask the tools that hold the facts, compose."""

from __future__ import annotations

from datetime import date

from assistant.adapters import facts
from assistant.adapters.catalog_tools import CatalogRefused, CatalogTools
from assistant.adapters.facts import Database
from assistant.domain.answers import (
    Answer,
    decline_without_code,
    describe_code,
    refuse_with_reason,
)
from assistant.domain.modifiers import MODIFIER_LOOKUP, explain_modifier
from assistant.domain.ncci import NCCI_CHECK, explain_pairs
from assistant.domain.questions import (
    CodeLookup,
    ModifierLookup,
    NcciPair,
    read_intent,
    system_of_code,
)


async def answer_question(db: Database, tools: CatalogTools, question: str) -> Answer:
    intent = read_intent(question)
    if isinstance(intent, ModifierLookup):
        try:
            found = await tools.modifier(intent.modifier)
        except CatalogRefused as exc:
            return refuse_with_reason(str(exc), MODIFIER_LOOKUP)
        return explain_modifier(intent.modifier, found)
    if isinstance(intent, NcciPair):
        return await _answer_pair(db, tools, intent)
    if not isinstance(intent, CodeLookup):
        return decline_without_code()
    fact = await facts.find_fact(db, intent.system, intent.code)
    return describe_code(intent, fact)


async def _answer_pair(db: Database, tools: CatalogTools, pair: NcciPair) -> Answer:
    # A code the catalog lacks is said to be missing before any edit is looked up.
    for code in pair.codes:
        lookup = CodeLookup(system_of_code(code), code)
        if await facts.find_fact(db, lookup.system, lookup.code) is None:
            return describe_code(lookup, None)
    try:
        findings = await tools.ncci_check(list(pair.codes), pair.date_of_service or date.today())
    except CatalogRefused as exc:
        return refuse_with_reason(str(exc), NCCI_CHECK)
    return explain_pairs(findings)
