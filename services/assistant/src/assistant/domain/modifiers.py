"""What a modifier means, as the catalog holds it: the official HCPCS text and our plain
words, each cited with where it comes from."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.domain.answers import CONTENT_RELEASE, CONTENT_SOURCE, Answer, Citation, Outcome
from atlaskit.coding import CodeSystem

MODIFIER_LOOKUP = "catalog.modifier"
MODIFIER_SOURCE = "hcpcs_modifiers"


@dataclass(frozen=True)
class ModifierFacts:
    code: str
    title: str | None  # the official HCPCS Level II text, where the file lists the modifier
    release_id: str | None
    plain_title: str | None  # our own words, not AMA text
    plain_description: str | None


def explain_modifier(asked: str, facts: ModifierFacts | None) -> Answer:
    if facts is None:
        text = f"Modifier {asked} is not in the catalog, so I cannot say what it means."
        return Answer(text, (), (MODIFIER_LOOKUP,), Outcome.NOT_IN_CATALOG)
    parts: list[str] = []
    citations: list[Citation] = []
    if facts.title and facts.release_id:
        parts.append(f'Modifier {facts.code} is "{facts.title}" (release {facts.release_id}).')
        citations.append(Citation(CodeSystem.HCPCS, facts.code, facts.release_id, MODIFIER_SOURCE))
    elif facts.plain_title:
        parts.append(f"Modifier {facts.code}: {facts.plain_title}.")
    if facts.plain_description:
        parts.append(f"In plain words: {facts.plain_description}")
        system = _system(facts.code)
        citations.append(Citation(system, facts.code, CONTENT_RELEASE, CONTENT_SOURCE))
    quoted = (facts.title or "", facts.plain_description or "")
    return Answer(" ".join(parts), tuple(citations), (MODIFIER_LOOKUP,), evidence=quoted)


def _system(modifier: str) -> CodeSystem:
    """Two digits are CPT modifiers (25, 59); letters are HCPCS Level II ones (LT, XS)."""
    return CodeSystem.CPT if modifier.isdigit() else CodeSystem.HCPCS
