"""The CDC ICD-10-CM tabular list (XML): chapters, blocks, codes, 7th characters and notes.

A chapter holds sections (blocks); a block holds 3-character categories; a category nests
its subcategories as ``<diag>`` elements. A ``<sevenChrDef>`` on a diag applies to every
leaf beneath it unless a nearer diag defines its own, and turns each such leaf into a
family of 7-character codes: the leaf is then only a heading, and the extended codes are
the ones a claim can carry.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TypeAlias

from catalog.domain.codes import Code, CodeStatus, CodeSystem
from catalog.domain.hcpcs import LayoutError
from catalog.domain.hierarchy import CodeGroup, CodeNote, GroupKind, NoteKind

SYSTEM = CodeSystem.ICD10CM
TABULAR_ROOT = "ICD10CM.tabular"
NOTE_KINDS: dict[str, NoteKind] = {
    "inclusionTerm": NoteKind.INCLUSION_TERM,
    "includes": NoteKind.INCLUDES,
    "excludes1": NoteKind.EXCLUDES1,
    "excludes2": NoteKind.EXCLUDES2,
    "codeFirst": NoteKind.CODE_FIRST,
    "codeAlso": NoteKind.CODE_ALSO,
    "useAdditionalCode": NoteKind.USE_ADDITIONAL_CODE,
    "notes": NoteKind.NOTE,
    "sevenChrNote": NoteKind.SEVENTH_CHARACTER,
}
# The notes whose texts name the code in other words, so search matches them.
SEARCH_TERM_NOTES = ("inclusionTerm", "includes")
PLACEHOLDER = "X"
EXTENDED_LENGTH = 7  # characters before the 7th, dot included: "T36.0X1" + "A"
CHAPTER_RANGE = re.compile(r"\(([A-Z][0-9A-Z]{2})-([A-Z][0-9A-Z]{2})\)\s*$")


@dataclass(frozen=True)
class SeventhCharacter:
    """One 7th character a category defines, and the inclusion terms listed under it."""

    character: str
    meaning: str
    inclusion_terms: tuple[str, ...] = ()

    @property
    def note_text(self) -> str:
        return "; ".join((f"{self.character}: {self.meaning}", *self.inclusion_terms))


@dataclass(frozen=True)
class SeventhCharacterLimit:
    """A category note, written only in prose in the XML, that withholds 7th characters."""

    category: str
    sixth_characters: frozenset[str]
    withheld: frozenset[str]

    def withholds(self, leaf: str, character: str) -> bool:
        undotted = leaf.replace(".", "")
        return (
            undotted.startswith(self.category)
            and undotted[5:6] in self.sixth_characters
            and character in self.withheld
        )


# S06: "7th characters D and S do not apply to codes in category S06 with 6th character 7 -
# death due to brain injury prior to regaining consciousness, or 8 - death due to other cause".
SEVENTH_CHARACTER_LIMITS = (SeventhCharacterLimit("S06", frozenset("78"), frozenset("DS")),)


@dataclass(frozen=True)
class Icd10CmContents:
    groups: list[CodeGroup]
    codes: list[Code]
    notes: list[CodeNote]


@dataclass(frozen=True)
class _Note:
    """A note before it is numbered: its position counts all notes on the same subject."""

    subject: str
    kind: NoteKind
    text: str


_Entry: TypeAlias = CodeGroup | Code | _Note


def parse_tabular(
    tabular: ET.Element | Iterable[ET.Element],
    effective_date: date,
    source: str = "ICD-10-CM tabular",
) -> Icd10CmContents:
    """The tabular root (or its ``<chapter>`` elements) as groups, codes and notes."""
    groups: list[CodeGroup] = []
    codes: list[Code] = []
    notes: list[_Note] = []
    release = _Release(effective_date, source)
    for chapter in _chapters(tabular):
        for entry in _chapter_entries(chapter, release):
            if isinstance(entry, CodeGroup):
                groups.append(entry)
            elif isinstance(entry, Code):
                codes.append(entry)
            else:
                notes.append(entry)
    return Icd10CmContents(groups, codes, _numbered(notes))


def extended_code(leaf: str, character: str) -> str:
    """The 7-character code: the leaf padded with the placeholder X, then the 7th character."""
    dotted = leaf if "." in leaf else f"{leaf}."
    return dotted.ljust(EXTENDED_LENGTH, PLACEHOLDER) + character


@dataclass(frozen=True)
class _Release:
    """The release being read: the date its codes take effect, the source errors name."""

    effective_date: date
    source: str

    def code(
        self,
        code: str,
        title: str,
        billable: bool,
        parent: str | None,
        group: str | None,
        terms: tuple[str, ...] = (),
    ) -> Code:
        # The XML has one title per code, so it serves as the short title too.
        return Code(
            system=SYSTEM,
            code=code,
            short_title=title,
            title=title,
            status=CodeStatus.ACTIVE,
            billable=billable,
            effective_date=self.effective_date,
            termination_date=None,
            parent=parent,
            group=group,
            search_terms=terms,
        )

    def text(self, element: ET.Element, tag: str, where: str) -> str:
        """The text of a child the layout requires; the XML gives no line, so line 1 stands."""
        child = element.find(tag)
        text = _clean(child.text if child is not None else None)
        if not text:
            raise LayoutError(self.source, 1, f"{where} has no <{tag}>")
        return text


def _chapters(tabular: ET.Element | Iterable[ET.Element]) -> Iterator[ET.Element]:
    if isinstance(tabular, ET.Element) and tabular.tag == TABULAR_ROOT:
        yield from tabular.findall("chapter")
    elif isinstance(tabular, ET.Element):
        yield tabular
    else:
        yield from tabular


def _chapter_entries(chapter: ET.Element, release: _Release) -> Iterator[_Entry]:
    number = release.text(chapter, "name", "a <chapter>")
    title = release.text(chapter, "desc", f"chapter {number}")
    sections = chapter.findall("section")
    first, last = _chapter_range(title, sections, release)
    yield CodeGroup(SYSTEM, number, GroupKind.CHAPTER, title, first, last, parent=None)
    yield from _notes_on(number, chapter)
    for section in sections:
        yield from _block_entries(section, number, release)


def _chapter_range(title: str, sections: list[ET.Element], release: _Release) -> tuple[str, str]:
    # The title states the official range; the blocks may stop short of it (chapter 22
    # reads U00-U85 but its only block is U00-U49).
    stated = CHAPTER_RANGE.search(title)
    if stated:
        return stated.group(1), stated.group(2)
    if not sections:
        raise LayoutError(release.source, 1, f"chapter {title!r} has no range and no blocks")
    return _block_range(sections[0])[0], _block_range(sections[-1])[1]


def _block_range(section: ET.Element) -> tuple[str, str]:
    first, _, last = section.get("id", "").partition("-")
    return first, last or first


def _block_entries(section: ET.Element, chapter: str, release: _Release) -> Iterator[_Entry]:
    block = section.get("id", "")
    if not block:
        raise LayoutError(release.source, 1, f"a <section> of chapter {chapter} has no id")
    first, last = _block_range(section)
    title = release.text(section, "desc", f"block {block}")
    yield CodeGroup(SYSTEM, block, GroupKind.BLOCK, title, first, last, parent=chapter)
    yield from _notes_on(block, section)
    for category in section.findall("diag"):
        yield from _diag_entries(category, None, block, (), release)


def _diag_entries(
    diag: ET.Element,
    parent: str | None,
    block: str | None,
    inherited: tuple[SeventhCharacter, ...],
    release: _Release,
) -> Iterator[_Entry]:
    code = release.text(diag, "name", f"a <diag> under {parent or block}")
    title = release.text(diag, "desc", f"code {code}")
    own = _seventh_characters(diag, code, release)
    seventh = own or inherited
    subcodes = diag.findall("diag")
    takes_seventh = not subcodes and bool(seventh)
    terms = _search_terms(diag)
    yield release.code(code, title, not subcodes and not takes_seventh, parent, block, terms)
    yield from _notes_on(code, diag, own)
    for subcode in subcodes:
        yield from _diag_entries(subcode, code, None, seventh, release)
    if takes_seventh:
        yield from _extended_codes(code, title, seventh, release, terms)


def _search_terms(diag: ET.Element) -> tuple[str, ...]:
    """The code's own inclusion terms and "includes" notes: other words for the same code."""
    texts = (
        _clean(note.text)
        for tag in SEARCH_TERM_NOTES
        for notes in diag.findall(tag)
        for note in notes.findall("note")
    )
    return tuple(dict.fromkeys(text for text in texts if text))


