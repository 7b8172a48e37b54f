"""Small hand-checkable plans for the resource tests (not a test module).

Monday 2024-01-01 08:00 is every project's start; the standard calendar works Mon-Fri
08:00-12:00 and 13:00-17:00, so a day is 480 working minutes. ``MON_WED`` (calendar 2)
works only Monday to Wednesday, the same hours: a part-time person's week is 1440.
"""

from __future__ import annotations

from datetime import datetime

from app.model import Calendar
from app.model.calendar import NON_WORKING, STANDARD_DAY
from tests.app.schedule.builder import DAY, Builder

MON_WED = 2
__all__ = ["DAY", "MON_WED", "at", "builder"]


def at(day: int, hour: int = 8, minute: int = 0) -> datetime:
    """A moment in January 2024 (1 = Monday)."""
    return datetime(2024, 1, day, hour, minute)


def builder() -> Builder:
    """A Builder with the Mon-Wed calendar besides the standard one."""
    made = Builder()
    made.calendars[MON_WED] = Calendar(
        MON_WED, "Mon-Wed", week=(STANDARD_DAY,) * 3 + (NON_WORKING,) * 4
    )
    return made
