"""Baselines 0-10: freeze a project's scheduled plan, then measure how far it moved.

Saving builds new immutable ``Baseline`` records from a ``Schedule`` (the caller puts
them into the Portfolio through its one door for edits). Variances are what MS Project
shows: current minus baseline, dates in working minutes on the task's calendar (so a
slip over a weekend is not counted as two extra days), cost as exact Decimal.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.budget.costing import own_parts
from app.model.baseline import BASELINE_NUMBERS, Baseline
from app.model.money import ZERO
from app.model.portfolio import Portfolio
from app.schedule.result import Schedule
from app.schedule.working_time import ScheduleError, to_minutes, working_time


@dataclass(frozen=True, slots=True)
class Variance:
    """Current minus baseline for one task; None where the baseline holds no value."""

    task_id: int
    number: int
    start_minutes: int | None
    finish_minutes: int | None
    duration_minutes: int
    work_minutes: int
    cost: Decimal


def task_cost(portfolio: Portfolio, task_id: int) -> Decimal:
    """Planned cost of a leaf task: fixed cost plus its assignments at their rates.

    The budget's own rules (``app.budget.costing``), so a baseline saved today equals
    today's planned cost to the last digit.
    """
    return own_parts(portfolio, task_id).total


def _costs(portfolio: Portfolio, project_id: int, result: Schedule) -> dict[int, Decimal]:
    """Cost of every scheduled task of the project; summaries sum their subtasks."""
    costs: dict[int, Decimal] = {}
    order = list(portfolio.walk(project_id))
    for task in reversed(order):  # children before their parents
        if task.id not in result.tasks:
            continue
        if portfolio.is_summary(task.id):
            children = portfolio.children(project_id, task.id)
            costs[task.id] = task.fixed_cost + sum((costs.get(c, ZERO) for c in children), ZERO)
        else:
            costs[task.id] = task_cost(portfolio, task.id)
    return costs


def save_baseline(
    portfolio: Portfolio, result: Schedule, project_id: int, number: int = 0
) -> dict[tuple[int, int], Baseline]:
    """Baseline ``number`` of every scheduled task of a project, keyed as the Portfolio keys them.

    Raises:
        ScheduleError: for a number outside 0-10 or an unknown project.
    """
    if number not in BASELINE_NUMBERS:
        raise ScheduleError(f"baseline number must be 0 to 10, not {number}")
    if project_id not in portfolio.projects:
        raise ScheduleError(f"no project with id {project_id} in this portfolio")
    costs = _costs(portfolio, project_id, result)
    saved: dict[tuple[int, int], Baseline] = {}
    for task_id in portfolio.project_task_ids(project_id):
        dates = result.tasks.get(task_id)
        if dates is None:
            continue
        saved[(task_id, number)] = Baseline(
            task_id=task_id,
            number=number,
            start=dates.start,
            finish=dates.finish,
            duration_minutes=dates.duration_minutes,
            work_minutes=dates.work_minutes,
            cost=costs.get(task_id, ZERO),
        )
    return saved


def variances(
    portfolio: Portfolio, result: Schedule, project_id: int, number: int = 0
) -> dict[int, Variance]:
    """Current schedule minus baseline ``number`` for each task that has that baseline."""
    costs = _costs(portfolio, project_id, result)
    project = portfolio.projects[project_id]
    found: dict[int, Variance] = {}
    for task_id in portfolio.project_task_ids(project_id):
        baseline = portfolio.baselines.get((task_id, number))
        dates = result.tasks.get(task_id)
        if baseline is None or dates is None:
            continue
        task = portfolio.tasks[task_id]
        calendar_id = task.calendar_id if task.calendar_id is not None else project.calendar_id
        clock = working_time(calendar_id, portfolio.calendars)
        start = (
            clock.between(to_minutes(baseline.start), to_minutes(dates.start))
            if baseline.start is not None
            else None
        )
        finish = (
            clock.between(to_minutes(baseline.finish), to_minutes(dates.finish))
            if baseline.finish is not None
            else None
        )
        found[task_id] = Variance(
            task_id=task_id,
            number=number,
            start_minutes=start,
            finish_minutes=finish,
            duration_minutes=dates.duration_minutes - baseline.duration_minutes,
            work_minutes=dates.work_minutes - baseline.work_minutes,
            cost=costs.get(task_id, ZERO) - baseline.cost,
        )
    return found
