"""Tasks: the WBS tree's nodes, with what the user entered (never computed dates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import IntEnum, StrEnum

from app.model.duration import DurationUnit
from app.model.frozen import quick_init


class ConstraintKind(IntEnum):
    """Date constraints, with MSPDI's ``ConstraintType`` codes."""

    ASAP = 0
    ALAP = 1
    MUST_START_ON = 2
    MUST_FINISH_ON = 3
    START_NO_EARLIER_THAN = 4
    START_NO_LATER_THAN = 5
    FINISH_NO_EARLIER_THAN = 6
    FINISH_NO_LATER_THAN = 7

    @property
    def needs_date(self) -> bool:
        """Every constraint but ASAP and ALAP is anchored on a date."""
        return self not in (ConstraintKind.ASAP, ConstraintKind.ALAP)

    @property
    def short(self) -> str:
        """MS Project's abbreviations, used in JSON and the table."""
        return _CONSTRAINT_SHORT[self]


_CONSTRAINT_SHORT = {
    ConstraintKind.ASAP: "ASAP",
    ConstraintKind.ALAP: "ALAP",
    ConstraintKind.MUST_START_ON: "MSO",
    ConstraintKind.MUST_FINISH_ON: "MFO",
    ConstraintKind.START_NO_EARLIER_THAN: "SNET",
    ConstraintKind.START_NO_LATER_THAN: "SNLT",
    ConstraintKind.FINISH_NO_EARLIER_THAN: "FNET",
    ConstraintKind.FINISH_NO_LATER_THAN: "FNLT",
}


class TaskType(IntEnum):
    """MS Project's task types (MSPDI ``Type``): which of units, duration, work stays fixed."""

    FIXED_UNITS = 0
    FIXED_DURATION = 1
    FIXED_WORK = 2


class Contour(StrEnum):
    """Assignment work contours (MSPDI ``WorkContour`` 0-8, in that order)."""

    FLAT = "flat"
    BACK_LOADED = "back_loaded"
    FRONT_LOADED = "front_loaded"
    DOUBLE_PEAK = "double_peak"
    EARLY_PEAK = "early_peak"
    LATE_PEAK = "late_peak"
    BELL = "bell"
    TURTLE = "turtle"
    CONTOURED = "contoured"


@quick_init
@dataclass(frozen=True, slots=True)
class Task:
    """One row of a project's WBS. Summary-ness follows from having children.

    ``duration_minutes`` is working time on the task's calendar (or calendar time for
    elapsed units). Dates here are inputs: constraints, actuals, manual dates; the
    scheduler's results live in ``app.schedule.result``.
    """

    id: int
    project_id: int
    name: str
    parent_id: int | None = None
    position: int = 0
    uid: int | None = None
    duration_minutes: int = 480
    duration_unit: DurationUnit = DurationUnit.DAYS
    milestone: bool = False
    manual: bool = False
    manual_start: datetime | None = None
    manual_finish: datetime | None = None
    constraint: ConstraintKind = ConstraintKind.ASAP
    constraint_date: datetime | None = None
    deadline: datetime | None = None
    percent_complete: int = 0
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    remaining_minutes: int | None = None
    #: Working periods of a split task, as MS Project stores them: (start, finish) pairs.
    splits: tuple[tuple[datetime, datetime], ...] = ()
    priority: int = 500
    notes: str = ""
    deliverable: bool = False
    calendar_id: int | None = None
    task_type: TaskType = TaskType.FIXED_UNITS
    effort_driven: bool = False
    fixed_cost: Decimal = Decimal(0)
    wbs: str | None = None
    leveling_delay_minutes: int = 0
    ignore_resource_calendar: bool = False
    #: Fields read from a file that Plansmith does not model, kept to write back (JSON text).
    extra: str = ""
