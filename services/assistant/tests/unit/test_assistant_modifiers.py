"""Modifier questions: what they ask, and the answer from the catalog's modifier facts."""

from __future__ import annotations

import pytest

from assistant.domain.answers import Citation
from assistant.domain.intents import ModifierLookup
from assistant.domain.modifiers import ModifierFacts, explain_modifier
from assistant.domain.questions import read_intent
from atlaskit.coding import CodeSystem

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "modifier"),
    [
        ("What does modifier 59 mean?", "59"),
        ("when do I use modifier -25", "25"),
        ("Explain modifier LT for 27447", "LT"),
        ("What surgery needs modifier 59?", "59"),  # a modifier, never read as a code
    ],
)
def test_a_question_naming_a_modifier_asks_what_it_means(question: str, modifier: str) -> None:
    assert read_intent(question) == ModifierLookup(modifier)


def test_an_official_title_and_our_words_are_each_cited_with_their_source() -> None:
    facts = ModifierFacts("LT", "Left side", "HCPCS-2025-10-01", "Left side", "Used on a limb.")
    answer = explain_modifier("LT", facts)
    assert answer.text == (
        'Modifier LT is "Left side" (release HCPCS-2025-10-01). In plain words: Used on a limb.'
    )
    assert answer.citations == (
        Citation(CodeSystem.HCPCS, "LT", "HCPCS-2025-10-01", "hcpcs_modifiers"),
        Citation(CodeSystem.HCPCS, "LT", "CodeAtlas plain language", "codeatlas_content"),
    )


def test_a_cpt_modifier_without_an_official_file_is_explained_in_our_words() -> None:
    facts = ModifierFacts("59", None, None, "Distinct procedural service", "A distinct session.")
    answer = explain_modifier("59", facts)
    assert answer.text.startswith("Modifier 59: Distinct procedural service. In plain words:")
    assert answer.citations == (
        Citation(CodeSystem.CPT, "59", "CodeAtlas plain language", "codeatlas_content"),
    )


def test_a_modifier_the_catalog_lacks_is_said_to_be_missing() -> None:
    answer = explain_modifier("QQ", None)
    assert answer.text == "Modifier QQ is not in the catalog, so I cannot say what it means."
    assert answer.citations == ()
