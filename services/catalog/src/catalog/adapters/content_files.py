"""Reads the plain-language CSV files shipped inside the ``catalog.content`` package."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib.resources import files

from catalog.domain.plain_language import (
    CPT_CODE_LENGTH,
    MODIFIER_CODE_LENGTH,
    PlainDescription,
    check_plain_header,
    parse_plain_descriptions,
)

CONTENT_PACKAGE = "catalog.content"
CPT_FILE = "cpt_plain_language.csv"
MODIFIER_FILE = "modifier_plain_language.csv"


def read_cpt_plain_language() -> list[PlainDescription]:
    return _read(CPT_FILE, CPT_CODE_LENGTH)


def read_modifier_plain_language() -> list[PlainDescription]:
    return _read(MODIFIER_FILE, MODIFIER_CODE_LENGTH)


def _read(name: str, code_length: int) -> list[PlainDescription]:
    source_name = f"{CONTENT_PACKAGE}/{name}"
    text = files(CONTENT_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    check_plain_header(reader.fieldnames, source_name)
    return parse_plain_descriptions(reader, source_name, code_length=code_length)


@cache
def plain_descriptions() -> dict[str, PlainDescription]:
    """Our CPT and modifier descriptions by code, read once."""
    return {d.code: d for d in (*read_cpt_plain_language(), *read_modifier_plain_language())}
