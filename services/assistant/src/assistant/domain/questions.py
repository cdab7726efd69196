"""Reading a question: its topic (the intent) and the codes, dates and words it names."""

from __future__ import annotations

import re
from datetime import date

from assistant.domain import wording as w
from assistant.domain.follow_ups import follow_up
from assistant.domain.intents import (
    CodeForDescription,
    CodeLookup,
    CompareCodes,
    CoverageLookup,
    GuidelineLookup,
    Intent,
    ModifierLookup,
    NcciPair,
    PageFact,
    PageFactLookup,
    PlaceOfServiceLookup,
    Refusal,
)
from atlaskit.coding import CodeSystem, code_like_tokens, systems_matching

MAX_QUESTION_LENGTH = 2000

_CODE_FOR = re.compile(r"\bCODES? (FOR|TO USE)\b")
REFUSAL = (
    "I answer coding questions only from the CodeAtlas catalog and its cited sources, so I"
    " will not set those rules aside, role-play or make codes up. Ask about a code, a"
    " modifier, NCCI edits, MUEs, fees, coverage or coding guidelines instead."
)
_SPACES = re.compile(r"\s+")


class InvalidQuestion(ValueError):
    """A question a person must change before it can be answered; the message says how."""


def check_question(question: str) -> str:
    """The question without surrounding space; raises when it is empty or too long."""
    text = question.strip()
    if not text:
        raise InvalidQuestion("A question cannot be empty.")
    if len(question) > MAX_QUESTION_LENGTH:
        raise InvalidQuestion(
            f"A question can have at most {MAX_QUESTION_LENGTH} characters; this one has"
            f" {len(question):,}. Ask about one thing at a time."
        )
    return text


def read_intent(
    question: str, previous: Intent | None = None, date_of_service: date | None = None
) -> Intent:
    """The intent of ``question``; ``previous`` is the thread's last intent, which a
    follow-up such as "and with modifier 59?" continues; ``date_of_service`` applies when
    the question names no date."""
    text = check_question(question)
    upper = _SPACES.sub(" ", text.upper())
    if w.INJECTION.search(upper):
        return Refusal(REFUSAL)
    on = _date_of_service(upper) or date_of_service
    plain = w.MODIFIER.sub(" ", w.ISO_DATE.sub(" ", w.US_DATE.sub(" ", upper)))
    codes = code_like_tokens(plain)
    modifier = w.MODIFIER.search(upper)
    asked_modifier = (modifier[1] or modifier[2]) if modifier else None
    if previous is not None and w.FOLLOW_UP.search(upper):
        continued = follow_up(previous, _lookups(codes, upper), _fact_of(upper), asked_modifier, on)
        if continued is not None:
            return continued
    if w.PLACE_OF_SERVICE.search(upper):
        place = w.PLACE_CODE.search(upper)
        return PlaceOfServiceLookup(place[1].zfill(2) if place else None, _words_after(text))
    code_for = _CODE_FOR.search(upper)
    if codes and code_for and plain.find(codes[0], code_for.end()) >= 0:
        # "lab code for hemoglobin A1c": what follows "code for" is a description, even
        # where one of its words has a code's shape.
        return CodeForDescription(_description(text, code_for), _wanted_systems(upper))
    if codes:
        return _about_codes(upper, codes, asked_modifier, on, text)
    if asked_modifier:
        return ModifierLookup(asked_modifier)
    return _about_words(upper, text, on)


def _about_codes(
    upper: str, codes: list[str], modifier: str | None, on: date | None, text: str
) -> Intent:
    lookups = _lookups(codes, upper)
    if len(codes) > 1 and w.COMPARE_WORDS.search(upper):
        return CompareCodes(tuple(lookups))
    if len(codes) > 1 and (w.PAIR_WORDS.search(upper) or modifier):
        return NcciPair(tuple(codes), on, modifier)
    fact = _fact_of(upper)
    if fact is not None:
        return PageFactLookup(lookups[0], fact, on)
    if w.COVERAGE_WORDS.search(upper):
        return CoverageLookup(_words_after(text), on, lookups[0])
    if modifier:
        return ModifierLookup(modifier)
    asks_guidance = w.ASKS_GUIDANCE.search(upper)
    if not asks_guidance and w.ASKS_WHAT_CODE_IS.search(upper):
        return CompareCodes(tuple(lookups)) if len(codes) > 1 else lookups[0]
    if asks_guidance or w.GUIDELINE_WORDS.search(upper):
        return GuidelineLookup(_words_after(text, drop=codes, lead=False), tuple(codes))
    if len(codes) > 1:
        return CompareCodes(tuple(lookups))
    return lookups[0]


