"""Composing answers from catalog facts: the words, the citations, the tools used."""

from __future__ import annotations

import re

import pytest

from assistant.domain.answers import (
    CATALOG_LOOKUP,
    Citation,
    decline_without_code,
    describe_code,
)
from assistant.domain.facts import CodeFact
from assistant.domain.questions import CodeLookup
from atlaskit.coding import CodeStatus, CodeSystem

pytestmark = pytest.mark.unit

K0001 = CodeFact(
    system=CodeSystem.HCPCS,
    code="K0001",
    title="Standard wheelchair",
    short_title="Standard wheelchair",
    status=CodeStatus.ACTIVE,
    release_id="HCPCS-2025-10-01",
)
CODE_LIKE = re.compile(r"\b(?=\w*\d)[A-Z0-9]{3,7}(?:\.\w+)?\b")


def test_a_known_code_is_described_from_its_facts_with_one_citation() -> None:
    answer = describe_code(CodeLookup(CodeSystem.HCPCS, "K0001"), K0001)
    assert answer.text == 'HCPCS K0001 is "Standard wheelchair" (active, release HCPCS-2025-10-01).'
    assert answer.citations == (Citation(CodeSystem.HCPCS, "K0001", "HCPCS-2025-10-01", "catalog"),)
    assert answer.tools_used == (CATALOG_LOOKUP,)


def test_a_terminated_code_says_so() -> None:
    fact = CodeFact(
        CodeSystem.ICD10CM,
        "E11.9",
        "Type 2 diabetes",
        "Type 2 diabetes",
        CodeStatus.TERMINATED,
        "ICD10CM-2025-10-01",
    )
    answer = describe_code(CodeLookup(CodeSystem.ICD10CM, "E11.9"), fact)
    assert answer.text == (
        'ICD-10-CM E11.9 is "Type 2 diabetes" (terminated, release ICD10CM-2025-10-01).'
    )


def test_a_code_not_in_the_catalog_is_said_missing_and_nothing_else_is_named() -> None:
    answer = describe_code(CodeLookup(CodeSystem.HCPCS, "K9999"), None)
    assert "K9999 is not in the catalog" in answer.text
    assert CODE_LIKE.findall(answer.text) == ["K9999"]
    assert answer.citations == ()
    assert answer.tools_used == (CATALOG_LOOKUP,)


def test_a_question_without_a_code_is_declined_politely_without_citations() -> None:
    answer = decline_without_code()
    assert "only answer questions about a specific code" in answer.text
    assert CODE_LIKE.findall(answer.text) == []
    assert answer.citations == () and answer.tools_used == ()
