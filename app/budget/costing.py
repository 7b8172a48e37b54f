"""Planned cost of tasks from their assignments and fixed costs, rolled up to summaries.

Work resources cost rate x hours plus cost per use; material resources cost rate x units
plus cost per use; cost resources cost what the assignment names. All in Decimal.
"""

from __future__ import annotations

from decimal import Decimal

from app.model.portfolio import Portfolio
from app.model.resource import Assignment, ResourceType

ZERO = Decimal(0)
MINUTES_PER_HOUR = Decimal(60)


def assignment_cost(portfolio: Portfolio, assignment: Assignment) -> Decimal:
    """What one assignment costs at the resource's standard rate."""
    resource = portfolio.resources[assignment.resource_id]
    if resource.type is ResourceType.COST:
        return assignment.cost if assignment.cost is not None else ZERO
    if resource.type is ResourceType.MATERIAL:
        units = Decimal(str(assignment.units))
        return resource.standard_rate * units + resource.cost_per_use
    hours = Decimal(assignment.work_minutes) / MINUTES_PER_HOUR
    return resource.standard_rate * hours + resource.cost_per_use


def task_costs(portfolio: Portfolio, project_id: int) -> dict[int, Decimal]:
    """Planned cost of every task of a project; summaries add their subtasks' costs."""
    costs: dict[int, Decimal] = {}
    for task in reversed(list(portfolio.walk(project_id))):
        own = task.fixed_cost + sum(
            (assignment_cost(portfolio, a) for a in portfolio.task_assignments(task.id)), ZERO
        )
        below = sum((costs[c] for c in portfolio.children(project_id, task.id)), ZERO)
        costs[task.id] = own + below
    return costs


def project_cost(portfolio: Portfolio, project_id: int) -> Decimal:
    """Planned cost of a whole project: the sum over its top-level tasks."""
    costs = task_costs(portfolio, project_id)
    return sum((costs[t] for t in portfolio.children(project_id, None)), ZERO)
