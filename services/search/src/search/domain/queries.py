"""What a searcher asked for: a code in any format, a range or wildcard of codes, or words;
which codes count (systems, billable only, active on a date); and which page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from atlaskit.coding import CodeSystem
from search.domain.cursors import MalformedCursor, decode_cursor

MAX_QUERY_LENGTH = 500
MAX_WORDS = 32
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100

# Only these characters can make a code query; everything else is words.
_CODE_CHARACTERS = re.compile(r"^[A-Z0-9. ]+$")
# A code or the start of one once dots and spaces are gone: "E11.9", "e11 9", "k0001", "992".
# Words with a digit ("covid19") also fit; with no code matching, they are searched as words.
_CODE_KEY = re.compile(r"^(?=.*[0-9])[A-Z0-9]{3,7}$")
_WILDCARD = re.compile(r"^[A-Z0-9.]*[*?][A-Z0-9.*?]*$")
_RANGE = re.compile(
    r"^([A-Z0-9.]{3,8})\s*(?:-|\u2013|\u2014|\.\.|\s+TO\s+|\s+THROUGH\s+)\s*([A-Z0-9.]{3,8})$"
)
_WORD = re.compile(r"[a-z0-9]+")
# Words that only say which code set a code is from: "ICD-10 E11.9", "CPT code 99213".
_CODE_SET_WORDS = frozenset(
    {"ICD", "10", "ICD10", "ICD10CM", "ICD10PCS", "CM", "PCS", "CPT", "HCPCS", "LEVEL", "II"}
    | {"CODE", "CODES", "DX", "PX"}
)


class InvalidSearch(ValueError):
    """A search a person must change; the message says how."""


class CodeMatch(Enum):
    PREFIX = "prefix"  # the code itself first, then the codes it starts ("E11" lists E11.*)
    RANGE = "range"  # every code from one code to another, both included ("95860-95872")
    WILDCARD = "wildcard"  # * for any characters, ? for one ("9587*")


@dataclass(frozen=True)
class CodePattern:
    match: CodeMatch
    # Upper-case and dotless. PREFIX: the code or its start; RANGE: the first code;
    # WILDCARD: a LIKE pattern (only A-Z, 0-9, % and _).
    key: str
    last: str | None = None  # RANGE only: the last code


@dataclass(frozen=True)
class SearchFilters:
    systems: tuple[CodeSystem, ...] = ()  # none: every code system
    billable_only: bool = False
    as_of: date | None = None  # only codes in effect on that date


@dataclass(frozen=True)
class SearchRequest:
    text: str
    code: CodePattern | None  # set when the query is shaped like a code, range or wildcard
    words: tuple[str, ...]  # lower-case words, searched when no code matches
    first: int
    offset: int
    filters: SearchFilters = field(default_factory=SearchFilters)


def search_request(
    query: str,
    first: int | None,
    after: str | None,
    filters: SearchFilters | None = None,
) -> SearchRequest:
    text = _checked_text(query)
    code = code_pattern(text)
    words = query_words(text)
    if code is None and not words:
        raise InvalidSearch(
            "A search needs a code or at least one word; punctuation alone matches nothing."
        )
    size = DEFAULT_PAGE_SIZE if first is None else first
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidSearch(f"first must be between 1 and {MAX_PAGE_SIZE}.")
    return SearchRequest(text, code, words, size, _offset_after(after), filters or SearchFilters())


def _checked_text(query: str) -> str:
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidSearch(f"A search can have at most {MAX_QUERY_LENGTH} characters.")
    text = " ".join(query.split())
    if not text:
        raise InvalidSearch("A search needs a code or at least one word.")
    return text


def query_words(text: str) -> tuple[str, ...]:
    words = tuple(_WORD.findall(text.lower()))
    if len(words) > MAX_WORDS:
        raise InvalidSearch(f"A search can have at most {MAX_WORDS} words.")
    return words


def code_pattern(text: str) -> CodePattern | None:
    """The codes a query names, when it is shaped like a code, a range or a wildcard."""
    upper = text.upper()
    if _WILDCARD.match(upper):
        literal = re.sub(r"[.*?]", "", upper)
        if not literal:
            raise InvalidSearch("A wildcard needs at least one character of a code, e.g. 9587*.")
        pattern = re.sub(r"%+", "%", upper.replace(".", "").replace("*", "%").replace("?", "_"))
        return CodePattern(CodeMatch.WILDCARD, pattern)
    bounds = _RANGE.match(upper)
    if bounds:
        first, last = (bound.replace(".", "") for bound in bounds.groups())
        if _CODE_KEY.match(first) and _CODE_KEY.match(last):
            first, last = sorted((first, last))
            return CodePattern(CodeMatch.RANGE, first, last)
    if _CODE_CHARACTERS.match(upper):
        compact = upper.replace(".", "").replace(" ", "")
        if _CODE_KEY.match(compact):
            return CodePattern(CodeMatch.PREFIX, compact)
    return _code_named_with_its_code_set(upper)


def _code_named_with_its_code_set(upper: str) -> CodePattern | None:
    tokens = [t for t in re.split(r"[\s,:;/-]+", upper) if t]
    rest = [t for t in tokens if t not in _CODE_SET_WORDS]
    if len(rest) == 1 and len(tokens) > 1:
        compact = rest[0].rstrip(".").replace(".", "")
        if _CODE_KEY.match(compact) and re.fullmatch(r"[A-Z0-9.]+", rest[0]):
            return CodePattern(CodeMatch.PREFIX, compact)
    return None


def _offset_after(after: str | None) -> int:
    if after is None:
        return 0
    try:
        return decode_cursor(after) + 1
    except MalformedCursor as exc:
        raise InvalidSearch(
            "after is not a cursor from a previous search; pass an endCursor unchanged."
        ) from exc
