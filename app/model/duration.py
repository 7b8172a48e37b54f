"""Durations and lags as working minutes, with the unit the user typed kept for display.

MS Project converts days, weeks and months with the project's hours per day, hours per
week and days per month; elapsed units (``ed``, ``eh``...) count calendar time instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class DurationUnit(StrEnum):
    """Display units, named as MS Project abbreviates them (``e`` prefix = elapsed)."""

    MINUTES = "m"
    HOURS = "h"
    DAYS = "d"
    WEEKS = "w"
    MONTHS = "mo"
    ELAPSED_MINUTES = "em"
    ELAPSED_HOURS = "eh"
    ELAPSED_DAYS = "ed"
    ELAPSED_WEEKS = "ew"
    ELAPSED_MONTHS = "emo"
    PERCENT = "%"

    @property
    def elapsed(self) -> bool:
        """True for units counted in calendar time rather than working time."""
        return self.value.startswith("e")


@dataclass(frozen=True, slots=True)
class TimeSettings:
    """How a project converts days, weeks and months into minutes (MSPDI's defaults)."""

    minutes_per_day: int = 480
    minutes_per_week: int = 2400
    days_per_month: int = 20

    def minutes_per(self, unit: DurationUnit) -> int:
        """Minutes in one of ``unit``."""
        return {
            DurationUnit.MINUTES: 1,
            DurationUnit.HOURS: 60,
            DurationUnit.DAYS: self.minutes_per_day,
            DurationUnit.WEEKS: self.minutes_per_week,
            DurationUnit.MONTHS: self.minutes_per_day * self.days_per_month,
            DurationUnit.ELAPSED_MINUTES: 1,
            DurationUnit.ELAPSED_HOURS: 60,
            DurationUnit.ELAPSED_DAYS: 1440,
            DurationUnit.ELAPSED_WEEKS: 10080,
            DurationUnit.ELAPSED_MONTHS: 43200,
        }[unit]


DEFAULT_TIME = TimeSettings()

_ALIASES = {
    "m": DurationUnit.MINUTES,
    "min": DurationUnit.MINUTES,
    "mins": DurationUnit.MINUTES,
    "minute": DurationUnit.MINUTES,
    "minutes": DurationUnit.MINUTES,
    "h": DurationUnit.HOURS,
    "hr": DurationUnit.HOURS,
    "hrs": DurationUnit.HOURS,
    "hour": DurationUnit.HOURS,
    "hours": DurationUnit.HOURS,
    "d": DurationUnit.DAYS,
    "day": DurationUnit.DAYS,
    "days": DurationUnit.DAYS,
    "w": DurationUnit.WEEKS,
    "wk": DurationUnit.WEEKS,
    "wks": DurationUnit.WEEKS,
    "week": DurationUnit.WEEKS,
    "weeks": DurationUnit.WEEKS,
    "mo": DurationUnit.MONTHS,
    "mon": DurationUnit.MONTHS,
    "month": DurationUnit.MONTHS,
    "months": DurationUnit.MONTHS,
    "em": DurationUnit.ELAPSED_MINUTES,
    "emin": DurationUnit.ELAPSED_MINUTES,
    "eh": DurationUnit.ELAPSED_HOURS,
    "ehr": DurationUnit.ELAPSED_HOURS,
    "ed": DurationUnit.ELAPSED_DAYS,
    "eday": DurationUnit.ELAPSED_DAYS,
    "edays": DurationUnit.ELAPSED_DAYS,
    "ew": DurationUnit.ELAPSED_WEEKS,
    "ewk": DurationUnit.ELAPSED_WEEKS,
    "emo": DurationUnit.ELAPSED_MONTHS,
    "emon": DurationUnit.ELAPSED_MONTHS,
    "%": DurationUnit.PERCENT,
}

_PATTERN = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*([a-z%]*)\s*(\?)?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Duration:
    """A length of time: ``minutes`` (working or elapsed) and the unit to show it in."""

    minutes: int
    unit: DurationUnit = DurationUnit.DAYS

    @property
    def elapsed(self) -> bool:
        """True when the minutes are calendar minutes, not working minutes."""
        return self.unit.elapsed


def parse_duration(
    text: str,
    settings: TimeSettings = DEFAULT_TIME,
    default_unit: DurationUnit = DurationUnit.DAYS,
    allow_percent: bool = False,
) -> Duration:
    """Parse ``3d``, ``2w``, ``4h``, ``1mo``, ``0d``, ``1.5 days``, ``2ed`` into a Duration.

    For ``%`` (only with ``allow_percent``, for lags) ``minutes`` holds the percentage.

    Raises:
        ValueError: with a message the user can act on.
    """
    match = _PATTERN.match(text or "")
    if not match:
        raise ValueError(f"cannot read {text!r} as a duration; write e.g. 3d, 2w, 4h or 1mo")
    number = float(match.group(1).replace(",", "."))
    suffix = match.group(2).lower()
    unit = _ALIASES.get(suffix) if suffix else default_unit
    if unit is None:
        raise ValueError(f"unknown duration unit {suffix!r} in {text!r}; use m, h, d, w or mo")
    if unit is DurationUnit.PERCENT:
        if not allow_percent:
            raise ValueError(f"a percentage is only allowed for a lag: {text!r}")
        return Duration(round(number), unit)
    return Duration(round(number * settings.minutes_per(unit)), unit)


def format_duration(duration: Duration, settings: TimeSettings = DEFAULT_TIME) -> str:
    """Show a duration in its own unit, as MS Project does (``3d``, ``1.5w``, ``2ed``)."""
    if duration.unit is DurationUnit.PERCENT:
        return f"{duration.minutes}%"
    per = settings.minutes_per(duration.unit)
    value = duration.minutes / per
    shown = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return f"{shown}{duration.unit.value}"


def hours(minutes: int | float) -> float:
    """Working minutes as hours, for JSON and reports."""
    return round(minutes / 60, 4)
