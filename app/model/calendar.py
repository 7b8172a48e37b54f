"""Working-time calendars as data: weekly working hours, work weeks and exceptions.

The arithmetic over them (adding working minutes, counting them) lives in
``app.schedule.working_time``; this module only describes the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.model.frozen import quick_init

#: A working interval within one day, in minutes from midnight: (480, 720) is 08:00-12:00.
#: An end of 1440 means midnight at the end of the day.
Interval = tuple[int, int]
DayHours = tuple[Interval, ...]

STANDARD_DAY: DayHours = ((8 * 60, 12 * 60), (13 * 60, 17 * 60))
NON_WORKING: DayHours = ()

#: Monday..Sunday (Python's ``date.weekday()`` order). ``None`` means "as the base calendar".
Week = tuple[DayHours | None, ...]

STANDARD_WEEK: Week = (STANDARD_DAY,) * 5 + (NON_WORKING,) * 2


@quick_init
@dataclass(frozen=True, slots=True)
class CalendarException:
    """Dates from ``start`` to ``finish`` (inclusive) that work other hours: none = holiday."""

    start: date
    finish: date
    hours: DayHours = NON_WORKING
    name: str = ""

    @property
    def working(self) -> bool:
        """True when the exception adds working time rather than removing it."""
        return bool(self.hours)


@quick_init
@dataclass(frozen=True, slots=True)
class WorkWeek:
    """A period with its own weekly pattern (MS Project's "work weeks")."""

    start: date
    finish: date
    week: Week
    name: str = ""


@quick_init
@dataclass(frozen=True, slots=True)
class Calendar:
    """A named working-time calendar; resource and task calendars may derive from a base."""

    id: int
    name: str
    week: Week = STANDARD_WEEK
    exceptions: tuple[CalendarException, ...] = ()
    work_weeks: tuple[WorkWeek, ...] = ()
    base_id: int | None = None
    uid: int | None = None
    project_id: int | None = None


def validate_hours(hours: DayHours) -> None:
    """Raise ValueError unless intervals are ordered, within the day and not overlapping."""
    last_end = 0
    for start, end in hours:
        if not (0 <= start < end <= 1440):
            raise ValueError(f"working interval {start}-{end} is not within a day")
        if start < last_end:
            raise ValueError("working intervals overlap or are out of order")
        last_end = end


def format_hours(hours: DayHours) -> str:
    """``08:00-12:00, 13:00-17:00`` for display and JSON."""
    return ", ".join(f"{s // 60:02d}:{s % 60:02d}-{e // 60:02d}:{e % 60:02d}" for s, e in hours)
