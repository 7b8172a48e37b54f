"""Planned cost of tasks from their assignments and fixed costs, rolled up to summaries.

Work resources cost rate x hours plus cost per use for each unit assigned; material
resources cost rate x units plus cost per use once; cost resources cost what the
assignment names; an assignment that names its own cost keeps it. ``app.schedule.baseline``
freezes these same figures into a baseline, so a baseline saved today equals today's plan
to the last digit. All Decimal.

The cost is kept split by kind because the kinds behave differently: labour belongs to
the Labour account, the rest to the task's own account, and cost per use accrues at the
task's start while the rest is spread over its working time.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.model.money import ZERO
from app.model.portfolio import Portfolio
from app.model.resource import Assignment, Resource, ResourceType

MINUTES_PER_HOUR = Decimal(60)


@dataclass(frozen=True, slots=True)
class CostParts:
    """A task's own planned cost by kind; ``at_start`` is the part due when work starts.

    ``labour`` is what work resources cost (rates and cost per use); ``other`` is
    material, cost resources and the task's fixed cost.
    """

    labour: Decimal = ZERO
    other: Decimal = ZERO
    at_start: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        """Everything the task costs by itself."""
        return self.labour + self.other

    def __add__(self, more: CostParts) -> CostParts:
        return CostParts(
            self.labour + more.labour, self.other + more.other, self.at_start + more.at_start
        )


NO_COST = CostParts()


def _rate_cost(resource: Resource, assignment: Assignment) -> Decimal:
    """The prorated part of an assignment: rate x hours, or rate x units for material."""
    if resource.type is ResourceType.MATERIAL:
        return resource.standard_rate * Decimal(str(assignment.units))
    return resource.standard_rate * Decimal(assignment.work_minutes) / MINUTES_PER_HOUR


def _per_use(resource: Resource, assignment: Assignment) -> Decimal:
    """The cost per use an assignment is charged, as MS Project charges it.

    A work resource is charged once per unit assigned (half at 50%, twice at 200%: the
    MS Project files in the samples hold exactly that); a material resource once.
    """
    if resource.type is ResourceType.WORK:
        return resource.cost_per_use * Decimal(str(assignment.units))
    return resource.cost_per_use


def assignment_parts(portfolio: Portfolio, assignment: Assignment) -> CostParts:
    """One assignment's cost, split into labour/other and the part due at the start."""
    resource = portfolio.resources.get(assignment.resource_id)
    if resource is None:
        return NO_COST
    labour = resource.type is ResourceType.WORK
    if assignment.cost is not None:
        amount, at_start = assignment.cost, ZERO
    elif resource.type is ResourceType.COST:
        return NO_COST
    else:
        at_start = _per_use(resource, assignment)
        amount = _rate_cost(resource, assignment) + at_start
    if labour:
        return CostParts(labour=amount, at_start=at_start)
    return CostParts(other=amount, at_start=at_start)


def assignment_cost(portfolio: Portfolio, assignment: Assignment) -> Decimal:
    """What one assignment costs at the resource's standard rate."""
    return assignment_parts(portfolio, assignment).total


def own_parts(portfolio: Portfolio, task_id: int) -> CostParts:
    """A task's own cost (not its subtasks'): assignments plus its fixed cost."""
    assignments = portfolio.task_assignments(task_id)
    fixed = portfolio.tasks[task_id].fixed_cost
    if not assignments:
        return CostParts(other=fixed) if fixed else NO_COST
    labour, other, at_start = ZERO, fixed, ZERO
    for assignment in assignments:
        parts = assignment_parts(portfolio, assignment)
        labour, other = labour + parts.labour, other + parts.other
        at_start += parts.at_start
    return CostParts(labour, other, at_start)


def own_costs(portfolio: Portfolio, project_id: int) -> dict[int, CostParts]:
    """Own cost parts of every task of a project (summaries: only their own fixed cost)."""
    return {t: own_parts(portfolio, t) for t in portfolio.project_task_ids(project_id)}


def task_costs(portfolio: Portfolio, project_id: int) -> dict[int, Decimal]:
    """Planned cost of every task of a project; summaries add their subtasks' costs."""
    own = own_costs(portfolio, project_id)
    return rolled_up(portfolio, project_id, {t: p.total for t, p in own.items()})


def rolled_up(
    portfolio: Portfolio, project_id: int, values: dict[int, Decimal]
) -> dict[int, Decimal]:
    """Per-task amounts with every summary adding its subtasks' (children first)."""
    totals: dict[int, Decimal] = {}
    for task in reversed(list(portfolio.walk(project_id))):
        below = sum((totals[c] for c in portfolio.children(project_id, task.id)), ZERO)
        totals[task.id] = values.get(task.id, ZERO) + below
    return totals


def project_cost(portfolio: Portfolio, project_id: int) -> Decimal:
    """Planned cost of a whole project: every task's own cost."""
    own = own_costs(portfolio, project_id)
    return sum((p.total for p in own.values()), ZERO)