def _about_words(upper: str, text: str, on: date | None) -> Intent:
    if w.COVERAGE_WORDS.search(upper):
        return CoverageLookup(_words_after(text), on)
    systems = _wanted_systems(upper)
    which = w.WHICH_CODE.search(upper)
    # PCS codes are built from tables, so "how do I code X in PCS" asks for the guidelines.
    how_in_pcs = which is not None and "HOW" in which[0] and systems == (CodeSystem.ICD10PCS,)
    if w.ASKS_GUIDANCE.search(upper) or how_in_pcs:
        return GuidelineLookup(_words_after(text, lead=False))
    marked = w.TRAILING_CODE_ASK.search(upper) or w.LEADING_CODE_ASK.search(upper)
    if marked is not None:
        described = _SPACES.sub(" ", text).strip()
        described = described[: marked.start()] + described[marked.end() :]
        return CodeForDescription(_words_after(described, lead=False), systems)
    if which is None:
        return GuidelineLookup(_words_after(text, lead=False))
    return CodeForDescription(_description(text, which), systems)


def _description(text: str, which: re.Match[str]) -> str:
    """What a "which code" question describes: the words after its "code for", or after
    the first "for", "of"... that follows its "which code", articles dropped."""
    rest = _SPACES.sub(" ", text).strip()[which.end() :]
    lead = None if which[0].endswith("FOR") else w.DESCRIPTION_LEAD.search(rest.upper())
    if lead is not None:
        rest = rest[lead.end() :]
    words = _words_after(rest, lead=False)
    return re.sub(r"^(?:(?:a|an|the)\s+)+", "", words, flags=re.IGNORECASE)


def _fact_of(upper: str) -> PageFact | None:
    return next((fact for fact, words in w.PAGE_FACT_WORDS if words.search(upper)), None)


def _lookups(codes: list[str], upper: str) -> list[CodeLookup]:
    named = _named_systems(upper)
    return [CodeLookup(_system_of(code, named), code) for code in codes]


def _date_of_service(upper: str) -> date | None:
    """The first date the question names (2024-09-01 or 09/01/2024), if any."""
    iso, us = w.ISO_DATE.search(upper), w.US_DATE.search(upper)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if us:
            return date(int(us[3]), int(us[1]), int(us[2]))
    except ValueError as exc:
        raise InvalidQuestion(f"{exc}: the date of service is not a real date.") from exc
    return None


def _words_after(text: str, drop: list[str] | tuple[str, ...] = (), lead: bool = True) -> str:
    """The words that describe what is asked: what follows the last "for", "of"... (when
    ``lead``), without the codes named, dates and the question's punctuation."""
    words = _SPACES.sub(" ", text).strip()
    if lead:
        leads = list(w.DESCRIPTION_LEAD.finditer(words.upper()))
        if leads and leads[-1].end() < len(words) - 1:
            words = words[leads[-1].end() :]
    for code in drop:
        words = re.sub(rf"\b{re.escape(code)}\b", " ", words, flags=re.IGNORECASE)
    words = w.ISO_DATE.sub(" ", w.US_DATE.sub(" ", words))
    return _SPACES.sub(" ", re.sub(r"[?!\"“”]+", " ", words)).strip(" .,;:")


def _wanted_systems(upper: str) -> tuple[CodeSystem, ...]:
    named = _named_systems(upper)
    if named:
        return tuple(dict.fromkeys(named))
    if w.DIAGNOSIS.search(upper):
        procedure = w.PROCEDURE.search(upper) and "DIAGNOS" not in upper
        return (CodeSystem.ICD10PCS,) if procedure else (CodeSystem.ICD10CM,)
    return ()


def _named_systems(upper: str) -> list[CodeSystem]:
    """The code systems the question names, in the order it names them."""
    found = [
        (match.start(), system)
        for pattern, system in w.SYSTEM_NAMES
        for match in pattern.finditer(upper)
    ]
    return [system for _, system in sorted(found, key=lambda named: named[0])]


def _system_of(code: str, named: list[CodeSystem]) -> CodeSystem:
    """A named system the code fits, else the first system whose shape the code has (in
    "CPT codes for E11.9" the system named is not the code's)."""
    shaped = systems_matching(code)
    fitting = [system for system in named if system in shaped]
    return (fitting or shaped)[0]


def system_of_code(code: str) -> CodeSystem:
    """The system a code's shape names (CPT before HCPCS for five digits)."""
    return _system_of(code, [])
