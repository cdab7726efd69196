"""Plain-language description rows: good rows parse, bad rows name their line."""

from __future__ import annotations

import re

import pytest

from catalog.domain.hcpcs import LayoutError
from catalog.domain.plain_language import (
    COLUMNS,
    PlainDescription,
    check_plain_header,
    parse_plain_descriptions,
)

pytestmark = pytest.mark.unit

SOURCE = "cpt_plain_language.csv"
DESCRIPTION = (
    "A short test description that is long enough to pass the minimum length check. "
    "It says what the service is and when it is used."
)


def _row(**values: str) -> dict[str, str]:
    row = {
        "code": "99213",
        "title": "Established patient office visit, low complexity",
        "description": DESCRIPTION,
        "reviewed_by": "CodeAtlas clinical content team (draft)",
        "source": "written by CodeAtlas; not AMA text",
    }
    row.update(values)
    return row


def test_good_rows_become_descriptions() -> None:
    rows = [_row(), _row(code="99214", title="  Moderate visit  ")]
    parsed = parse_plain_descriptions(rows, SOURCE)
    assert parsed[0] == PlainDescription(
        "99213",
        "Established patient office visit, low complexity",
        DESCRIPTION,
        "CodeAtlas clinical content team (draft)",
        "written by CodeAtlas; not AMA text",
    )
    assert [(d.code, d.title) for d in parsed] == [
        ("99213", "Established patient office visit, low complexity"),
        ("99214", "Moderate visit"),
    ]


def test_modifier_rows_parse_with_two_character_codes() -> None:
    parsed = parse_plain_descriptions(
        [_row(code="25"), _row(code="TC"), _row(code="XS")], "mods.csv", code_length=2
    )
    assert [d.code for d in parsed] == ["25", "TC", "XS"]


def test_no_rows_is_an_empty_list() -> None:
    assert parse_plain_descriptions([], SOURCE) == []


def test_the_descriptions_are_frozen() -> None:
    [description] = parse_plain_descriptions([_row()], SOURCE)
    with pytest.raises(AttributeError):
        description.code = "99214"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ({"title": ""}, "column title is empty"),
        ({"reviewed_by": "   "}, "column reviewed_by is empty"),
        ({"source": ""}, "column source is empty"),
        ({"code": ""}, "column code is empty"),
        ({"code": "9921"}, "is not 5 (CPT) or 2 (modifier)"),
        ({"code": "99213X"}, "is not 5 (CPT) or 2 (modifier)"),
        ({"code": "992-3"}, "is not 5 (CPT) or 2 (modifier)"),
        ({"code": "0001f"}, "is not 5 (CPT) or 2 (modifier)"),
        ({"description": "Too short."}, "must be 80 to 900"),
        ({"description": "x" * 901}, "must be 80 to 900"),
        ({"description": DESCRIPTION + "\nSecond line."}, "spans more than one line"),
    ],
)
def test_a_bad_row_names_its_line(bad: dict[str, str], problem: str) -> None:
    rows = [_row(code="99212"), _row(code="99214"), _row(**bad)]
    with pytest.raises(LayoutError, match=re.escape(problem)) as caught:
        parse_plain_descriptions(rows, SOURCE)
    assert caught.value.source == SOURCE
    assert caught.value.line == 4  # header is line 1, so the third row is line 4
    assert str(caught.value).startswith(f"{SOURCE}, line 4: ")


def test_descriptions_at_the_length_limits_are_accepted() -> None:
    rows = [_row(code="99212", description="a" * 80), _row(description="b" * 900)]
    assert len(parse_plain_descriptions(rows, SOURCE)) == 2


def test_a_duplicate_code_names_both_lines() -> None:
    rows = [_row(), _row(code="99214"), _row()]
    with pytest.raises(LayoutError, match="99213 is already described on line 2") as caught:
        parse_plain_descriptions(rows, SOURCE)
    assert caught.value.line == 4


def test_a_missing_column_is_an_error() -> None:
    row = _row()
    del row["source"]
    with pytest.raises(LayoutError, match="column source is missing"):
        parse_plain_descriptions([row], SOURCE)


def test_a_short_csv_row_is_an_error() -> None:
    # csv.DictReader fills the missing trailing values with None.
    row: dict[str, str] = dict(_row())
    row["source"] = None  # type: ignore[assignment]
    with pytest.raises(LayoutError, match="column source is missing"):
        parse_plain_descriptions([row], SOURCE)


def test_a_long_csv_row_is_an_error() -> None:
    # csv.DictReader puts surplus values in a list under the key None.
    row: dict[str, str] = dict(_row())
    row[None] = ["extra"]  # type: ignore[index,assignment]
    with pytest.raises(LayoutError, match="more than 5 columns") as caught:
        parse_plain_descriptions([row], SOURCE)
    assert caught.value.line == 2


def test_a_modifier_in_a_cpt_file_is_an_error() -> None:
    with pytest.raises(LayoutError, match="this file holds CPT codes of 5") as caught:
        parse_plain_descriptions([_row(), _row(code="25")], SOURCE)
    assert caught.value.line == 3


def test_a_cpt_code_in_a_modifier_file_is_an_error() -> None:
    with pytest.raises(LayoutError, match="this file holds modifiers of 2") as caught:
        parse_plain_descriptions([_row()], "mods.csv", code_length=2)
    assert caught.value.line == 2


def test_an_unsupported_code_length_is_refused() -> None:
    with pytest.raises(ValueError, match="code_length"):
        parse_plain_descriptions([_row()], SOURCE, code_length=3)


def test_the_header_must_be_the_five_columns_in_order() -> None:
    check_plain_header(list(COLUMNS), SOURCE)
    for bad in (None, [], ["code", "title", "description", "reviewed_by"], list(reversed(COLUMNS))):
        with pytest.raises(LayoutError, match="expected the columns") as caught:
            check_plain_header(bad, SOURCE)
        assert caught.value.line == 1
