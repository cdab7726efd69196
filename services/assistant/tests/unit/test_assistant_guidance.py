"""CodeAtlas's guidance topics: the packaged file reads, names only the codes it lists, and a
question finds the topic it asks about."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.adapters.guidance_file import GuidanceFileError, guidance_topics
from assistant.domain.guidance import (
    GuidanceTopic,
    OfficialGuideline,
    best_topic,
    content_words,
    explain_topic,
    rank_guidelines,
)
from atlaskit.coding import code_like_tokens

pytestmark = pytest.mark.unit

TOPICS = guidance_topics()


def test_the_packaged_guidance_reads_with_unique_ids() -> None:
    assert len(TOPICS) >= 15
    assert len({t.id for t in TOPICS}) == len(TOPICS)


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.id)
def test_a_topic_names_only_the_codes_it_lists(topic: GuidanceTopic) -> None:
    answer = explain_topic(topic)
    assert set(code_like_tokens(answer.text)) <= set(topic.codes)
    assert answer.citations[0].code == topic.id and answer.evidence == ()


@pytest.mark.parametrize(
    ("question", "topic_id"),
    [
        ("Guidelines for E/M services", "em-office-visit-levels"),
        ("when is modifier 25 needed with a procedure", "em-with-procedure-modifier-25"),
        ("what is the global period for surgery", "global-surgery-periods"),
        ("excludes1 vs excludes2", "icd10cm-conventions"),
        ("telehealth place of service rules", "telehealth-pos-and-modifier-95"),
    ],
)
def test_a_question_finds_its_topic(question: str, topic_id: str) -> None:
    found = best_topic(TOPICS, question)
    assert found is not None and found.id == topic_id


def test_a_question_using_no_keyword_finds_no_topic() -> None:
    assert best_topic(TOPICS, "What changed in the 2025 release?") is None


def test_official_paragraphs_are_ranked_by_the_words_they_use() -> None:
    excision = OfficialGuideline("Root operation definitions", "RO-0B", "Excision", "Definition")
    biopsy = OfficialGuideline("Root Operation", "B3.4a", "Biopsy Procedures", "excision ...")
    other = OfficialGuideline("Convention", "A1", "Codes", "Seven characters")
    words = content_words("What is the root operation excision?")
    assert rank_guidelines([other, biopsy, excision], words)[:2] == [excision, biopsy]


def test_a_malformed_guidance_file_names_the_topic(tmp_path: Path) -> None:
    path = tmp_path / "guidance.toml"
    path.write_text('[[topic]]\nid = "x"\ntitle = "X"\nreviewed_by = "us"\nkeywords = [1]\n')
    with pytest.raises(GuidanceFileError, match=r"topic 1 \(x\): keywords must be a list"):
        guidance_topics(path)
