"""Reference answers: places of service, Medicare coverage documents, and the codes the
catalog's search finds for a description (offered as candidates, never as a verdict)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from assistant.domain.answers import (
    CATALOG_SOURCE,
    Answer,
    Citation,
    decline,
    label_of,
)
from assistant.domain.facts import CodeFact
from assistant.domain.guidance import content_words
from assistant.domain.intents import CodeLookup

PLACES = "catalog.places_of_service"
COVERAGE = "catalog.coverage_documents"
SEARCH = "search.codes"
POS_SOURCE = "cms_place_of_service"
COVERAGE_SOURCE = "mcd_index"
_MAX_PLACES = 3
_MAX_DOCUMENTS = 5


@dataclass(frozen=True)
class Place:
    code: str
    setting: str  # Facility or Non-Facility: which PFS amount applies
    name: str
    description: str


@dataclass(frozen=True)
class CoverageDocument:
    id: str
    kind: str
    version: int
    title: str
    contractor: str
    effective_date: date | None
    url: str


def explain_place(code: str | None, words: str, places: Sequence[Place], release: str) -> Answer:
    """A place-of-service code by number, or the ones whose names use the question's words."""
    if code is not None:
        chosen = [p for p in places if p.code == code]
        if not chosen:
            text = (
                f"Place of service {code} is not a CMS place-of-service code (release {release})."
            )
            return decline(text, (PLACES,))
    else:
        chosen = _matching_places(places, words)
        if not chosen:
            return decline(
                f'No place-of-service name matches "{words}" (release {release}).', (PLACES,)
            )
    sentences = [
        f"Place of service {p.code} is {p.name} ({p.setting.lower()} rate under the PFS):"
        f" {p.description}"
        for p in chosen
    ]
    citations = tuple(Citation(None, f"POS {p.code}", release, POS_SOURCE) for p in chosen)
    quoted = tuple(f"{p.name} {p.description}" for p in chosen)
    return Answer(
        f"{' '.join(sentences)} (release {release})", citations, (PLACES,), evidence=quoted
    )


def _matching_places(places: Sequence[Place], words: str) -> list[Place]:
    wanted = [w for w in content_words(words) if w not in ("place", "service", "pos")]

    def score(place: Place) -> tuple[int, int]:
        name, about = place.name.lower(), place.description.lower()
        return (sum(w in name for w in wanted), sum(w in about for w in wanted))

    ranked = sorted(places, key=score, reverse=True)
    return [p for p in ranked[:_MAX_PLACES] if score(p)[0] > 0] or [
        p for p in ranked[:1] if score(p)[1] > 0
    ]


def explain_coverage(
    words: str, documents: Sequence[CoverageDocument], release: str | None
) -> Answer:
    if release is None:
        return decline(
            "No Medicare Coverage Database index is loaded, so I cannot say.", (COVERAGE,)
        )
    if not documents:
        text = (
            f"No LCD or billing article title in the Medicare Coverage Database index"
            f' (release {release}) matches "{words}". National coverage may still apply;'
            " try other words for the service."
        )
        return decline(text, (COVERAGE,))
    listed = "; ".join(
        f'{d.kind} {d.id} v{d.version} "{d.title}" ({d.contractor}'
        + (f", effective {d.effective_date.isoformat()}" if d.effective_date else "")
        + f", {d.url})"
        for d in documents[:_MAX_DOCUMENTS]
    )
    text = (
        f'Medicare coverage documents whose titles match "{words}" (index release {release}):'
        f" {listed}. The index holds titles, not the covered codes: open a document for its"
        " coverage indications and covered diagnosis codes."
    )
    shown = documents[:_MAX_DOCUMENTS]
    citations = tuple(Citation(None, d.id, release, COVERAGE_SOURCE) for d in shown)
    quoted = tuple(f"{d.id} {d.title} {d.contractor} {d.url}" for d in shown)
    return Answer(text, citations, (COVERAGE,), evidence=quoted)


def explain_candidates(words: str, found: Sequence[CodeFact]) -> Answer:
    """Codes the catalog's search ranks first for a description, each with its title: for
    the coder to choose from, with the documentation that decides."""
    if not found:
        text = (
            f'The catalog finds no code for "{words}". Try the clinical term or fewer words;'
            " I will not guess a code."
        )
        return decline(text, (SEARCH,))
    listed = "; ".join(f'{label_of(CodeLookup(f.system, f.code))} "{f.title}"' for f in found)
    text = (
        f'Codes the catalog matches for "{words}", best first: {listed}. Choose from the'
        " documentation: check each code's notes and the most specific code it supports."
    )
    citations = tuple(Citation(f.system, f.code, f.release_id, CATALOG_SOURCE) for f in found)
    quoted = tuple(f.title for f in found)
    return Answer(text, citations, (SEARCH, "catalog.lookup"), evidence=quoted)
