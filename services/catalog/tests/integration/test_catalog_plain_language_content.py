"""The shipped plain-language content: real CPT codes, required coverage, our own wording."""

from __future__ import annotations

import csv
import io
import re
from importlib.resources import files
from pathlib import Path

import pytest

from catalog.adapters.content_files import (
    CONTENT_PACKAGE,
    CPT_FILE,
    MODIFIER_FILE,
    read_cpt_plain_language,
    read_modifier_plain_language,
)
from catalog.domain.plain_language import PlainDescription
from catalog.settings import CatalogSettings

pytestmark = pytest.mark.integration

RVU_FILE = "rvu25d_PPRRVU2025_Oct_nodesc.csv"
RVU_HEADER_LINES = 10


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


REQUIRED_CPT = _words(
    """
    95870 95885 95886 95887 95907 95908 95909 95910 95911 95912 95913
    99202 99203 99204 99205 99211 99212 99213 99214 99215
    99221 99222 99223 99231 99232 99233 99238 99239
    99281 99282 99283 99284 99285 99291 99292
    99304 99305 99306 99307 99308 99309 99310
    99341 99342 99344 99345 99347 99348 99349 99350
    99381 99382 99383 99384 99385 99386 99387
    99391 99392 99393 99394 99395 99396 99397
    99401 99406 99417 99495 99496
    29880 29881 29826 29827 45378 45380 45385 43235 43239
    93000 93005 93010 93306 93015 93017 93018
    20610 20611 20552 20553
    97110 97112 97116 97140 97530 97161 97162 97163 97010
    36415 81002 81003 85025 80053 80061 83036 84443 87880
    90471 90472 90686 90715 96372
    11102 11103 11104 11105 12001 12002 17000 17003 17110 69210
    71046 72148 73721 74177 76700 76805 77067
    59400 59510 27447 27130 66984 64483 62323 31231
    92004 92014 92012 94010 94640 96127
    """
)
REQUIRED_MODIFIERS = _words(
    """
    22 24 25 26 27 33 50 51 52 53 54 55 56 57 58 59 62 63 66 76 77 78 79 80 81 82
    90 91 95 96 97 99 TC XE XP XS XU LT RT GA GY GZ KX
    """
)
FORBIDDEN = re.compile(r"american\s+medical\s+association|copyright", re.IGNORECASE)
REVIEWED_BY = "CodeAtlas clinical content team (draft)"
SOURCE = "written by CodeAtlas; not AMA text"


@pytest.fixture(scope="module")
def cpt() -> list[PlainDescription]:
    return read_cpt_plain_language()


@pytest.fixture(scope="module")
def modifiers() -> list[PlainDescription]:
    return read_modifier_plain_language()


@pytest.fixture(scope="module")
def rvu_codes() -> set[str]:
    path: Path = CatalogSettings().data_dir / "cms" / RVU_FILE
    if not path.is_file():
        pytest.skip(f"the shared CMS RVU file is not at {path}")
    lines = path.read_text(encoding="utf-8").splitlines()[RVU_HEADER_LINES:]
    codes = {row[0].strip() for row in csv.reader(lines) if row and row[0].strip()}
    assert "99213" in codes, "the RVU file did not parse as expected"
    return codes


def test_the_csv_files_are_package_data() -> None:
    package = files(CONTENT_PACKAGE)
    for name in (CPT_FILE, MODIFIER_FILE):
        resource = package.joinpath(name)
        assert resource.is_file(), name
        header = next(csv.reader(io.StringIO(resource.read_text(encoding="utf-8"))))
        assert header == ["code", "title", "description", "reviewed_by", "source"]


def test_every_cpt_code_is_in_the_rvu_file(
    cpt: list[PlainDescription], rvu_codes: set[str]
) -> None:
    unknown = sorted(d.code for d in cpt if d.code not in rvu_codes)
    assert unknown == []


def test_there_are_enough_descriptions(
    cpt: list[PlainDescription], modifiers: list[PlainDescription]
) -> None:
    assert len(cpt) >= 100
    assert len(modifiers) >= 30


def test_the_required_codes_are_all_described(cpt: list[PlainDescription]) -> None:
    assert sorted(REQUIRED_CPT - {d.code for d in cpt}) == []


def test_the_required_modifiers_are_all_described(modifiers: list[PlainDescription]) -> None:
    assert sorted(REQUIRED_MODIFIERS - {d.code for d in modifiers}) == []


def test_no_text_mentions_the_ama_or_copyright(
    cpt: list[PlainDescription], modifiers: list[PlainDescription]
) -> None:
    flagged = [d.code for d in cpt + modifiers if FORBIDDEN.search(d.description)]
    assert flagged == []


def test_every_row_carries_the_draft_review_and_our_source(
    cpt: list[PlainDescription], modifiers: list[PlainDescription]
) -> None:
    for description in cpt + modifiers:
        assert description.reviewed_by == REVIEWED_BY, description.code
        assert description.source == SOURCE, description.code
