"""Synonyms: the longest listed term in a query becomes one group with its expansions."""

from __future__ import annotations

import pytest

from search.domain.thesaurus import Synonym, Thesaurus, WordGroup, reviewed_thesaurus

pytestmark = pytest.mark.unit

THESAURUS = Thesaurus(
    [
        Synonym("heart attack", "myocardial infarction", "lay", "test"),
        Synonym("heart", "cardiac", "lay", "test"),
        Synonym("CHF", "congestive heart failure", "abbreviation", "test"),
        Synonym("chf", "heart failure", "abbreviation", "test"),
        Synonym("diabetis", "diabetes", "misspelling", "test"),
    ]
)


def test_the_longest_listed_term_wins() -> None:
    assert THESAURUS.groups(("acute", "heart", "attack")) == (
        WordGroup("acute", ("acute",)),
        WordGroup("heart attack", ("heart attack", "myocardial infarction")),
    )


def test_a_term_listed_twice_keeps_every_expansion_once() -> None:
    assert THESAURUS.groups(("chf",)) == (
        WordGroup("chf", ("chf", "congestive heart failure", "heart failure")),
    )


def test_words_without_synonyms_stay_single_words() -> None:
    groups = THESAURUS.groups(("type", "2", "diabetis"))
    assert [g.single_word for g in groups] == [True, True, False]


def test_the_reviewed_list_is_read_with_every_kind() -> None:
    thesaurus = reviewed_thesaurus()
    assert len(thesaurus) > 200
    (group,) = thesaurus.groups(("pink", "eye"))
    assert "conjunctivitis" in group.alternatives
    lay_only = reviewed_thesaurus(("lay",))
    assert lay_only.groups(("diabetis",)) == (WordGroup("diabetis", ("diabetis",)),)


def test_type_ahead_completes_a_listed_term_from_its_first_letters() -> None:
    assert THESAURUS.completing(("acute", "heart"), "att") == [(1, "myocardial infarction")]
    assert THESAURUS.completing((), "diab") == [(0, "diabetes")]
    assert THESAURUS.completing((), "di") == []


def test_a_listed_misspelling_carries_its_right_spelling() -> None:
    (group,) = THESAURUS.groups(("diabetis",))
    assert group.correction == "diabetes"
    (lay,) = THESAURUS.groups(("chf",))
    assert lay.correction is None
