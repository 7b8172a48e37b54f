"""Portfolio dashboard and timeline data: one status line and one bar per project.

Status rule (evaluated in this order, the first that holds wins):

* **late**: the project's scheduled finish is after its baseline 0 finish, or any of its
  tasks finishes after its deadline;
* **at risk**: at the status date (the project's own, else the ``as_of`` given), a
  critical, unfinished task is behind its planned progress: its % complete is below
  the share of its working time that should have passed by then (between its baseline 0
  start and finish when it has a baseline, else its scheduled ones);
* **on track**: otherwise.

Money comes from ``app.budget`` (its public ``budget_summary`` and ``project_cost``), never
recomputed here; the load on shared resources comes from ``app.resources.usage``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from app.budget.costing import project_cost
from app.budget.ledger import budget_summary
from app.model.link import LinkKind
from app.model.portfolio import Portfolio
from app.model.resource import ResourceType
from app.model.task import Task
from app.resources.usage import Clocks, resource_usage
from app.schedule.result import Schedule, TaskDates
from app.schedule.working_time import to_minutes

#: The baseline the dashboard compares against (MS Project's "Baseline", number 0).
BASELINE = 0


class Status(StrEnum):
    """A project's traffic light."""

    ON_TRACK = "on track"
    AT_RISK = "at risk"
    LATE = "late"


@dataclass(frozen=True, slots=True)
class Milestone:
    """A milestone on the timeline or as a project's next one."""

    task_id: int
    project_id: int
    name: str
    date: datetime
    done: bool = False


@dataclass(frozen=True, slots=True)
class SharedLoad:
    """How much a project leans on one shared-pool resource."""

    resource_id: int
    name: str
    #: This project's work on the resource, and everybody's.
    work_minutes: int
    portfolio_work_minutes: int
    #: Weeks within the project's span in which the resource is over-allocated and this
    #: project has work on it.
    over_allocated_weeks: int = 0

    @property
    def share(self) -> float:
        """This project's share of the resource's assigned work (0..1)."""
        if not self.portfolio_work_minutes:
            return 0.0
        return self.work_minutes / self.portfolio_work_minutes


@dataclass(frozen=True, slots=True)
class ProjectStatus:
    """One line of the portfolio dashboard."""

    project_id: int
    name: str
    priority: int
    status: Status
    #: Why the status is what it is, in the user's words (empty when on track).
    reasons: tuple[str, ...]
    start: datetime | None
    finish: datetime | None
    baseline_start: datetime | None
    baseline_finish: datetime | None
    #: Working minutes (project calendar) the finish is after baseline; negative = early.
    finish_variance_minutes: int | None
    start_variance_minutes: int | None
    #: Duration-weighted over leaf tasks, 0..100.
    percent_complete: int
    next_milestone: Milestone | None
    budget: Decimal
    actual: Decimal
    forecast: Decimal
    planned_cost: Decimal
    currency: str
    shared_load: tuple[SharedLoad, ...]


def dashboard(
    portfolio: Portfolio, schedule: Schedule, as_of: datetime | None = None
) -> list[ProjectStatus]:
    """A status line per project, highest priority first (then by position, id).

    ``as_of`` stands in for the status date of projects that have none; without either,
    the "at risk" test is skipped for that project.
    """
    loads = _shared_loads(portfolio, schedule)
    ordered = sorted(portfolio.projects.values(), key=lambda p: (-p.priority, p.position, p.id))
    return [_status(portfolio, schedule, p.id, as_of, loads.get(p.id, ())) for p in ordered]


def _leaves(portfolio: Portfolio, schedule: Schedule, project_id: int) -> list[Task]:
    return [
        portfolio.tasks[t]
        for t in portfolio.project_task_ids(project_id)
        if t in schedule.tasks and not schedule.tasks[t].summary
    ]


def _status(
    portfolio: Portfolio,
    schedule: Schedule,
    project_id: int,
    as_of: datetime | None,
    loads: tuple[SharedLoad, ...],
) -> ProjectStatus:
    project = portfolio.projects[project_id]
    span = schedule.projects.get(project_id)
    leaves = _leaves(portfolio, schedule, project_id)
    base_start, base_finish = _baseline_span(portfolio, project_id)
    clock = Clocks(portfolio).calendar(project.calendar_id)
    finish_var = start_var = None
    if span is not None and base_finish is not None:
        finish_var = clock.between(to_minutes(base_finish), to_minutes(span.finish))
    if span is not None and base_start is not None:
        start_var = clock.between(to_minutes(base_start), to_minutes(span.start))
    status_date = project.status_date or as_of
    status, reasons = _judge(
        portfolio, schedule, leaves, finish_var, status_date, project.minutes_per_day
    )
    money = budget_summary(portfolio, project_id)
    return ProjectStatus(
        project_id=project_id,
        name=project.name,
        priority=project.priority,
        status=status,
        reasons=reasons,
        start=span.start if span else None,
        finish=span.finish if span else None,
        baseline_start=base_start,
        baseline_finish=base_finish,
        finish_variance_minutes=finish_var,
        start_variance_minutes=start_var,
        percent_complete=percent_complete(leaves),
        next_milestone=next_milestone(portfolio, schedule, project_id, status_date),
        budget=money.budget,
        actual=money.actual,
        forecast=money.forecast,
        planned_cost=project_cost(portfolio, project_id),
        currency=project.currency,
        shared_load=loads,
    )


