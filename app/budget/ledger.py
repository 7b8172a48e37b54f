"""Budget, committed, actual, forecast and variance of a project, from its ledger."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.budget.costing import project_cost
from app.model.budget import EntryKind
from app.model.portfolio import Portfolio

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class BudgetSummary:
    """A project's money position, in its currency (net of tax)."""

    budget: Decimal
    committed: Decimal
    actual: Decimal
    forecast: Decimal
    variance: Decimal


def budget_summary(portfolio: Portfolio, project_id: int) -> BudgetSummary:
    """Budget = budget lines (or the approved total when there are none).

    Committed is what is left open on purchase orders after the invoices that settle
    them; actual is every invoice, expense and timesheet cost. The forecast at
    completion is the larger of the planned cost and actual + committed; variance is
    budget - forecast (negative = over budget).
    """
    project = portfolio.projects[project_id]
    lines = [b.amount for b in portfolio.budget_lines.values() if b.project_id == project_id]
    budget = sum(lines, ZERO) if lines else project.approved_budget
    entries = [e for e in portfolio.ledger.values() if e.project_id == project_id]
    settled: dict[int, Decimal] = {}
    actual = ZERO
    for entry in entries:
        if not entry.kind.is_commitment:
            actual += entry.amount
            if entry.settles_id is not None:
                settled[entry.settles_id] = settled.get(entry.settles_id, ZERO) + entry.amount
    committed = sum(
        (
            max(e.amount - settled.get(e.id, ZERO), ZERO)
            for e in entries
            if e.kind is EntryKind.PURCHASE_ORDER
        ),
        ZERO,
    )
    forecast = max(project_cost(portfolio, project_id), actual + committed)
    return BudgetSummary(budget, committed, actual, forecast, budget - forecast)
