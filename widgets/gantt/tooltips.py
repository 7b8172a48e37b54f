"""Words for the chart: a bar's tooltip and what a drag will do or did (no Qt).

Kept apart from the widget so the texts are tested plainly and read the same in the
tooltip, the status bar and the tests.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from app.budget.costing import own_parts
from app.model import Duration, DurationUnit, Portfolio
from app.model.duration import format_duration
from app.model.money import format_money
from app.schedule.result import Schedule
from widgets.gantt.interaction import Linked, Moved, Outcome, Progressed, Stretched
from widgets.models.columns import format_moment


def _when(moment: datetime | None) -> str:
    """A date with its time, always (-1 is no usual minute)."""
    return format_moment(moment, -1)


def task_cost(portfolio: Portfolio, task_id: int) -> Decimal:
    """Planned cost of a task, its subtasks' included (as the Cost column would show)."""
    ids = [task_id, *portfolio.descendants(task_id)] if portfolio.is_summary(task_id) else [task_id]
    return sum((own_parts(portfolio, t).total for t in ids), Decimal(0))


def task_tooltip(portfolio: Portfolio, schedule: Schedule, task_id: int) -> str:
    """Name, dates, duration, slack and cost of a task, one per line."""
    task = portfolio.tasks[task_id]
    dates = schedule.tasks[task_id]
    project = portfolio.projects[task.project_id]
    duration = format_duration(Duration(dates.duration_minutes, task.duration_unit), project.time)
    slack = format_duration(Duration(dates.total_slack_minutes, DurationUnit.DAYS), project.time)
    cost = format_money(task_cost(portfolio, task_id), project.currency_digits)
    lines = [
        f"{portfolio.row_number(task_id)}  {task.name}",
        f"Start: {_when(dates.start)}",
        f"Finish: {_when(dates.finish)}",
        f"Duration: {duration}",
        f"Total slack: {slack}{'  (critical)' if dates.critical else ''}",
        f"Cost: {cost} {project.currency}",
    ]
    if task.constraint.needs_date:
        lines.append(f"Constraint: {task.constraint.short} {_when(task.constraint_date)}")
    if task.deadline is not None:
        missed = "  (missed)" if dates.deadline_missed else ""
        lines.append(f"Deadline: {_when(task.deadline)}{missed}")
    return "\n".join(lines)


def describe_outcome(portfolio: Portfolio, outcome: Outcome) -> str:
    """What releasing the mouse now would do, for the status bar during a drag."""
    if isinstance(outcome, Linked):
        target = portfolio.tasks.get(outcome.successor_id)
        if target is None or outcome.successor_id == outcome.predecessor_id:
            return "Drop on another task to link to it"
        return f"Link to {target.name} (finish-to-start)"
    name = portfolio.tasks[outcome.task_id].name
    if isinstance(outcome, Moved):
        return f"Move {name} to start {_when(outcome.start)}"
    if isinstance(outcome, Stretched):
        return f"Finish {name} {_when(outcome.finish)}"
    return f"{name}: {outcome.percent}% complete"


def confirm_outcome(portfolio: Portfolio, outcome: Outcome) -> str:
    """What a finished drag did; a move says it set a constraint, as MS Project warns."""
    if isinstance(outcome, Moved):
        name = portfolio.tasks[outcome.task_id].name
        return (
            f"{name} moved: a Start No Earlier Than {_when(outcome.start)} constraint was set "
            "(Ctrl+Z undoes it)"
        )
    if isinstance(outcome, Stretched):
        task = portfolio.tasks[outcome.task_id]
        time = portfolio.projects[task.project_id].time
        shown = format_duration(Duration(outcome.minutes, task.duration_unit), time)
        return f"{task.name}: duration changed to {shown}"
    if isinstance(outcome, Progressed):
        return f"{portfolio.tasks[outcome.task_id].name}: {outcome.percent}% complete"
    pred = portfolio.tasks[outcome.predecessor_id].name
    succ = portfolio.tasks[outcome.successor_id].name
    return f"Linked {pred} to {succ} (finish-to-start)"
