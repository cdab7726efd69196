"""Plain-language descriptions of CPT codes and modifiers, written by CodeAtlas.

CPT descriptors belong to the AMA; these rows are our own explanations (what the service is,
when it is used, how it is done, what it leaves out). Each file holds one kind of code:
5-character CPT codes or 2-character modifiers. Rows are validated strictly, and a bad row is
reported with the file and line it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from catalog.domain.hcpcs import LayoutError

COLUMNS = ("code", "title", "description", "reviewed_by", "source")
CPT_CODE_LENGTH = 5
MODIFIER_CODE_LENGTH = 2
CODE_LENGTHS = (CPT_CODE_LENGTH, MODIFIER_CODE_LENGTH)
MIN_DESCRIPTION = 80
MAX_DESCRIPTION = 900
FIRST_DATA_LINE = 2  # line 1 is the header

_CODE_SHAPE = re.compile(r"[0-9A-Z]+")


@dataclass(frozen=True)
class PlainDescription:
    code: str
    title: str
    description: str
    reviewed_by: str
    source: str


def check_plain_header(columns: Sequence[str] | None, source_name: str) -> None:
    """The header must name exactly the five columns, in order."""
    found = tuple(columns or ())
    if found != COLUMNS:
        raise LayoutError(
            source_name,
            1,
            f"expected the columns {', '.join(COLUMNS)}; found {', '.join(found) or 'none'}",
        )


def parse_plain_descriptions(
    rows: Iterable[dict[str, str]],
    source_name: str,
    *,
    code_length: int | None = None,
) -> list[PlainDescription]:
    """Validate rows (column -> value) read after a header line; one record per line.

    ``code_length`` is 5 for CPT codes or 2 for modifiers; when omitted, the first row's code
    decides it and every other row must match.
    """
    if code_length is not None and code_length not in CODE_LENGTHS:
        raise ValueError(f"code_length must be one of {CODE_LENGTHS}, not {code_length}")
    descriptions: list[PlainDescription] = []
    seen: dict[str, int] = {}
    expected_length = code_length
    for line, row in enumerate(rows, start=FIRST_DATA_LINE):
        values = _fields(row, source_name, line)
        code = values["code"]
        expected_length = _check_code(code, expected_length, source_name, line)
        if code in seen:
            raise LayoutError(
                source_name, line, f"code {code} is already described on line {seen[code]}"
            )
        length = len(values["description"])
        if not MIN_DESCRIPTION <= length <= MAX_DESCRIPTION:
            raise LayoutError(
                source_name,
                line,
                f"description of {code} is {length} characters; "
                f"it must be {MIN_DESCRIPTION} to {MAX_DESCRIPTION}",
            )
        seen[code] = line
        descriptions.append(PlainDescription(**values))
    return descriptions


def _fields(row: dict[str, str], source_name: str, line: int) -> dict[str, str]:
    # csv.DictReader puts surplus values under the key None and fills short rows with None.
    unexpected = set(row) - set(COLUMNS)
    if unexpected:
        raise LayoutError(
            source_name,
            line,
            f"more than {len(COLUMNS)} columns, or unexpected column(s) "
            f"{', '.join(sorted(repr(c) for c in unexpected))}",
        )
    values: dict[str, str] = {}
    for column in COLUMNS:
        raw = row.get(column)
        if raw is None:
            raise LayoutError(source_name, line, f"column {column} is missing")
        value = raw.strip()
        if not value:
            raise LayoutError(source_name, line, f"column {column} is empty")
        if "\n" in value or "\r" in value:
            raise LayoutError(source_name, line, f"column {column} spans more than one line")
        values[column] = value
    return values


def _check_code(code: str, expected_length: int | None, source_name: str, line: int) -> int:
    if not _CODE_SHAPE.fullmatch(code) or len(code) not in CODE_LENGTHS:
        raise LayoutError(
            source_name,
            line,
            f"code {code!r} is not 5 (CPT) or 2 (modifier) upper-case letters and digits",
        )
    if expected_length is not None and len(code) != expected_length:
        kind = "CPT codes" if expected_length == CPT_CODE_LENGTH else "modifiers"
        raise LayoutError(
            source_name,
            line,
            f"code {code!r} has {len(code)} characters; this file holds {kind} "
            f"of {expected_length}",
        )
    return len(code)
