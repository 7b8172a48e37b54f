"""Small hand-built portfolios for the engine's tests (no files, no Qt).

Monday 2024-01-01 is the default project start; the standard calendar works
Mon-Fri 08:00-12:00 and 13:00-17:00, so one day is 480 working minutes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.model import (
    Assignment,
    Calendar,
    DurationUnit,
    Link,
    LinkKind,
    Portfolio,
    Project,
    Resource,
    Task,
)

DAY = 480
MONDAY = datetime(2024, 1, 1, 8, 0)


def at(day: int, hour: int = 8, minute: int = 0) -> datetime:
    """A moment in January 2024 (1 = Monday)."""
    return datetime(2024, 1, day, hour, minute)


@dataclass
class Builder:
    """Collect projects, tasks and links, then ``build()`` an immutable Portfolio."""

    start: datetime = MONDAY
    calendars: dict[int, Calendar] = field(default_factory=lambda: {1: Calendar(1, "Standard")})
    projects: dict[int, Project] = field(default_factory=dict)
    tasks: dict[int, Task] = field(default_factory=dict)
    links: dict[int, Link] = field(default_factory=dict)
    resources: dict[int, Resource] = field(default_factory=dict)
    assignments: dict[int, Assignment] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Every builder starts with project 1 on the standard calendar."""
        self.project(1, start=self.start)

    def project(self, pid: int, **fields: Any) -> int:
        """Add (or replace) a project; ``fields`` are Project's."""
        fields.setdefault("start", self.start)
        fields.setdefault("calendar_id", 1)
        self.projects[pid] = Project(id=pid, name=fields.pop("name", f"P{pid}"), **fields)
        return pid

    def task(self, name: str, days: float = 1, project: int = 1, **fields: Any) -> int:
        """Add a task of ``days`` working days (``duration_minutes`` wins when given)."""
        tid = len(self.tasks) + 1
        fields.setdefault("duration_minutes", round(days * DAY))
        fields.setdefault("position", tid)
        self.tasks[tid] = Task(id=tid, project_id=project, name=name, **fields)
        return tid

    def summary(self, name: str, project: int = 1, **fields: Any) -> int:
        """A task meant to get children (its own duration is ignored)."""
        return self.task(name, 0, project=project, **fields)

    def link(
        self,
        pred: int,
        succ: int,
        kind: LinkKind = LinkKind.FS,
        lag: int = 0,
        unit: DurationUnit = DurationUnit.DAYS,
        percent: int = 0,
    ) -> int:
        """Link ``pred`` to ``succ`` with a lag in minutes (or ``percent`` with unit %)."""
        lid = len(self.links) + 1
        self.links[lid] = Link(lid, pred, succ, kind, lag, unit, percent)
        return lid

    def resource(self, name: str, calendar_id: int | None = None, **fields: Any) -> int:
        """A work resource, optionally on its own calendar."""
        rid = len(self.resources) + 1
        self.resources[rid] = Resource(id=rid, name=name, calendar_id=calendar_id, **fields)
        return rid

    def assign(self, task: int, resource: int, work_minutes: int, units: float = 1.0) -> int:
        """Assign a resource to a task."""
        aid = len(self.assignments) + 1
        self.assignments[aid] = Assignment(
            aid, task, resource, units=units, work_minutes=work_minutes
        )
        return aid

    def build(self) -> Portfolio:
        """The immutable portfolio."""
        return Portfolio(
            projects=dict(self.projects),
            calendars=dict(self.calendars),
            tasks=dict(self.tasks),
            links=dict(self.links),
            resources=dict(self.resources),
            assignments=dict(self.assignments),
        )