def percent_complete(leaves: Iterable[Task]) -> int:
    """Duration-weighted % complete (MS Project's project % complete); milestones count
    as done or not when every task is a milestone."""
    leaves = list(leaves)
    weight = sum(t.duration_minutes for t in leaves)
    if weight == 0:
        done = [t.percent_complete == 100 for t in leaves]
        return 100 if done and all(done) else 0
    return round(sum(t.duration_minutes * t.percent_complete for t in leaves) / weight)


def _baseline_span(
    portfolio: Portfolio, project_id: int
) -> tuple[datetime | None, datetime | None]:
    """Earliest baseline start and latest baseline finish of the project's tasks."""
    starts, finishes = [], []
    for tid in portfolio.project_task_ids(project_id):
        saved = portfolio.baselines.get((tid, BASELINE))
        if saved is not None:
            if saved.start is not None:
                starts.append(saved.start)
            if saved.finish is not None:
                finishes.append(saved.finish)
    return (min(starts) if starts else None, max(finishes) if finishes else None)


def _judge(
    portfolio: Portfolio,
    schedule: Schedule,
    leaves: list[Task],
    finish_variance: int | None,
    status_date: datetime | None,
    minutes_per_day: int = 480,
) -> tuple[Status, tuple[str, ...]]:
    """Apply the status rule of the module docstring."""
    late: list[str] = []
    if finish_variance is not None and finish_variance > 0:
        slip = _days(finish_variance, minutes_per_day)
        late.append(f"finish is {slip} after the baseline finish")
    missed = [t.name for t in leaves if schedule.tasks[t.id].deadline_missed]
    if missed:
        late.append(f"deadline missed: {', '.join(missed)}")
    if late:
        return Status.LATE, tuple(late)
    if status_date is not None:
        behind = [
            t.name
            for t in leaves
            if schedule.tasks[t.id].critical and _behind(portfolio, schedule, t, status_date)
        ]
        if behind:
            when = status_date.date().isoformat()
            return Status.AT_RISK, (f"critical tasks behind plan on {when}: {', '.join(behind)}",)
    return Status.ON_TRACK, ()


def _days(minutes: int, per_day: int) -> str:
    days = round(minutes / per_day, 2)
    return f"{days:g} working day{'s' if days != 1 else ''}"


def expected_percent(
    portfolio: Portfolio, schedule: Schedule, task: Task, status_date: datetime
) -> int:
    """The % complete a task should show at the status date: the share of its working
    time (baseline 0 dates when saved, else scheduled ones) that lies before it."""
    dates: TaskDates = schedule.tasks[task.id]
    saved = portfolio.baselines.get((task.id, BASELINE))
    start, finish = dates.start, dates.finish
    if saved is not None and saved.start is not None and saved.finish is not None:
        start, finish = saved.start, saved.finish
    if status_date <= start:
        return 0
    if status_date >= finish:
        return 100
    clock = Clocks(portfolio).task(task)
    total = clock.between(to_minutes(start), to_minutes(finish))
    if total <= 0:
        return 100
    return round(100 * clock.between(to_minutes(start), to_minutes(status_date)) / total)


def _behind(portfolio: Portfolio, schedule: Schedule, task: Task, status_date: datetime) -> bool:
    if task.percent_complete >= 100:
        return False
    return task.percent_complete < expected_percent(portfolio, schedule, task, status_date)


def next_milestone(
    portfolio: Portfolio, schedule: Schedule, project_id: int, after: datetime | None
) -> Milestone | None:
    """The earliest unfinished milestone (at or after ``after`` when given)."""
    found: Milestone | None = None
    for marker in milestones(portfolio, schedule, project_id):
        if marker.done or (after is not None and marker.date < after):
            continue
        if found is None or (marker.date, marker.task_id) < (found.date, found.task_id):
            found = marker
    return found


def milestones(portfolio: Portfolio, schedule: Schedule, project_id: int) -> list[Milestone]:
    """A project's milestones (flagged, or of zero duration) in date order."""
    result = []
    for tid in portfolio.project_task_ids(project_id):
        task = portfolio.tasks[tid]
        dates = schedule.tasks.get(tid)
        if dates is None or dates.summary:
            continue
        if task.milestone or task.duration_minutes == 0:
            done = task.percent_complete == 100 or task.actual_finish is not None
            result.append(Milestone(tid, project_id, task.name, dates.finish, done))
    return sorted(result, key=lambda m: (m.date, m.task_id))


