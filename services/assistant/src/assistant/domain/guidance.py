"""Coding guidance: the topics CodeAtlas writes (E/M levels, modifiers, conventions...) and
the official ICD-10-PCS guideline paragraphs the catalog holds, matched to a question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.domain.answers import Answer, Citation

GUIDANCE = "content.guidance"
GUIDELINES = "catalog.guidelines"
GUIDANCE_SOURCE = "codeatlas_content"
GUIDANCE_RELEASE = "CodeAtlas guidance"
PCS_GUIDELINE_SOURCE = "icd10pcs_guidelines"
_MAX_PARAGRAPHS = 3
_MAX_GUIDELINES = 3
_WORD = re.compile(r"[a-z0-9/]+(?:[-'][a-z0-9]+)*")
# Words too common to tell one guideline from another.
STOPWORDS = frozenset(
    {
        *("a", "an", "and", "are", "as", "at", "be", "by", "can", "code", "codes", "coding"),
        *("do", "does", "for", "from", "guideline", "guidelines", "how", "i", "in", "is"),
        *("it", "me", "of", "on", "or", "should", "tell", "the", "to", "use", "what", "when"),
        *("which", "with", "you", "your", "about", "there", "any", "rules", "rule"),
        *("explain", "mean", "means"),
    }
)


@dataclass(frozen=True)
class GuidanceTopic:
    id: str
    title: str
    keywords: tuple[str, ...]  # lower-case words and phrases a question about it contains
    codes: tuple[str, ...]
    paragraphs: tuple[str, ...]
    compliance: tuple[str, ...]
    reviewed_by: str


@dataclass(frozen=True)
class OfficialGuideline:
    section: str
    id: str
    title: str
    text: str


def content_words(text: str) -> list[str]:
    """The question's words that can tell topics apart, lower-case, each once."""
    words = [word for word in _WORD.findall(text.lower()) if word not in STOPWORDS]
    return list(dict.fromkeys(word for word in words if len(word) > 1))


def best_topic(
    topics: Sequence[GuidanceTopic], question: str, codes: Sequence[str] = ()
) -> GuidanceTopic | None:
    """The topic whose keywords the question uses most (a phrase counts by its words), with
    the codes it names as a tie-breaker; None when no keyword is used."""
    lowered = f" {' '.join(_WORD.findall(question.lower()))} "
    scored = []
    for position, topic in enumerate(topics):
        hits = sum(len(k.split()) for k in topic.keywords if f" {k} " in lowered)
        shared = len(set(codes) & set(topic.codes))
        if hits:
            scored.append((hits, shared, -position, topic))
    return max(scored, key=lambda s: s[:3])[3] if scored else None


def explain_topic(topic: GuidanceTopic) -> Answer:
    paragraphs = " ".join(topic.paragraphs[:_MAX_PARAGRAPHS])
    text = f"{topic.title}. {paragraphs}"
    if topic.compliance:
        points = "; ".join(point.rstrip(".") for point in topic.compliance)
        text += f" Documentation an auditor checks: {points}."
    text += f" (CodeAtlas guidance, {topic.reviewed_by}.)"
    citation = Citation(None, topic.id, GUIDANCE_RELEASE, GUIDANCE_SOURCE)
    return Answer(text, (citation,), (GUIDANCE,))


# Words every PCS guideline question uses, which tell no paragraph from another.
PCS_WORDS = frozenset(
    {
        *("root", "operation", "operations", "pcs", "icd-10-pcs", "icd", "10", "procedure"),
        *("procedures", "define", "definition", "official", "coding", "guideline"),
        "guidelines",
    }
)


def rank_guidelines(
    found: Sequence[OfficialGuideline], words: Sequence[str]
) -> list[OfficialGuideline]:
    """The paragraphs that use the most of the question's words: a title that is one of
    them (a root operation's name) first, then title words counted twice."""
    telling = [word for word in words if word not in PCS_WORDS] or list(words)

    def score(guideline: OfficialGuideline) -> int:
        title, body = guideline.title.lower(), guideline.text.lower()
        named = 5 * (title in telling)
        return named + sum(2 * (word in title) + (word in body) for word in telling)

    ranked = sorted(found, key=score, reverse=True)
    return [g for g in ranked[:_MAX_GUIDELINES] if score(g) > 0]


def explain_guidelines(found: Sequence[OfficialGuideline], release: str) -> Answer:
    parts = [f"From the official ICD-10-PCS coding guidelines (release {release}):"]
    parts += [f"{g.id} {g.title}: {' '.join(g.text.split())}" for g in found]
    citations = tuple(Citation(None, g.id, release, PCS_GUIDELINE_SOURCE) for g in found)
    quoted = tuple(g.text for g in found)
    return Answer(" ".join(parts), citations, (GUIDELINES,), evidence=quoted)
