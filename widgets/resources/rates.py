"""Typed rates and sheet values, parsed without Qt: ``95/h``, ``760/d``, ``12000/mo``.

The model keeps every rate per hour (``Resource.standard_rate``) with the unit it is
shown in (``standard_rate_unit``), as MS Project does. These helpers are pure so the
lead can move them into ``app`` unchanged.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from app.model.money import format_money
from app.model.resource import RateUnit

#: Hours in one unit of each rate, MS Project's defaults (8 h/day, 40 h/week, 20 d/month).
HOURS_PER: dict[RateUnit, Decimal] = {
    RateUnit.HOUR: Decimal(1),
    RateUnit.DAY: Decimal(8),
    RateUnit.WEEK: Decimal(40),
    RateUnit.MONTH: Decimal(160),
    RateUnit.YEAR: Decimal(2080),
}
#: Words a user may type after the slash, for each unit.
_UNIT_WORDS: dict[str, RateUnit] = {
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), RateUnit.HOUR),
    **dict.fromkeys(("d", "day", "days"), RateUnit.DAY),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), RateUnit.WEEK),
    **dict.fromkeys(("mo", "mon", "month", "months"), RateUnit.MONTH),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), RateUnit.YEAR),
}
_RATE = re.compile(r"^\s*([0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)\s*(?:/\s*([a-z]+))?\s*$")
#: Per-hour rates are kept to this many places (12000/y is not a whole number of cents).
_PER_HOUR_PLACES = Decimal("0.000001")


class ValueRefused(ValueError):
    """A typed value cannot be read; the message says what to type instead."""


def parse_rate(text: str, default_unit: RateUnit = RateUnit.HOUR) -> tuple[Decimal, RateUnit]:
    """``"760/d"`` -> (95 per hour, DAY). No unit typed: ``default_unit``; empty: zero.

    Raises:
        ValueRefused: not a non-negative amount with an optional ``/h /d /w /mo /y``.
    """
    if not text.strip():
        return Decimal(0), default_unit
    match = _RATE.match(text.casefold())
    if match is None:
        raise ValueRefused(
            f"cannot read {text.strip()!r}; type a rate like 95/h, 760/d or 12000/mo"
        )
    number, word = match.groups()
    unit = default_unit if word is None else _UNIT_WORDS.get(word)
    if unit is None:
        raise ValueRefused(f"unknown rate unit {word!r}; use /h, /d, /w, /mo or /y")
    try:
        amount = Decimal(number.replace(",", ""))
    except InvalidOperation as exc:
        raise ValueRefused(f"cannot read {number!r} as an amount") from exc
    return per_hour(amount, unit), unit


def per_hour(amount: Decimal, unit: RateUnit) -> Decimal:
    """An amount per ``unit`` as the per-hour rate the model keeps."""
    if unit is RateUnit.HOUR:
        return amount
    return (amount / HOURS_PER[unit]).quantize(_PER_HOUR_PLACES).normalize()


def format_rate(rate: Decimal, unit: RateUnit) -> str:
    """A per-hour rate shown in its unit: ``760.00/d``."""
    return f"{format_money(rate * HOURS_PER[unit])}/{unit.value}"


def parse_amount(text: str) -> Decimal:
    """A non-negative amount of money such as ``1,250.50`` (empty: zero).

    Raises:
        ValueRefused: not a number, or negative.
    """
    cleaned = text.strip().replace(",", "")
    if not cleaned:
        return Decimal(0)
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueRefused(f"cannot read {text.strip()!r} as an amount") from exc
    if not amount.is_finite() or amount < 0:
        raise ValueRefused(f"{text.strip()!r}: give an amount of 0 or more")
    return amount


def parse_units(text: str) -> float:
    """Max units as typed: ``150%`` or ``1.5`` -> 1.5 (a bare number above 10 is a percent).

    Raises:
        ValueRefused: not a number, or negative.
    """
    cleaned = text.strip().rstrip("%").strip()
    try:
        value = float(cleaned)
    except ValueError as exc:
        raise ValueRefused(f"cannot read {text.strip()!r}; type units like 100% or 50%") from exc
    if value != value or value < 0:
        raise ValueRefused(f"{text.strip()!r}: units cannot be negative")
    return value / 100 if text.strip().endswith("%") or value > 10 else value


def format_units(units: float) -> str:
    """Units as a percentage, as MS Project shows them: ``150%``."""
    return f"{units * 100:g}%"


def parse_day(text: str) -> datetime | None:
    """An availability date ``2026-11-23`` as its midnight (empty: none); the core reads an
    "available to" at midnight as through that whole day, as MS Project's sheet does.

    Raises:
        ValueRefused: not a date in ISO form.
    """
    cleaned = text.strip()
    if not cleaned:
        return None
    try:
        day = date.fromisoformat(cleaned)
    except ValueError as exc:
        raise ValueRefused(f"cannot read {cleaned!r}; type a date like 2026-11-23") from exc
    return datetime(day.year, day.month, day.day)


def format_day(moment: datetime | None) -> str:
    """An availability date as ISO text (empty: none)."""
    return "" if moment is None else moment.date().isoformat()


def format_hours(minutes: float) -> str:
    """Work in hours as usage grids show it: ``16h``, ``7.5h`` (empty for none)."""
    if abs(minutes) < 0.5:
        return ""
    return f"{minutes / 60:.1f}".rstrip("0").rstrip(".") + "h"


def parse_work(text: str) -> int:
    """Work as typed in the Assignments panel: ``16h``, ``16``, ``2d``, ``90m`` -> minutes
    (a bare number is hours; a day is 8 hours, MS Project's default).

    Raises:
        ValueRefused: not a non-negative amount of work.
    """
    match = re.match(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)\s*$", text.casefold())
    unit = match.group(2) if match else ""
    per = {
        "": 60,
        "h": 60,
        "hr": 60,
        "hrs": 60,
        "hours": 60,
        "d": 480,
        "day": 480,
        "days": 480,
        "m": 1,
        "min": 1,
        "mins": 1,
    }.get(unit)
    if match is None or per is None:
        raise ValueRefused(f"cannot read {text.strip()!r}; type work like 16h or 2d")
    return round(float(match.group(1)) * per)
