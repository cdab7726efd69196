"""Composing answers from catalog facts: the words, the citations, the tools used."""

from __future__ import annotations

import pytest

from assistant.domain.answers import (
    CATALOG_LOOKUP,
    Citation,
    Outcome,
    decline_without_code,
    not_in_catalog,
)
from assistant.domain.facts import CodeFact
from assistant.domain.intents import CodeLookup
from assistant.domain.pages import CodePage, PlainWords, compare_pages, describe_page
from atlaskit.coding import CodeStatus, CodeSystem, code_like_tokens

pytestmark = pytest.mark.unit

K0001 = CodeFact(
    CodeSystem.HCPCS,
    "K0001",
    "Standard wheelchair",
    "Standard wheelchair",
    CodeStatus.ACTIVE,
    "HCPCS-2025-10-01",
)
CPT_99213 = CodeFact(
    CodeSystem.CPT, "99213", "Office visit", "Office visit", CodeStatus.ACTIVE, "CPT-2025-10-01"
)
NOTICE = "The official CPT descriptor is licensed by the American Medical Association."


def test_a_known_code_is_described_from_its_facts_with_one_citation() -> None:
    answer = describe_page(CodePage(K0001))
    assert answer.text == 'HCPCS K0001 is "Standard wheelchair" (active, release HCPCS-2025-10-01).'
    assert answer.citations == (Citation(CodeSystem.HCPCS, "K0001", "HCPCS-2025-10-01", "catalog"),)
    assert answer.tools_used == (CATALOG_LOOKUP,)
    assert answer.outcome is Outcome.ANSWERED


def test_a_cpt_code_is_told_in_our_plain_words_and_the_licence_is_said() -> None:
    page = CodePage(
        CPT_99213, PlainWords("Office visit", "A visit of low complexity."), None, NOTICE
    )
    answer = describe_page(page)
    assert answer.text.startswith('CPT 99213 is "Office visit" (our plain-language title)')
    assert "In plain language: A visit of low complexity." in answer.text
    assert f"{NOTICE} None is loaded here, so it is not quoted." in answer.text
    assert [c.source for c in answer.citations] == ["catalog", "codeatlas_content"]


def test_a_licensed_descriptor_is_quoted_and_cited() -> None:
    answer = describe_page(CodePage(CPT_99213, None, "Licensed words.", None))
    assert 'The official descriptor reads: "Licensed words."' in answer.text
    assert "has not written a plain-language description of 99213 yet" in answer.text
    assert answer.citations[-1].source == "cpt_licensed"


def test_a_terminated_code_says_so() -> None:
    fact = CodeFact(
        CodeSystem.ICD10CM, "E11.9", "Type 2", "Type 2", CodeStatus.TERMINATED, "ICD10CM-2025"
    )
    answer = describe_page(CodePage(fact))
    assert answer.text.startswith('ICD-10-CM E11.9 is "Type 2" (terminated, release ICD10CM-2025).')
    assert "is terminated: do not report it" in answer.text


def test_codes_compared_share_their_category() -> None:
    first = CodeFact(CodeSystem.ICD10CM, "E11.9", "A", "A", CodeStatus.ACTIVE, "R")
    second = CodeFact(CodeSystem.ICD10CM, "E11.65", "B", "B", CodeStatus.ACTIVE, "R")
    answer = compare_pages([CodePage(first), CodePage(second)])
    assert "They share the category E11" in answer.text
    assert [c.code for c in answer.citations] == ["E11.9", "E11.65"]


def test_a_code_not_in_the_catalog_is_said_missing_and_nothing_else_is_named() -> None:
    answer = not_in_catalog(CodeLookup(CodeSystem.HCPCS, "K9999"))
    assert answer.text == "HCPCS K9999 is not in the catalog, so I cannot say what it describes."
    assert code_like_tokens(answer.text) == ["K9999"]
    assert answer.citations == () and answer.outcome is Outcome.NOT_IN_CATALOG


def test_a_question_without_a_topic_is_declined_with_what_can_be_asked() -> None:
    answer = decline_without_code()
    assert answer.outcome is Outcome.DECLINED and answer.citations == ()
    assert "Ask about a code" in answer.text
    assert set(code_like_tokens(answer.text)) <= {"99213", "95870", "95886"}
