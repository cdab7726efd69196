"""Where a code sits: chapters and blocks above codes, and the instructional notes on them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from catalog.domain.codes import CodeSystem


class GroupKind(Enum):
    CHAPTER = "chapter"
    BLOCK = "block"


@dataclass(frozen=True)
class CodeGroup:
    """A chapter ("2", Neoplasms) or a block ("C00-C14") of a code system."""

    system: CodeSystem
    id: str
    kind: GroupKind
    title: str
    first: str
    last: str
    parent: str | None


class NoteKind(Enum):
    INCLUDES = "includes"
    INCLUSION_TERM = "inclusion_term"
    EXCLUDES1 = "excludes1"
    EXCLUDES2 = "excludes2"
    CODE_FIRST = "code_first"
    CODE_ALSO = "code_also"
    USE_ADDITIONAL_CODE = "use_additional_code"
    SEVENTH_CHARACTER = "seventh_character"
    NOTE = "note"


@dataclass(frozen=True)
class CodeNote:
    """One instructional note, on a code or on a group (``subject`` is the code or group id)."""

    system: CodeSystem
    subject: str
    kind: NoteKind
    text: str
    position: int
