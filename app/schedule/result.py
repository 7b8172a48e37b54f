"""What the scheduler computes: dates, slack and criticality per task. Never stored as input."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from app.model.frozen import bulk_builder, quick_init
from app.model.revision import Table


@quick_init
@dataclass(frozen=True, slots=True)
class TaskDates:
    """One task's scheduled dates (naive date-times in the project's local time).

    ``start``/``finish`` are the dates shown (early dates for ASAP tasks, late dates for
    ALAP ones, actuals where progress was recorded, typed dates for manual tasks).
    Slack is in working minutes on the task's calendar.
    """

    start: datetime
    finish: datetime
    early_start: datetime
    early_finish: datetime
    late_start: datetime
    late_finish: datetime
    duration_minutes: int
    total_slack_minutes: int
    free_slack_minutes: int
    critical: bool
    work_minutes: int = 0
    percent_complete: int = 0
    deadline_missed: bool = False
    summary: bool = False


#: ``TaskDates`` from all its field values in order, at a third of the cost of calling the
#: class: the engine makes one per task per run, and loading a file one per stored row.
build_task_dates = bulk_builder(TaskDates)


@quick_init
@dataclass(frozen=True, slots=True)
class ProjectDates:
    """A project's scheduled span and its critical path (task ids in date order)."""

    start: datetime
    finish: datetime
    critical_path: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Schedule:
    """The scheduler's answer for a whole portfolio."""

    tasks: Mapping[int, TaskDates] = field(default_factory=dict)
    projects: Mapping[int, ProjectDates] = field(default_factory=dict)
    #: The engine's working state, kept so ``reschedule`` can recompute only what changed.
    engine: object | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        # A Table, so the next incremental result can record what it changed against it.
        if type(self.tasks) is dict:
            object.__setattr__(self, "tasks", Table(self.tasks))
