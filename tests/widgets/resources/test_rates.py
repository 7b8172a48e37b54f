"""Reading rates, units, work and dates as typed in the resource views (pure helpers)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from app.model.resource import RateUnit
from widgets.resources.rates import (
    ValueRefused,
    format_rate,
    parse_amount,
    parse_day,
    parse_rate,
    parse_units,
    parse_work,
)


@pytest.mark.parametrize(
    ("text", "per_hour", "unit"),
    [
        ("95/h", Decimal(95), RateUnit.HOUR),
        ("760/d", Decimal(95), RateUnit.DAY),
        ("12000/mo", Decimal(75), RateUnit.MONTH),
        ("3,800 / week", Decimal(95), RateUnit.WEEK),
        ("104000/y", Decimal(50), RateUnit.YEAR),
        ("120", Decimal(120), RateUnit.HOUR),
        ("", Decimal(0), RateUnit.HOUR),
    ],
)
def test_rates_are_kept_per_hour_with_their_unit(
    text: str, per_hour: Decimal, unit: RateUnit
) -> None:
    assert parse_rate(text) == (per_hour, unit)


def test_a_bare_number_keeps_the_unit_already_shown() -> None:
    assert parse_rate("800", RateUnit.DAY) == (Decimal(100), RateUnit.DAY)
    assert format_rate(Decimal(100), RateUnit.DAY) == "800.00/d"


def test_an_awkward_rate_round_trips_to_the_cent() -> None:
    rate, unit = parse_rate("1000/y")
    assert format_rate(rate, unit) == "1000.00/y"


@pytest.mark.parametrize("text", ["-5/h", "95/fortnight", "abc", "9 5/h", "95/h/d"])
def test_unreadable_rates_are_refused(text: str) -> None:
    with pytest.raises(ValueRefused):
        parse_rate(text)


def test_units_work_amounts_and_days() -> None:
    assert parse_units("150%") == 1.5
    assert parse_units("0.5") == 0.5
    assert parse_units("50") == 0.5
    assert parse_work("16h") == 960
    assert parse_work("2d") == 960
    assert parse_work("90m") == 90
    assert parse_amount("1,250.50") == Decimal("1250.50")
    assert parse_day("2026-11-23") == datetime(2026, 11, 23)
    assert parse_day(" ") is None
    for bad in (lambda: parse_units("-1"), lambda: parse_amount("-3"), lambda: parse_work("2w")):
        with pytest.raises(ValueRefused):
            bad()
    with pytest.raises(ValueRefused):
        parse_day("23/11/2026")