def _extended_codes(
    leaf: str,
    title: str,
    seventh: tuple[SeventhCharacter, ...],
    release: _Release,
    terms: tuple[str, ...],
) -> Iterator[Code]:
    for character in seventh:
        if any(limit.withholds(leaf, character.character) for limit in SEVENTH_CHARACTER_LIMITS):
            continue
        extended = extended_code(leaf, character.character)
        yield release.code(extended, f"{title}, {character.meaning}", True, leaf, None, terms)


def _seventh_characters(
    diag: ET.Element, code: str, release: _Release
) -> tuple[SeventhCharacter, ...]:
    definition = diag.find("sevenChrDef")
    if definition is None:
        return ()
    characters: list[SeventhCharacter] = []
    for element in definition:
        text = _clean(element.text)
        # A <note> inside the definition is an inclusion term of the extension before it.
        if element.tag == "note" and characters and text:
            last = characters[-1]
            characters[-1] = SeventhCharacter(
                last.character, last.meaning, (*last.inclusion_terms, text)
            )
        elif element.tag == "extension":
            character = element.get("char", "")
            if len(character) != 1:
                problem = f"code {code} defines a 7th character {character!r}"
                raise LayoutError(release.source, 1, problem)
            characters.append(SeventhCharacter(character, text))
    return tuple(characters)


def _notes_on(
    subject: str, element: ET.Element, seventh: tuple[SeventhCharacter, ...] = ()
) -> Iterator[_Note]:
    for child in element:
        if child.tag == "sevenChrDef":
            yield from (_Note(subject, NoteKind.SEVENTH_CHARACTER, c.note_text) for c in seventh)
        elif child.tag in NOTE_KINDS:
            kind = NOTE_KINDS[child.tag]
            texts = (_clean(note.text) for note in child.findall("note"))
            yield from (_Note(subject, kind, text) for text in texts if text)


def _numbered(notes: list[_Note]) -> list[CodeNote]:
    # A one-category block shares its id with its category (section T07, code T07), so the
    # count runs over the subject, not over the element the note came from.
    seen: Counter[str] = Counter()
    numbered: list[CodeNote] = []
    for note in notes:
        numbered.append(CodeNote(SYSTEM, note.subject, note.kind, note.text, seen[note.subject]))
        seen[note.subject] += 1
    return numbered


def _clean(text: str | None) -> str:
    # The XML indents some texts with tabs and pads one title with a leading space.
    return " ".join((text or "").split())