def _shared_loads(portfolio: Portfolio, schedule: Schedule) -> dict[int, tuple[SharedLoad, ...]]:
    """Per project, its load on each shared-pool work resource it uses."""
    shared = {r.id for r in portfolio.resources.values() if r.project_id is None}
    work: dict[int, dict[int, int]] = {}
    totals: dict[int, int] = {}
    for assignment in portfolio.assignments.values():
        task = portfolio.tasks.get(assignment.task_id)
        if task is None or assignment.resource_id not in shared:
            continue
        per = work.setdefault(task.project_id, {})
        per[assignment.resource_id] = per.get(assignment.resource_id, 0) + assignment.work_minutes
        totals[assignment.resource_id] = totals.get(assignment.resource_id, 0) + (
            assignment.work_minutes
        )
    used = sorted({rid for per in work.values() for rid in per if totals.get(rid, 0) > 0})
    weeks = _weekly(portfolio, schedule, used)
    result: dict[int, tuple[SharedLoad, ...]] = {}
    for pid, per in work.items():
        loads = []
        for rid in sorted(per):
            if totals[rid] <= 0 or portfolio.resources[rid].type is not ResourceType.WORK:
                continue
            mine = weeks.get(rid, {}).get(pid, 0)
            name = portfolio.resources[rid].name
            loads.append(SharedLoad(rid, name, per[rid], totals[rid], mine))
        result[pid] = tuple(loads)
    return result


def _weekly(
    portfolio: Portfolio, schedule: Schedule, resource_ids: list[int]
) -> dict[int, dict[int, int]]:
    """resource -> project -> number of over-allocated weeks the project has work in."""
    if not resource_ids or not schedule.projects:
        return {}
    start = min(p.start for p in schedule.projects.values())
    finish = max(p.finish for p in schedule.projects.values())
    usage = resource_usage(portfolio, schedule, "week", start, finish, resource_ids)
    result: dict[int, dict[int, int]] = {}
    for rid, row in usage.rows.items():
        counts: dict[int, int] = {}
        for cell in row.cells:
            if cell.over_allocated:
                for pid in {portfolio.tasks[t].project_id for t in cell.task_ids}:
                    counts[pid] = counts.get(pid, 0) + 1
        result[rid] = counts
    return result


# --- the portfolio timeline -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProjectBar:
    """One summary bar of the portfolio timeline."""

    project_id: int
    name: str
    priority: int
    start: datetime
    finish: datetime
    baseline_start: datetime | None
    baseline_finish: datetime | None
    milestones: tuple[Milestone, ...]


@dataclass(frozen=True, slots=True)
class CrossLink:
    """A link between tasks of two projects, with the moments it joins on the bars."""

    link_id: int
    kind: LinkKind
    predecessor_id: int
    successor_id: int
    from_project: int
    to_project: int
    #: Where the arrow leaves (predecessor's finish, or start for SS/SF) and arrives.
    from_date: datetime
    to_date: datetime


@dataclass(frozen=True, slots=True)
class Timeline:
    """Every project as one bar, with milestones and the links between projects."""

    bars: tuple[ProjectBar, ...]
    links: tuple[CrossLink, ...]


def portfolio_timeline(portfolio: Portfolio, schedule: Schedule) -> Timeline:
    """Bars in dashboard order (priority, position) and the cross-project links."""
    bars = []
    ordered = sorted(portfolio.projects.values(), key=lambda p: (-p.priority, p.position, p.id))
    for project in ordered:
        span = schedule.projects.get(project.id)
        if span is None:
            continue
        base_start, base_finish = _baseline_span(portfolio, project.id)
        marks = tuple(milestones(portfolio, schedule, project.id))
        bars.append(
            ProjectBar(
                project.id,
                project.name,
                project.priority,
                span.start,
                span.finish,
                base_start,
                base_finish,
                marks,
            )
        )
    return Timeline(tuple(bars), tuple(cross_links(portfolio, schedule)))


def cross_links(portfolio: Portfolio, schedule: Schedule) -> list[CrossLink]:
    """Links whose two tasks belong to different projects, in link id order."""
    result = []
    for link in sorted(portfolio.links.values(), key=lambda k: k.id):
        pred = portfolio.tasks.get(link.predecessor_id)
        succ = portfolio.tasks.get(link.successor_id)
        if pred is None or succ is None or pred.project_id == succ.project_id:
            continue
        a, b = schedule.tasks.get(pred.id), schedule.tasks.get(succ.id)
        if a is None or b is None:
            continue
        from_start = link.kind in (LinkKind.SS, LinkKind.SF)
        to_start = link.kind in (LinkKind.FS, LinkKind.SS)
        result.append(
            CrossLink(
                link.id,
                link.kind,
                pred.id,
                succ.id,
                pred.project_id,
                succ.project_id,
                a.start if from_start else a.finish,
                b.start if to_start else b.finish,
            )
        )
    return result
