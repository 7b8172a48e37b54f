"""Briefing one person: their tasks across all projects in a period, and what feeds them.

A project manager sends this before a week or a sprint starts: for each task the person
works on in the period, its dates, the person's work on it (in total and within the
period), the tasks that must finish first (with their state, so "blocked by" is visible)
and the task's notes. ``app.resources.ical`` turns it into an .ics file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from app.model.link import LinkKind
from app.model.portfolio import Portfolio
from app.model.resource import ResourceType
from app.resources.usage import task_work_in
from app.schedule.result import Schedule


@dataclass(frozen=True, slots=True)
class Feeder:
    """A predecessor of a briefed task."""

    task_id: int
    name: str
    project_name: str
    kind: LinkKind
    start: datetime | None
    finish: datetime | None
    percent_complete: int
    #: People assigned to it, so the briefed person knows whom to ask.
    resources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BriefingItem:
    """One task of the person's period."""

    task_id: int
    project_id: int
    project_name: str
    task_name: str
    wbs: str
    start: datetime
    finish: datetime
    units: float
    #: The person's whole work on the task, and the part that falls in the period.
    work_minutes: int
    work_in_period_minutes: int
    percent_complete: int
    critical: bool
    predecessors: tuple[Feeder, ...]
    notes: str


@dataclass(frozen=True, slots=True)
class Briefing:
    """What one person works on between ``start`` and ``finish``, in start order."""

    resource_id: int
    name: str
    email: str
    start: datetime
    finish: datetime
    items: tuple[BriefingItem, ...]

    @property
    def work_in_period_minutes(self) -> int:
        """All the person's work that falls in the period."""
        return sum(i.work_in_period_minutes for i in self.items)


def _moment(value: datetime | date, end: bool = False) -> datetime:
    """A date means its whole day: from midnight, or up to the next midnight."""
    if isinstance(value, datetime):
        return value
    if end:
        return datetime.fromordinal(value.toordinal() + 1)
    return datetime.combine(value, time())


def person_briefing(
    portfolio: Portfolio,
    schedule: Schedule,
    resource_id: int,
    start: datetime | date,
    finish: datetime | date,
) -> Briefing:
    """The person's tasks that overlap ``start``..``finish`` (dates include their day).

    Raises:
        KeyError: no such resource.
        ValueError: the period ends before it starts.
    """
    resource = portfolio.resources.get(resource_id)
    if resource is None:
        raise KeyError(f"no resource with id {resource_id}")
    first, last = _moment(start), _moment(finish, end=True)
    if last < first:
        raise ValueError("the briefing period ends before it starts")
    items = []
    for assignment in portfolio.assignments.values():
        if assignment.resource_id != resource_id:
            continue
        dates = schedule.tasks.get(assignment.task_id)
        if dates is None or dates.finish < first or dates.start >= last:
            continue
        task = portfolio.tasks[assignment.task_id]
        project = portfolio.projects[task.project_id]
        within = task_work_in(portfolio, schedule, assignment, first, last)
        items.append(
            BriefingItem(
                task_id=task.id,
                project_id=project.id,
                project_name=project.name,
                task_name=task.name,
                wbs=portfolio.wbs(task.id),
                start=dates.start,
                finish=dates.finish,
                units=assignment.units,
                work_minutes=assignment.work_minutes,
                work_in_period_minutes=round(within),
                percent_complete=task.percent_complete,
                critical=dates.critical,
                predecessors=feeders(portfolio, schedule, task.id),
                notes=task.notes,
            )
        )
    items.sort(key=lambda i: (i.start, i.project_name, i.wbs, i.task_id))
    return Briefing(resource.id, resource.name, resource.email, first, last, tuple(items))


def feeders(portfolio: Portfolio, schedule: Schedule, task_id: int) -> tuple[Feeder, ...]:
    """A task's predecessors (in any project), earliest finish first."""
    result = []
    for link in portfolio.predecessors(task_id):
        pred = portfolio.tasks.get(link.predecessor_id)
        if pred is None:
            continue
        dates = schedule.tasks.get(pred.id)
        people = tuple(
            portfolio.resources[a.resource_id].name
            for a in portfolio.task_assignments(pred.id)
            if a.resource_id in portfolio.resources
            and portfolio.resources[a.resource_id].type is ResourceType.WORK
        )
        result.append(
            Feeder(
                pred.id,
                pred.name,
                portfolio.projects[pred.project_id].name,
                link.kind,
                dates.start if dates else None,
                dates.finish if dates else None,
                pred.percent_complete,
                people,
            )
        )
    result.sort(key=lambda f: (f.finish or datetime.max, f.task_id))
    return tuple(result)
