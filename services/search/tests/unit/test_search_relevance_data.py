"""The shipped relevance queries and synonyms are well formed, complete and free of duplicates."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from importlib.resources import files

import pytest

pytestmark = pytest.mark.unit

QUERY_COLUMNS = ["query", "expected", "category", "note"]
SYNONYM_COLUMNS = ["term", "expansion", "kind", "source"]
CATEGORIES = {
    "icd10cm_words",
    "hcpcs_words",
    "cpt_number",
    "code_format",
    "lay_term",
    "abbreviation",
    "typo",
}
EXPECTED_ENTRY = re.compile(r"^(CPT|HCPCS|ICD10CM|ICD10PCS):[0-9A-Z.]+$")


def _read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    text = files("search.content").joinpath(name).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


@pytest.fixture(scope="module")
def queries() -> list[dict[str, str]]:
    columns, rows = _read("relevance_queries.csv")
    assert columns == QUERY_COLUMNS
    return rows


@pytest.fixture(scope="module")
def synonyms() -> list[dict[str, str]]:
    columns, rows = _read("synonyms.csv")
    assert columns == SYNONYM_COLUMNS
    return rows


def test_queries_have_every_field(queries: list[dict[str, str]]) -> None:
    for row in queries:
        assert all(row[column] and row[column].strip() for column in QUERY_COLUMNS), row


def test_queries_use_known_categories_with_enough_of_each(queries: list[dict[str, str]]) -> None:
    counts = Counter(row["category"] for row in queries)
    assert set(counts) == CATEGORIES
    assert len(queries) >= 160
    for category in CATEGORIES:
        assert counts[category] >= 15, (category, counts[category])


def test_queries_are_not_duplicated(queries: list[dict[str, str]]) -> None:
    normalized = Counter(" ".join(row["query"].lower().split()) for row in queries)
    assert [query for query, n in normalized.items() if n > 1] == []


def test_expected_entries_are_system_and_code(queries: list[dict[str, str]]) -> None:
    for row in queries:
        entries = row["expected"].split("|")
        assert all(EXPECTED_ENTRY.match(entry) for entry in entries), row
        assert len(entries) == len(set(entries)), row


def test_icd10cm_codes_are_dotted(queries: list[dict[str, str]]) -> None:
    for row in queries:
        for entry in row["expected"].split("|"):
            system, code = entry.split(":")
            if system == "ICD10CM" and len(code.replace(".", "")) > 3:
                assert code[3] == "." and code.count(".") == 1, row


def test_cpt_queries_are_numbers(queries: list[dict[str, str]]) -> None:
    for row in queries:
        if row["category"] == "cpt_number":
            assert re.fullmatch(r"\d{4}[0-9FTU]", row["query"]), row
            assert f"CPT:{row['query']}" in row["expected"].split("|"), row


def test_synonyms_are_complete(synonyms: list[dict[str, str]]) -> None:
    assert len(synonyms) >= 120
    for row in synonyms:
        assert all(row[column] and row[column].strip() for column in SYNONYM_COLUMNS), row
        assert row["term"] == row["term"].lower(), row
        assert row["term"] != row["expansion"].lower(), row


def test_synonym_terms_are_not_duplicated(synonyms: list[dict[str, str]]) -> None:
    counts = Counter(row["term"] for row in synonyms)
    assert [term for term, n in counts.items() if n > 1] == []
