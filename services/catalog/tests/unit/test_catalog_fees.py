"""Fees from RVUs and GPCIs, and the PFS file rows."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from catalog.domain.hcpcs import LayoutError
from catalog.domain.pfs import Gpci, fee, parse_gpci_row, parse_rvu_row

pytestmark = pytest.mark.unit

RVU_99213 = next(
    csv.reader(
        [
            "99213,,,A,,1.30,1.35,,0.57,,0.10,2.75,1.97,0,XXX,0.00,0.00,0.00,0,0,0,0,0,,"
            "32.3465,09,0,99,0.00,0.00,0.00"
        ]
    )
)


def test_the_national_fee_is_the_rvu_sum_times_the_conversion_factor() -> None:
    entry = parse_rvu_row(RVU_99213, "rvu.csv", 11)
    national = fee(entry)
    by_hand = (Decimal("1.30") + Decimal("1.35") + Decimal("0.10")) * Decimal("32.3465")
    assert by_hand == Decimal("88.952875")
    assert national.nonfacility == by_hand.quantize(Decimal("0.01")) == Decimal("88.95")
    assert national.facility == Decimal("63.72")


def test_a_locality_fee_weights_each_rvu_by_its_gpci() -> None:
    entry = parse_rvu_row(RVU_99213, "rvu.csv", 11)
    bakersfield = parse_gpci_row(
        ["01112", "CA", "54", "BAKERSFIELD", "1.017", "1.093", "0.662"], "gpci.csv", 7
    )
    by_hand = (
        Decimal("1.30") * Decimal("1.017")
        + Decimal("1.35") * Decimal("1.093")
        + Decimal("0.10") * Decimal("0.662")
    ) * Decimal("32.3465")
    assert fee(entry, bakersfield).nonfacility == by_hand.quantize(Decimal("0.01"))
    assert fee(entry, bakersfield).nonfacility == Decimal("92.64")


def test_a_locality_name_loses_its_footnote_marks() -> None:
    alaska: Gpci = parse_gpci_row(
        ["02102", "AK", "01", "ALASKA*", "1.5", "1.081", "0.592"], "gpci.csv", 5
    )
    assert (alaska.name, alaska.id) == ("ALASKA", "02102-01")


def test_a_bad_rvu_names_file_and_line() -> None:
    row = list(RVU_99213)
    row[5] = "one"
    with pytest.raises(LayoutError, match=r"rvu\.csv, line 11: work RVU 'one' is not a number"):
        parse_rvu_row(row, "rvu.csv", 11)
