"""Resource usage: each person's assigned work per day, week or month against capacity.

Work is counted across every project of the portfolio (a shared person's load is the
sum of all of it). Each assignment's work is spread over its working time on the
calendar it is worked on, shaped by its contour (``app.resources.contours``); capacity is
max units x the working time of the resource's calendar in the period, within its
availability dates. A period is over-allocated when its work exceeds its capacity; each
cell keeps the tasks that put work in it, so a view can click through to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Literal

from app.model.duration import DurationUnit
from app.model.portfolio import Portfolio
from app.model.resource import Assignment, Resource, ResourceType
from app.model.task import Task, TaskType
from app.resources.contours import spread
from app.schedule.cpm import CONTOUR_SHARES
from app.schedule.result import Schedule
from app.schedule.working_time import (
    ELAPSED,
    MINUTES_PER_DAY,
    Clock,
    to_minutes,
    working_time,
)

PeriodKind = Literal["day", "week", "month"]
PERIOD_KINDS: tuple[PeriodKind, ...] = ("day", "week", "month")
#: Work may exceed capacity by this many minutes before a period counts as over-allocated
#: (work is spread in fractions of minutes; rounding must not raise false alarms).
TOLERANCE_MINUTES = 0.5

_ELAPSED_UNITS = frozenset(u for u in DurationUnit if u.elapsed)
_STRETCH = {c: len(s) / sum(s) for c, s in CONTOUR_SHARES.items()}


# --- periods ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    """One column of the usage grid: ``[start, finish)``, midnight to midnight."""

    start: datetime
    finish: datetime


def _period_start(day: date, kind: PeriodKind) -> date:
    if kind == "week":
        return day - timedelta(days=day.weekday())
    if kind == "month":
        return day.replace(day=1)
    return day


def _next_period(day: date, kind: PeriodKind) -> date:
    if kind == "day":
        return day + timedelta(days=1)
    if kind == "week":
        return day + timedelta(days=7)
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def periods(kind: PeriodKind, start: datetime | date, finish: datetime | date) -> list[Period]:
    """Calendar periods covering ``start`` to ``finish``: days, ISO weeks (from Monday) or
    months, the first one aligned to contain ``start``.

    Raises:
        ValueError: an unknown kind, or a finish before the start.
    """
    if kind not in PERIOD_KINDS:
        raise ValueError(f"period must be one of {', '.join(PERIOD_KINDS)}, not {kind!r}")
    first = start.date() if isinstance(start, datetime) else start
    last = finish.date() if isinstance(finish, datetime) else finish
    if isinstance(finish, datetime) and finish.time() == datetime.min.time() and last > first:
        last -= timedelta(days=1)  # a finish at midnight ends with the day before
    if last < first:
        raise ValueError("the usage period ends before it starts")
    result: list[Period] = []
    day = _period_start(first, kind)
    while day <= last:
        following = _next_period(day, kind)
        result.append(Period(_midnight(day), _midnight(following)))
        day = following
    return result


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def bounds_of(columns: Iterable[Period]) -> list[int]:
    """Period edges in absolute minutes: n periods give n + 1 edges."""
    columns = list(columns)
    if not columns:
        return []
    return [to_minutes(p.start) for p in columns] + [to_minutes(columns[-1].finish)]


# --- which calendar an assignment works on ----------------------------------------------


class Clocks:
    """The working time of tasks and resources, looked up once per computation."""

    def __init__(self, portfolio: Portfolio) -> None:
        """Cache clocks per calendar id for one portfolio snapshot."""
        self.portfolio = portfolio
        self._by_calendar: dict[int | None, Clock] = {}

    def calendar(self, calendar_id: int | None) -> Clock:
        """The working time of a calendar (None: the standard calendar)."""
        found = self._by_calendar.get(calendar_id)
        if found is None:
            found = working_time(calendar_id, self.portfolio.calendars)
            self._by_calendar[calendar_id] = found
        return found

    def task(self, task: Task) -> Clock:
        """A task's own calendar, else its project's; elapsed durations run 24x7."""
        if task.duration_unit in _ELAPSED_UNITS:
            return ELAPSED
        if task.calendar_id is not None:
            return self.calendar(task.calendar_id)
        project = self.portfolio.projects.get(task.project_id)
        return self.calendar(project.calendar_id if project else None)

    def resource(self, resource: Resource) -> Clock:
        """The calendar a resource's capacity is counted on: its own, else its project's
        (for a project-local resource), else the standard calendar."""
        if resource.calendar_id is not None:
            return self.calendar(resource.calendar_id)
        if resource.project_id is not None and resource.project_id in self.portfolio.projects:
            return self.calendar(self.portfolio.projects[resource.project_id].calendar_id)
        return self.calendar(None)


def resource_driven(task: Task) -> bool:
    """True when the engine schedules the task's work on its resources' calendars.

    The same test as the engine's: not a fixed-duration task, not ignoring resource
    calendars, with a duration in working time.
    """
    return not (
        task.ignore_resource_calendar
        or task.task_type is TaskType.FIXED_DURATION
        or task.duration_minutes <= 0
        or task.duration_unit in _ELAPSED_UNITS
    )


def assignment_span(
    clocks: Clocks, task: Task, assignment: Assignment, start: int, finish: int
) -> tuple[Clock, int, int]:
    """The calendar and ``[start, end)`` (absolute minutes) an assignment's work fills.

    A resource-driven task works each assignment on the resource's calendar from the
    task's start for work / units (stretched by its contour), as the engine schedules it,
    never past the task's finish. Other tasks (fixed duration, ignoring resource
    calendars, started or manual ones whose dates are given) spread the work over their
    whole span, on the resource's calendar when it has working time there.
    """
    task_clock = clocks.task(task)
    resource = clocks.portfolio.resources.get(assignment.resource_id)
    clock = task_clock
    if (
        resource is not None
        and resource.calendar_id is not None
        and not task.ignore_resource_calendar
        and task_clock is not ELAPSED
    ):
        clock = clocks.calendar(resource.calendar_id)
    if finish <= start:
        return task_clock, start, finish
    lane_driven = resource_driven(task) and task.actual_start is None and not task.manual
    if lane_driven and assignment.units > 0 and assignment.work_minutes > 0:
        stretch = _STRETCH.get(assignment.contour, 1.0)
        lane = int(assignment.work_minutes / assignment.units * stretch)
        return clock, start, min(finish, clock.add(start, lane))
    if clock is not task_clock and clock.between(start, finish) <= 0:
        return task_clock, start, finish
    return clock, start, finish


def counts_as_work(portfolio: Portfolio, assignment: Assignment) -> bool:
    """Only work resources carry work minutes (material assignments carry quantities)."""
    resource = portfolio.resources.get(assignment.resource_id)
    return resource is not None and resource.type is ResourceType.WORK


# --- capacity ---------------------------------------------------------------------------


def availability(resource: Resource) -> tuple[int | None, int | None]:
    """The resource's available span in absolute minutes (None: open-ended).

    An "available to" at midnight means the whole of that day, as a date typed in the
    resource sheet does.
    """
    start = to_minutes(resource.available_from) if resource.available_from else None
    finish = None
    if resource.available_to is not None:
        finish = to_minutes(resource.available_to)
        if finish % MINUTES_PER_DAY == 0:
            finish += MINUTES_PER_DAY
    return start, finish


def capacity(clock: Clock, resource: Resource, start: int, finish: int) -> float:
    """Max units x working minutes of the resource's calendar in ``[start, finish)``."""
    first, last = availability(resource)
    if first is not None:
        start = max(start, first)
    if last is not None:
        finish = min(finish, last)
    if finish <= start:
        return 0.0
    return resource.max_units * clock.between(start, finish)


