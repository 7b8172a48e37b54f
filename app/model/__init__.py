"""Plain, immutable domain data: no I/O, no Qt, no scheduling."""

from app.model.baseline import BASELINE_NUMBERS, Baseline
from app.model.budget import (
    BudgetLine,
    CostAccount,
    EntryKind,
    EntryStatus,
    LedgerEntry,
    Supplier,
)
from app.model.calendar import (
    STANDARD_DAY,
    STANDARD_WEEK,
    Calendar,
    CalendarException,
    DayHours,
    WorkWeek,
)
from app.model.duration import Duration, DurationUnit, TimeSettings
from app.model.link import Link, LinkKind
from app.model.portfolio import Portfolio
from app.model.project import Project
from app.model.resource import Assignment, RateUnit, Resource, ResourceType
from app.model.task import ConstraintKind, Contour, Task, TaskType

__all__ = [
    "BASELINE_NUMBERS",
    "STANDARD_DAY",
    "STANDARD_WEEK",
    "Assignment",
    "Baseline",
    "BudgetLine",
    "Calendar",
    "CalendarException",
    "ConstraintKind",
    "Contour",
    "CostAccount",
    "DayHours",
    "Duration",
    "DurationUnit",
    "EntryKind",
    "EntryStatus",
    "LedgerEntry",
    "Link",
    "LinkKind",
    "Portfolio",
    "Project",
    "RateUnit",
    "Resource",
    "ResourceType",
    "Supplier",
    "Task",
    "TaskType",
    "TimeSettings",
    "WorkWeek",
]
