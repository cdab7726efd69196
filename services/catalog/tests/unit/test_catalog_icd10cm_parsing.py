"""The ICD-10-CM tabular XML: chapters, blocks, codes, 7th characters and notes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from catalog.domain.codes import Code, CodeStatus, CodeSystem
from catalog.domain.hcpcs import LayoutError
from catalog.domain.hierarchy import GroupKind, NoteKind
from catalog.domain.icd10cm import Icd10CmContents, extended_code, parse_tabular

pytestmark = pytest.mark.unit

EFFECTIVE = date(2026, 4, 1)

ENDOCRINE = """
<chapter>
  <name>4</name>
  <desc>Endocrine, nutritional and metabolic diseases (E00-E89)</desc>
  <notes><note>All neoplasms are classified in Chapter 2.</note></notes>
  <section id="E08-E13">
    <desc>Diabetes mellitus (E08-E13)</desc>
    <diag>
      <name>E11</name>
      <desc>Type 2 diabetes mellitus</desc>
      <includes><note>diabetes NOS</note></includes>
      <excludes1><note>type 1 diabetes mellitus (E10.-)</note></excludes1>
      <diag>
        <name>E11.9</name>
        <desc>Type 2 diabetes mellitus without complications</desc>
      </diag>
    </diag>
  </section>
</chapter>
"""

FOREARM = """
<chapter>
  <name>19</name>
  <desc>Injury, poisoning and certain other consequences of external causes (S00-T88)</desc>
  <section id="S50-S59">
    <desc>Injuries to the elbow and forearm (S50-S59)</desc>
    <diag>
      <name>S52</name>
      <desc>Fracture of forearm</desc>
      <sevenChrNote><note>The appropriate 7th character is to be added</note></sevenChrNote>
      <sevenChrDef>
        <extension char="A">initial encounter for closed fracture</extension>
        <extension char="B">initial encounter for open fracture type I or II</extension>
        <note>\tinitial encounter for open fracture NOS</note>
      </sevenChrDef>
      <excludes2><note>fracture at wrist and hand level (S62.-)</note></excludes2>
      <diag>
        <name>S52.5</name>
        <desc>Fracture of lower end of radius</desc>
        <diag>
          <name>S52.501</name>
          <desc>Unspecified fracture of the lower end of right radius</desc>
        </diag>
      </diag>
      <diag>
        <name>S52.9</name>
        <desc>Unspecified fracture of forearm</desc>
        <sevenChrDef><extension char="S">sequela</extension></sevenChrDef>
      </diag>
    </diag>
  </section>
  <section id="T07">
    <desc>Injuries involving multiple body regions (T07)</desc>
    <excludes1><note>sunburn (L55.-)</note></excludes1>
    <diag>
      <name>T07</name>
      <desc>Unspecified multiple injuries</desc>
      <sevenChrDef><extension char="A">initial encounter</extension></sevenChrDef>
      <excludes1><note>injury NOS (T14.90)</note></excludes1>
    </diag>
  </section>
</chapter>
"""

BRAIN_INJURY = """
<chapter>
  <name>19</name>
  <desc>Injury (S00-T88)</desc>
  <section id="S00-S09">
    <desc>Injuries to the head (S00-S09)</desc>
    <diag>
      <name>S06</name>
      <desc>Intracranial injury</desc>
      <sevenChrDef>
        <extension char="A">initial encounter</extension>
        <extension char="D">subsequent encounter</extension>
        <extension char="S">sequela</extension>
      </sevenChrDef>
      <diag>
        <name>S06.1X7</name>
        <desc>Traumatic cerebral edema with death due to brain injury</desc>
      </diag>
      <diag>
        <name>S06.1X1</name>
        <desc>Traumatic cerebral edema with loss of consciousness of 30 minutes or less</desc>
      </diag>
    </diag>
  </section>
