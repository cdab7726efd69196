"""Parsing the real CDC ICD-10-CM tabular XML (FY2026, April 1 update) shipped in PyPI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from catalog.adapters.icd10cm_xml import default_tabular_path, read_icd10cm_tabular
from catalog.domain.codes import Code
from catalog.domain.hcpcs import LayoutError
from catalog.domain.hierarchy import GroupKind, NoteKind
from catalog.domain.icd10cm import Icd10CmContents, parse_tabular

pytestmark = pytest.mark.integration

EFFECTIVE = date(2026, 4, 1)
CODE_LIST = "code-list-April-2026.txt"


@pytest.fixture(scope="module")
def tabular() -> Icd10CmContents:
    return parse_tabular(read_icd10cm_tabular(), EFFECTIVE)


@pytest.fixture(scope="module")
def codes(tabular: Icd10CmContents) -> dict[str, Code]:
    return {code.code: code for code in tabular.codes}


def _billable_in_code_list() -> set[str]:
    """The package's own list: chapters, blocks and codes without dots, one a line.

    Chapters are numbers and blocks are ranges (a one-category block repeats the
    category); a code is billable when no other listed code extends it.
    """
    lines = (default_tabular_path().parent / CODE_LIST).read_text(encoding="utf-8").splitlines()
    listed = {line.strip().replace(".", "") for line in lines}
    codes = {line for line in listed if line and not line.isdigit() and "-" not in line}
    headings = {code[:length] for code in codes for length in range(3, len(code))}
    return codes - headings


def test_billable_codes_equal_the_packages_code_list(tabular: Icd10CmContents) -> None:
    billable = {code.code.replace(".", "") for code in tabular.codes if code.billable}
    expected = _billable_in_code_list()
    print(f"billable ICD-10-CM codes: {len(billable)} (code list: {len(expected)})")
    assert billable == expected
    assert 74_700 <= len(billable) < 74_800


def test_type_2_diabetes_without_complications(codes: dict[str, Code]) -> None:
    e119 = codes["E11.9"]
    assert (e119.billable, e119.parent, e119.title) == (
        True,
        "E11",
        "Type 2 diabetes mellitus without complications",
    )
    assert (codes["E11"].billable, codes["E11"].group) == (False, "E08-E13")


def test_a_forearm_fracture_takes_its_seventh_character(codes: dict[str, Code]) -> None:
    closed = codes["S52.501A"]
    assert closed.billable and closed.parent == "S52.501"
    assert closed.title.endswith(", initial encounter for closed fracture")
    assert codes["S52.501"].billable is False


def test_the_twenty_two_chapters(tabular: Icd10CmContents) -> None:
    chapters = {g.id: g for g in tabular.groups if g.kind is GroupKind.CHAPTER}
    assert len(chapters) == 22
    assert (chapters["4"].first, chapters["4"].last) == ("E00", "E89")


def test_acute_myocardial_infarction_notes(tabular: Icd10CmContents) -> None:
    on_i21 = {(n.kind, n.text) for n in tabular.notes if n.subject == "I21"}
    assert (NoteKind.INCLUDES, "cardiac infarction") in on_i21
    assert (NoteKind.EXCLUDES2, "old myocardial infarction (I25.2)") in on_i21


def test_inclusion_terms_are_search_terms_of_their_code(codes: dict[str, Code]) -> None:
    assert "cardiac infarction" in codes["I21"].search_terms
    # An extended code shares its leaf's words: S52.501A is still a distal radius fracture.
    assert codes["S52.501A"].search_terms == codes["S52.501"].search_terms
    with_terms = sum(bool(code.search_terms) for code in codes.values())
    print(f"ICD-10-CM codes with inclusion terms or includes notes: {with_terms}")
    assert with_terms > 10_000


def test_a_file_that_is_not_the_tabular_xml_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "index.xml"
    other.write_text("<ICD10CM.index><letter/></ICD10CM.index>", encoding="utf-8")
    with pytest.raises(LayoutError, match=r"line 1: not the ICD-10-CM tabular XML"):
        read_icd10cm_tabular(other)


def test_a_file_that_is_not_xml_names_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "tabular.xml"
    broken.write_text("<ICD10CM.tabular>\n<chapter>\n</ICD10CM.tabular>", encoding="utf-8")
    with pytest.raises(LayoutError, match=r"line 3: is not well-formed XML"):
        read_icd10cm_tabular(broken)
