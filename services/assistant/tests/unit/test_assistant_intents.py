"""Reading a question: the code it asks about and that code's system, or no code."""

from __future__ import annotations

import pytest

from assistant.domain.intents import CodeLookup, GuidelineLookup
from assistant.domain.questions import InvalidQuestion, read_intent
from atlaskit.coding import CodeSystem

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "system", "code"),
    [
        ("What is HCPCS K0001?", CodeSystem.HCPCS, "K0001"),
        ("what is k0001", CodeSystem.HCPCS, "K0001"),
        ("What is CPT code 99213?", CodeSystem.CPT, "99213"),
        ("99213", CodeSystem.CPT, "99213"),
        ("Is K0001's status active?", CodeSystem.HCPCS, "K0001"),
        ("What does ICD-10-CM E11.9 mean?", CodeSystem.ICD10CM, "E11.9"),
        ("icd 10 code e11.9.", CodeSystem.ICD10CM, "E11.9"),
        ("Explain ICD-10-PCS 0016070", CodeSystem.ICD10PCS, "0016070"),
        ("In 2025, what is HCPCS K0001?", CodeSystem.HCPCS, "K0001"),
    ],
)
def test_a_question_about_a_code_names_its_system_and_code(
    question: str, system: CodeSystem, code: str
) -> None:
    assert read_intent(question) == CodeLookup(system, code)


def test_a_named_system_that_cannot_hold_the_code_gives_way_to_the_codes_shape() -> None:
    assert read_intent("What is CPT code K0001?") == CodeLookup(CodeSystem.HCPCS, "K0001")


def test_of_two_named_systems_the_one_the_code_fits_is_chosen() -> None:
    intent = read_intent("Which CPT code goes with HCPCS K0001?")
    assert intent == CodeLookup(CodeSystem.HCPCS, "K0001")


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Guidelines for E/M services", "Guidelines for E/M services"),
        ("What changed in the 2025 release?", "What changed in the 2025 release"),
        ("???", ""),
    ],
)
def test_a_question_without_a_code_or_topic_looks_for_guidance(question: str, words: str) -> None:
    assert read_intent(question) == GuidelineLookup(words)


def test_a_question_at_the_length_limit_is_read() -> None:
    assert read_intent("What is K0001?".ljust(2000)) == CodeLookup(CodeSystem.HCPCS, "K0001")


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "cannot be empty"),
        (" \n\t", "cannot be empty"),
        ("What is K0001?".ljust(2001), "at most 2000 characters"),
    ],
)
def test_an_empty_or_overlong_question_is_refused(question: str, message: str) -> None:
    with pytest.raises(InvalidQuestion, match=message):
        read_intent(question)