</chapter>
"""


def _parse(*chapters: str) -> Icd10CmContents:
    tabular = ET.fromstring(
        f"<ICD10CM.tabular><version>2026</version>{''.join(chapters)}</ICD10CM.tabular>"
    )
    return parse_tabular(tabular, EFFECTIVE)


def _codes(contents: Icd10CmContents) -> dict[str, Code]:
    return {code.code: code for code in contents.codes}


def test_chapters_and_blocks_become_groups_with_their_ranges() -> None:
    chapter, block = _parse(ENDOCRINE).groups
    assert (chapter.id, chapter.kind, chapter.first, chapter.last, chapter.parent) == (
        "4",
        GroupKind.CHAPTER,
        "E00",
        "E89",
        None,
    )
    assert (block.id, block.kind, block.first, block.last, block.parent) == (
        "E08-E13",
        GroupKind.BLOCK,
        "E08",
        "E13",
        "4",
    )
    assert block.title == "Diabetes mellitus (E08-E13)"


def test_a_one_category_block_starts_and_ends_at_that_category() -> None:
    t07 = next(group for group in _parse(FOREARM).groups if group.id == "T07")
    assert (t07.first, t07.last, t07.parent) == ("T07", "T07", "19")


def test_a_chapter_title_without_a_range_takes_the_range_of_its_blocks() -> None:
    chapter = _parse(FOREARM.replace(" (S00-T88)", "")).groups[0]
    assert (chapter.first, chapter.last) == ("S50", "T07")


def test_a_category_sits_in_its_block_and_a_subcategory_under_its_code() -> None:
    codes = _codes(_parse(ENDOCRINE))
    assert (codes["E11"].parent, codes["E11"].group, codes["E11"].billable) == (
        None,
        "E08-E13",
        False,
    )
    e119 = codes["E11.9"]
    assert (e119.parent, e119.group, e119.billable) == ("E11", None, True)
    assert e119.title == e119.short_title == "Type 2 diabetes mellitus without complications"
    assert (e119.system, e119.status, e119.effective_date, e119.termination_date) == (
        CodeSystem.ICD10CM,
        CodeStatus.ACTIVE,
        EFFECTIVE,
        None,
    )


def test_includes_notes_and_inclusion_terms_become_search_terms() -> None:
    with_terms = ENDOCRINE.replace(
        "<desc>Type 2 diabetes mellitus without complications</desc>",
        "<desc>Type 2 diabetes mellitus without complications</desc>"
        "<inclusionTerm><note>Type 2 diabetes NOS</note><note>\tType 2 diabetes NOS</note>"
        "</inclusionTerm>",
    )
    codes = _codes(_parse(with_terms))
    assert codes["E11"].search_terms == ("diabetes NOS",)
    assert codes["E11.9"].search_terms == ("Type 2 diabetes NOS",)


def test_a_leaf_under_a_seventh_character_definition_extends_to_seven_characters() -> None:
    codes = _codes(_parse(FOREARM))
    assert codes["S52.501"].billable is False
    closed = codes["S52.501A"]
    assert (closed.parent, closed.billable, closed.group) == ("S52.501", True, None)
    assert closed.title == (
        "Unspecified fracture of the lower end of right radius, "
        "initial encounter for closed fracture"
    )
    assert "S52.501B" in codes


def test_a_nearer_seventh_character_definition_replaces_the_inherited_one() -> None:
    codes = _codes(_parse(FOREARM))
    assert [code for code in codes if code.startswith("S52.9")] == ["S52.9", "S52.9XXS"]


def test_a_category_without_subcodes_is_padded_with_the_placeholder() -> None:
    codes = _codes(_parse(FOREARM))
    assert codes["T07.XXXA"].parent == "T07"
    assert codes["T07"].billable is False


@pytest.mark.parametrize(
    ("leaf", "character", "extended"),
    [("T07", "A", "T07.XXXA"), ("T36.0", "1", "T36.0XX1"), ("S52.501", "A", "S52.501A")],
)
def test_the_seventh_character_is_always_the_seventh(
    leaf: str, character: str, extended: str
) -> None:
    assert extended_code(leaf, character) == extended


def test_death_before_regaining_consciousness_takes_only_the_initial_encounter() -> None:
    codes = _codes(_parse(BRAIN_INJURY))
    assert [code for code in codes if code.startswith("S06.1X7")] == ["S06.1X7", "S06.1X7A"]
    assert {"S06.1X1A", "S06.1X1D", "S06.1X1S"} <= set(codes)


def test_billable_codes_are_the_leaves_that_need_no_seventh_character() -> None:
    billable = {code.code for code in _parse(ENDOCRINE, FOREARM).codes if code.billable}
    assert billable == {"E11.9", "S52.501A", "S52.501B", "S52.9XXS", "T07.XXXA"}


def test_notes_keep_their_kind_and_order_on_each_subject() -> None:
    notes = _parse(ENDOCRINE).notes
    on_e11 = [(n.kind, n.text, n.position) for n in notes if n.subject == "E11"]
    assert on_e11 == [
        (NoteKind.INCLUDES, "diabetes NOS", 0),
        (NoteKind.EXCLUDES1, "type 1 diabetes mellitus (E10.-)", 1),
    ]
    assert [(n.subject, n.kind) for n in notes if n.subject == "4"] == [("4", NoteKind.NOTE)]


def test_seventh_character_notes_list_each_character_and_its_inclusion_terms() -> None:
    on_s52 = [(n.kind, n.text) for n in _parse(FOREARM).notes if n.subject == "S52"]
    assert on_s52 == [
        (NoteKind.SEVENTH_CHARACTER, "The appropriate 7th character is to be added"),
        (NoteKind.SEVENTH_CHARACTER, "A: initial encounter for closed fracture"),
        (
            NoteKind.SEVENTH_CHARACTER,
            "B: initial encounter for open fracture type I or II; "
            "initial encounter for open fracture NOS",
        ),
        (NoteKind.EXCLUDES2, "fracture at wrist and hand level (S62.-)"),
    ]


def test_a_block_and_its_only_category_number_their_notes_as_one_subject() -> None:
    on_t07 = [(n.text, n.position) for n in _parse(FOREARM).notes if n.subject == "T07"]
    assert on_t07 == [
        ("sunburn (L55.-)", 0),
        ("A: initial encounter", 1),
        ("injury NOS (T14.90)", 2),
    ]


def test_chapter_elements_can_be_given_without_the_root() -> None:
    chapters = [ET.fromstring(ENDOCRINE), ET.fromstring(FOREARM)]
    assert parse_tabular(chapters, EFFECTIVE) == _parse(ENDOCRINE, FOREARM)


def test_whitespace_around_and_inside_texts_is_collapsed() -> None:
    padded = ENDOCRINE.replace(
        "<desc>Diabetes mellitus (E08-E13)</desc>", "<desc> Diabetes\tmellitus (E08-E13)</desc>"
    )
    assert _parse(padded).groups[1].title == "Diabetes mellitus (E08-E13)"


def test_a_diag_without_a_name_is_a_layout_error() -> None:
    nameless = ENDOCRINE.replace("<name>E11.9</name>", "")
    with pytest.raises(LayoutError, match=r"tabular\.xml, line 1: a <diag> under E11 has no"):
        parse_tabular(ET.fromstring(nameless), EFFECTIVE, source="tabular.xml")


def test_a_seventh_character_must_be_one_character() -> None:
    unnamed = FOREARM.replace('<extension char="S">', "<extension>")
    with pytest.raises(LayoutError, match=r"code S52\.9 defines a 7th character ''"):
        parse_tabular(ET.fromstring(unnamed), EFFECTIVE)
