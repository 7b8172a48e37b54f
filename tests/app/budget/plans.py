"""Small plans with hand-checkable money, shared by the budget tests (not a test module).

Project "Demo" starts Monday 2026-01-05 on the standard calendar (Mon-Fri, 8 h a day).
``ev_plan``: Design (2d, 1000) -> Build (4d, 4000) -> Test (2d, 1000), so Design runs
Mon 5 - Tue 6, Build Wed 7 - Mon 12, Test Tue 13 - Wed 14; BAC = 6000.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from app.commands import EditTask, LinkTasks
from app.commands.base import updated
from app.commands.budget import AddLedgerEntry, AddStandardAccounts, AddSupplier
from app.model import EntryKind, Portfolio
from app.schedule import schedule
from app.schedule.baseline import save_baseline
from tests.builders import apply, small_portfolio

D = Decimal
DAY = 480
#: The standard chart's ids once AddStandardAccounts ran on an empty portfolio.
LABOUR, HARDWARE, SOFTWARE, CLOUD, EXTERNAL, TRAVEL, CONTINGENCY = range(1, 8)


def with_accounts(portfolio: Portfolio) -> Portfolio:
    """The standard chart for project 1 and two suppliers (1 Acme, 2 Globex, 30 days)."""
    return apply(portfolio, AddStandardAccounts(1), AddSupplier("Acme"), AddSupplier("Globex"))


def invoice(amount: str, day: date, task_id: int | None = None, **fields: object) -> AddLedgerEntry:
    """An invoice from Acme (supplier 1) unless the fields say otherwise."""
    values = {"supplier_id": 1, "task_id": task_id, **fields}
    return AddLedgerEntry(1, EntryKind.INVOICE, day, D(amount), values)


def order(amount: str, day: date, task_id: int | None = None, **fields: object) -> AddLedgerEntry:
    """A purchase order to Acme (supplier 1) unless the fields say otherwise."""
    values = {"supplier_id": 1, "task_id": task_id, **fields}
    return AddLedgerEntry(1, EntryKind.PURCHASE_ORDER, day, D(amount), values)


def baselined(portfolio: Portfolio, number: int = 0) -> Portfolio:
    """The portfolio with baseline ``number`` of project 1 saved from its schedule."""
    saved = save_baseline(portfolio, schedule(portfolio), 1, number)
    return updated(portfolio, baselines={**portfolio.baselines, **saved})


def three_tasks() -> Portfolio:
    """Design 2d/1000 -> Build 4d/4000 -> Test 2d/1000, with accounts and suppliers."""
    portfolio = apply(
        small_portfolio(),
        EditTask((1,), {"duration_minutes": 2 * DAY, "fixed_cost": D(1000)}),
        EditTask((2,), {"duration_minutes": 4 * DAY, "fixed_cost": D(4000)}),
        EditTask((3,), {"duration_minutes": 2 * DAY, "fixed_cost": D(1000)}),
        LinkTasks(1, 2),
        LinkTasks(2, 3),
    )
    return with_accounts(portfolio)


def ev_plan() -> Portfolio:
    """``three_tasks`` with baseline 0, Design done, Build half done, and actual costs:
    1200 on Design (Jan 6), 2300 on Build (Jan 9), 500 on Build after the status date."""
    portfolio = baselined(three_tasks())
    portfolio = apply(
        portfolio,
        EditTask((1,), {"percent_complete": 100}),
        EditTask((2,), {"percent_complete": 50}),
        invoice("1200", date(2026, 1, 6), 1),
        invoice("2300", date(2026, 1, 9), 2),
        invoice("500", date(2026, 1, 12), 2),
    )
    project = portfolio.projects[1]
    return updated(portfolio, projects={1: replace(project, status_date=STATUS)})


#: The status date of ``ev_plan``: Friday 2026-01-09 at the end of the working day.
STATUS = datetime(2026, 1, 9, 17, 0)