# --- the usage grid ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UsageCell:
    """One resource in one period: work assigned, capacity, and the tasks behind it."""

    work_minutes: float
    capacity_minutes: float
    task_ids: tuple[int, ...] = ()

    @property
    def over_allocated(self) -> bool:
        """More work than the resource can do in the period."""
        return self.work_minutes > self.capacity_minutes + TOLERANCE_MINUTES

    @property
    def over_minutes(self) -> float:
        """How much work is beyond capacity (0 when within it)."""
        return max(0.0, self.work_minutes - self.capacity_minutes)


@dataclass(frozen=True, slots=True)
class ResourceRow:
    """One resource's line of the grid: a cell per period."""

    resource_id: int
    name: str
    cells: tuple[UsageCell, ...]

    @property
    def work_minutes(self) -> float:
        """All work in the shown periods."""
        return sum(c.work_minutes for c in self.cells)

    @property
    def capacity_minutes(self) -> float:
        """All capacity in the shown periods."""
        return sum(c.capacity_minutes for c in self.cells)

    @property
    def over_allocated(self) -> bool:
        """True when any shown period is over-allocated (the red person icon)."""
        return any(c.over_allocated for c in self.cells)


@dataclass(frozen=True, slots=True)
class Usage:
    """The resource usage grid: resources (rows) by periods (columns)."""

    period: PeriodKind
    periods: tuple[Period, ...]
    rows: Mapping[int, ResourceRow]

    def cell(self, resource_id: int, index: int) -> UsageCell:
        """The cell of a resource in the period at ``index``."""
        return self.rows[resource_id].cells[index]

    def over_allocations(self) -> list[tuple[int, int]]:
        """(resource id, period index) of every over-allocated cell, row by row."""
        return [
            (rid, index)
            for rid, row in self.rows.items()
            for index, cell in enumerate(row.cells)
            if cell.over_allocated
        ]


