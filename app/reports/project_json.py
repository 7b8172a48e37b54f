"""The ``plansmith show --json`` view: a stable, documented JSON shape per project.

Dates are ISO 8601 date-times with the time of day; durations, slack and lags in working
hours; money as exact decimal strings in the project's currency. The README documents
every key; change them only by adding.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from app.budget.costing import assignment_cost, task_costs
from app.budget.earned_value import default_baseline, earned_value, format_ratio
from app.budget.ledger import budget_summary
from app.model.duration import hours
from app.model.money import format_money
from app.model.portfolio import Portfolio
from app.model.task import Task
from app.schedule.result import Schedule


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def task_uid(task: Task) -> int:
    """The task's UID: the one its source file gave it, else its id."""
    return task.uid if task.uid is not None else task.id


def _money(amount: Decimal, digits: int) -> str:
    return format_money(amount, digits)


def _task(
    portfolio: Portfolio, schedule: Schedule, task: Task, cost: Decimal, digits: int
) -> dict[str, Any]:
    dates = schedule.tasks.get(task.id)
    predecessors = [
        {
            "uid": task_uid(portfolio.tasks[link.predecessor_id]),
            "type": link.kind.value,
            "lag_hours": hours(link.lag_minutes) if not link.percent_lag else None,
            "lag_percent": link.lag_percent if link.percent_lag else None,
            "project_id": portfolio.tasks[link.predecessor_id].project_id,
        }
        for link in portfolio.predecessors(task.id)
    ]
    return {
        "uid": task_uid(task),
        "id": portfolio.row_number(task.id),
        "wbs": portfolio.wbs(task.id),
        "outline_level": portfolio.outline_level(task.id),
        "name": task.name,
        "start": _iso(dates.start) if dates else None,
        "finish": _iso(dates.finish) if dates else None,
        "duration_hours": hours(dates.duration_minutes if dates else task.duration_minutes),
        "milestone": task.milestone
        or (task.duration_minutes == 0 and not portfolio.is_summary(task.id)),
        "summary": portfolio.is_summary(task.id),
        "manual": task.manual,
        "percent_complete": dates.percent_complete if dates else task.percent_complete,
        "critical": dates.critical if dates else False,
        "total_slack_hours": hours(dates.total_slack_minutes) if dates else None,
        "free_slack_hours": hours(dates.free_slack_minutes) if dates else None,
        "constraint": task.constraint.short,
        "constraint_date": _iso(task.constraint_date),
        "deadline": _iso(task.deadline),
        "predecessors": predecessors,
        "resources": [
            portfolio.resources[a.resource_id].name for a in portfolio.task_assignments(task.id)
        ],
        "cost": _money(cost, digits),
    }


def project_json(portfolio: Portfolio, schedule: Schedule, project_id: int) -> dict[str, Any]:
    """One project as the ``show --json`` contract describes it."""
    project = portfolio.projects[project_id]
    digits = project.currency_digits
    costs = task_costs(portfolio, project_id)
    tasks = list(portfolio.walk(project_id))
    task_ids = {t.id for t in tasks}
    assignments = [a for a in portfolio.assignments.values() if a.task_id in task_ids]
    resource_ids = {a.resource_id for a in assignments} | {
        r.id for r in portfolio.resources.values() if r.project_id == project_id
    }
    span = schedule.projects.get(project_id)
    money = budget_summary(portfolio, project_id)
    return {
        "id": project.id,
        "name": project.name,
        "start": _iso(span.start if span else project.start),
        "finish": _iso(span.finish if span else None),
        "status_date": _iso(project.status_date),
        "currency": project.currency,
        "priority": project.priority,
        "critical_path": [task_uid(portfolio.tasks[t]) for t in span.critical_path] if span else [],
        "tasks": [_task(portfolio, schedule, t, costs[t.id], digits) for t in tasks],
        "resources": [_resource(portfolio, r) for r in sorted(resource_ids)],
        "assignments": [
            {
                "task_uid": task_uid(portfolio.tasks[a.task_id]),
                "resource_uid": _resource_uid(portfolio, a.resource_id),
                "units": a.units,
                "work_hours": hours(a.work_minutes),
                "cost": _money(assignment_cost(portfolio, a), digits),
            }
            for a in assignments
        ],
        "budget": {
            name: _money(getattr(money, name), digits)
            for name in ("budget", "committed", "actual", "forecast", "variance")
        },
        "earned_value": _earned_value(portfolio, schedule, project_id, digits),
    }


EV_MONEY = ("bac", "pv", "ev", "ac", "cv", "sv", "eac", "etc", "vac")
EV_RATIOS = ("cpi", "spi", "tcpi")


def _earned_value(
    portfolio: Portfolio, schedule: Schedule, project_id: int, digits: int
) -> dict[str, Any]:
    """Earned value against baseline 0 (else the lowest saved) at the project's status date.

    Without any saved baseline there is nothing to earn against: figures are null.
    """
    number = default_baseline(portfolio, project_id)
    if number is None:
        status = portfolio.projects[project_id].status_date
        empty: dict[str, Any] = {"status_date": _iso(status), "baseline": None}
        empty.update(dict.fromkeys(("status_date_source", "eac_method", *EV_MONEY, *EV_RATIOS)))
        return empty
    value = earned_value(portfolio, schedule, project_id, baseline=number)
    result: dict[str, Any] = {
        "status_date": _iso(value.status_date),
        "status_date_source": value.status_source.value,
        "baseline": number,
        "eac_method": value.eac_method.value,
    }
    result.update({name: _money(getattr(value, name), digits) for name in EV_MONEY})
    result.update({name: format_ratio(getattr(value, name)) for name in EV_RATIOS})
    return result


def _resource_uid(portfolio: Portfolio, resource_id: int) -> int:
    resource = portfolio.resources[resource_id]
    return resource.uid if resource.uid is not None else resource.id


def _resource(portfolio: Portfolio, resource_id: int) -> dict[str, Any]:
    resource = portfolio.resources[resource_id]
    return {
        "uid": _resource_uid(portfolio, resource_id),
        "name": resource.name,
        "type": resource.type.value,
        "max_units": resource.max_units,
        "standard_rate": str(resource.standard_rate),
        "cost_per_use": str(resource.cost_per_use),
    }


def portfolio_json(
    portfolio: Portfolio, schedule: Schedule, project_ids: list[int] | None = None
) -> dict[str, Any]:
    """The ``show --json`` document: ``{"projects": [...]}``."""
    ids = (
        project_ids
        if project_ids is not None
        else sorted(portfolio.projects, key=lambda p: (portfolio.projects[p].position, p))
    )
    return {"projects": [project_json(portfolio, schedule, p) for p in ids]}