def resource_usage(
    portfolio: Portfolio,
    schedule: Schedule,
    period: PeriodKind,
    start: datetime | date,
    finish: datetime | date,
    resource_ids: Iterable[int] | None = None,
) -> Usage:
    """Work and capacity of work resources per period over ``start``..``finish``.

    ``resource_ids`` None means every work resource of the portfolio (shared pool and
    project resources); material and cost resources carry no working time and are left out.

    Raises:
        ValueError: an unknown period kind or a reversed range.
        KeyError: a resource id that does not exist.
    """
    columns = periods(period, start, finish)
    bounds = bounds_of(columns)
    wanted = _wanted(portfolio, resource_ids)
    clocks = Clocks(portfolio)
    work = {rid: [0.0] * len(columns) for rid in wanted}
    tasks: dict[int, list[list[int]]] = {rid: [[] for _ in columns] for rid in wanted}
    for assignment in portfolio.assignments.values():
        rid = assignment.resource_id
        if rid not in work or assignment.work_minutes <= 0:
            continue
        _add_assignment(portfolio, schedule, clocks, assignment, bounds, work[rid], tasks[rid])
    rows = {}
    for rid in wanted:
        resource = portfolio.resources[rid]
        capacities = _capacities(clocks.resource(resource), resource, bounds)
        cells = tuple(
            UsageCell(work[rid][i], capacities[i], tuple(dict.fromkeys(tasks[rid][i])))
            for i in range(len(columns))
        )
        rows[rid] = ResourceRow(rid, resource.name, cells)
    return Usage(period, tuple(columns), rows)


def _capacities(clock: Clock, resource: Resource, bounds: list[int]) -> list[float]:
    """Capacity of every period: max units x working minutes within availability."""
    first, last = availability(resource)
    low = bounds[0] if first is None else max(bounds[0], first)
    high = bounds[-1] if last is None else min(bounds[-1], last)
    edges = [min(max(edge, low), high) for edge in bounds]
    units = resource.max_units
    return [units * clock.between(a, b) if b > a else 0.0 for a, b in pairwise(edges)]


def _wanted(portfolio: Portfolio, resource_ids: Iterable[int] | None) -> list[int]:
    if resource_ids is None:
        return [r.id for r in portfolio.resources.values() if r.type is ResourceType.WORK]
    chosen = list(dict.fromkeys(resource_ids))
    for rid in chosen:
        if rid not in portfolio.resources:
            raise KeyError(f"no resource with id {rid}")
    return [rid for rid in chosen if portfolio.resources[rid].type is ResourceType.WORK]


def _add_assignment(
    portfolio: Portfolio,
    schedule: Schedule,
    clocks: Clocks,
    assignment: Assignment,
    bounds: list[int],
    work: list[float],
    tasks: list[list[int]],
) -> None:
    """Spread one assignment's work into a resource's period totals."""
    dates = schedule.tasks.get(assignment.task_id)
    task = portfolio.tasks.get(assignment.task_id)
    if dates is None or task is None:
        return
    start, finish = to_minutes(dates.start), to_minutes(dates.finish)
    if finish < bounds[0] or start >= bounds[-1]:
        return
    clock, span_start, span_end = assignment_span(clocks, task, assignment, start, finish)
    for index, minutes in spread(
        clock, span_start, span_end, assignment.work_minutes, assignment.contour, bounds
    ):
        work[index] += minutes
        tasks[index].append(task.id)


def task_work_in(
    portfolio: Portfolio,
    schedule: Schedule,
    assignment: Assignment,
    start: datetime,
    finish: datetime,
) -> float:
    """Work minutes of one assignment that fall within ``[start, finish)``."""
    bounds = [to_minutes(start), to_minutes(finish)]
    work = [0.0]
    _add_assignment(portfolio, schedule, Clocks(portfolio), assignment, bounds, work, [[]])
    return work[0]
