"""Cost control: budget, planned, committed, actual, forecast and variance.

Every figure is built from *cells*: one cell per (task, account) pair that has budget,
plan or ledger money on it. Each cell's forecast at completion is the larger of its
planned cost and what is already spent or ordered on it (``max(planned, actual +
committed)``): the plan stands until the money says otherwise. Accounts, tasks, the
project and the portfolio then add cells up, so every roll-up is a plain sum and the
per-account, per-task and per-project totals agree to the last digit.

Where money lands:

* budget lines land on their own (task, account);
* planned labour (work resources) lands on the project's Labour account, the rest of a
  task's plan (material, cost resources, fixed cost) on the task's *own account*: the
  account its budget lines (or its nearest summary's) give the most money to;
* a ledger entry lands on its account, or, without one, a timesheet on Labour and
  anything else on its task's own account, so an invoice booked to a task nets against
  that task's plan instead of adding to it.

Committed is what is left open on purchase orders after the invoices that settle them
(never below zero: an over-invoiced order commits nothing more, and is warned about).
Actual is every invoice, expense and timesheet cost. All amounts are net of tax.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from app.budget.accounts import AccountRole, ancestors, find_account
from app.budget.costing import CostParts, own_costs
from app.gcpause import without_gc
from app.model.budget import BudgetLine, CostAccount, EntryKind, LedgerEntry
from app.model.money import ZERO, format_money
from app.model.portfolio import Portfolio
from app.model.task import Task

#: A cell's key: (task id or None, account id or None).
Cell = tuple[int | None, int | None]


@dataclass(frozen=True, slots=True)
class Figures:
    """The control figures of a cell, account, task or project (net, in its currency)."""

    budget: Decimal = ZERO
    planned: Decimal = ZERO
    committed: Decimal = ZERO
    actual: Decimal = ZERO
    forecast: Decimal = ZERO

    @property
    def variance(self) -> Decimal:
        """Budget minus forecast: negative means the forecast is over budget."""
        return self.budget - self.forecast

    @property
    def spent_and_committed(self) -> Decimal:
        """Actual plus open commitments: money that can no longer be avoided."""
        return self.actual + self.committed

    def __add__(self, more: Figures) -> Figures:
        return Figures(
            self.budget + more.budget,
            self.planned + more.planned,
            self.committed + more.committed,
            self.actual + more.actual,
            self.forecast + more.forecast,
        )


NOTHING = Figures()


@dataclass(frozen=True, slots=True)
class OrderBalance:
    """A purchase order against the invoices that settle it."""

    order_id: int
    ordered: Decimal
    invoiced: Decimal

    @property
    def open(self) -> Decimal:
        """The commitment still open: what is left of the order (never negative)."""
        return max(self.ordered - self.invoiced, ZERO)

    @property
    def over_invoiced(self) -> Decimal:
        """How far the invoices exceed the order (zero when they do not)."""
        return max(self.invoiced - self.ordered, ZERO)


class Severity(StrEnum):
    """How loud the budget tab should be about a warning."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class WarningCode(StrEnum):
    """What a cost-control warning is about (stable, for filters and tests)."""

    FORECAST_OVER_BUDGET = "forecast_over_budget"
    FORECAST_OVER_RESERVE = "forecast_over_reserve"
    BUDGET_OVER_APPROVED = "budget_over_approved"
    ACCOUNT_OVERSPENT = "account_overspent"
    ACCOUNT_OVERCOMMITTED = "account_overcommitted"
    ACCOUNT_FORECAST_OVER = "account_forecast_over"
    TASK_FORECAST_OVER = "task_forecast_over"
    ORDER_OVER_INVOICED = "order_over_invoiced"
    UNALLOCATED_SPEND = "unallocated_spend"


@dataclass(frozen=True, slots=True)
class BudgetWarning:
    """One finding of cost control, with the message the user reads."""

    code: WarningCode
    severity: Severity
    message: str
    project_id: int
    account_id: int | None = None
    entry_id: int | None = None
    task_id: int | None = None


@dataclass(frozen=True)
class Control:
    """One project's cost control, as at ``as_of`` (None: everything recorded)."""

    project_id: int
    currency: str
    digits: int
    total: Figures
    cells: Mapping[Cell, Figures]
    by_account: Mapping[int | None, Figures]
    by_task: Mapping[int | None, Figures]
    orders: Mapping[int, OrderBalance]
    approved_budget: Decimal
    contingency: Decimal
    line_count: int = 0
    #: Tasks (phases) that budget lines name: the ones whose forecast is held to a budget.
    budgeted_tasks: frozenset[int] = frozenset()
    warnings: tuple[BudgetWarning, ...] = ()
    as_of: date | None = None

    @property
    def budget(self) -> Decimal:
        """The budget at completion: budget lines, else the approved total."""
        return self.total.budget if self.has_lines else self.approved_budget

    @property
    def has_lines(self) -> bool:
        """True once any budget line exists: the lines then are the budget."""
        return self.line_count > 0


@dataclass(frozen=True, slots=True)
class BudgetSummary:
    """A project's money position, in its currency (net of tax), for ``show --json``."""

    budget: Decimal
    committed: Decimal
    actual: Decimal
    forecast: Decimal
    variance: Decimal


#: Accumulator of a cell while a Control is built: [budget, planned, committed, actual].
_Acc = list[Decimal]


def _acc(cells: dict[Cell, _Acc], key: Cell) -> _Acc:
    found = cells.get(key)
    if found is None:
        found = cells[key] = [ZERO, ZERO, ZERO, ZERO]
    return found


#: Closed figures while rolling up: (budget, planned, committed, actual, forecast).
_Five = tuple[Decimal, Decimal, Decimal, Decimal, Decimal]


def _add_into(totals: dict[Any, list[Decimal]], key: Any, five: Sequence[Decimal]) -> None:
    """Add five figures into ``totals[key]`` (hot loop: no Figures objects made)."""
    total = totals.get(key)
    if total is None:
        totals[key] = list(five)
        return
    total[0] += five[0]
    total[1] += five[1]
    total[2] += five[2]
    total[3] += five[3]
    total[4] += five[4]


def _make(five: Sequence[Decimal]) -> Figures:
    return Figures(five[0], five[1], five[2], five[3], five[4])


# --- grouping the portfolio's money by project --------------------------------------------


def entries_by_project(portfolio: Portfolio) -> dict[int, list[LedgerEntry]]:
    """Ledger entries grouped by project (one pass, for portfolio-wide reports)."""
    grouped: dict[int, list[LedgerEntry]] = defaultdict(list)
    for entry in portfolio.ledger.values():
        grouped[entry.project_id].append(entry)
    return grouped


def lines_by_project(portfolio: Portfolio) -> dict[int, list[BudgetLine]]:
    """Budget lines grouped by project."""
    grouped: dict[int, list[BudgetLine]] = defaultdict(list)
    for line in portfolio.budget_lines.values():
        grouped[line.project_id].append(line)
    return grouped


def project_entries(portfolio: Portfolio, project_id: int) -> list[LedgerEntry]:
    """One project's ledger entries."""
    return [e for e in portfolio.ledger.values() if e.project_id == project_id]


def project_lines(portfolio: Portfolio, project_id: int) -> list[BudgetLine]:
    """One project's budget lines (every revision)."""
    return [b for b in portfolio.budget_lines.values() if b.project_id == project_id]


# --- purchase orders -------------------------------------------------------------------


def order_balances(entries: Iterable[LedgerEntry]) -> dict[int, OrderBalance]:
    """Each purchase order with what its settling invoices add up to."""
    entries = list(entries)
    invoiced: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for entry in entries:
        if entry.settles_id is not None and not entry.kind.is_commitment:
            invoiced[entry.settles_id] += entry.amount
    return {
        e.id: OrderBalance(e.id, e.amount, invoiced[e.id])
        for e in entries
        if e.kind is EntryKind.PURCHASE_ORDER
    }


def open_commitment(portfolio: Portfolio, order_id: int) -> Decimal:
    """What is left open of one purchase order after its invoices."""
    order = portfolio.ledger[order_id]
    balances = order_balances(project_entries(portfolio, order.project_id))
    return balances[order_id].open


# --- where money lands --------------------------------------------------------------------


def own_accounts(
    portfolio: Portfolio,
    project_id: int,
    lines: Iterable[BudgetLine],
    order: Sequence[Task] | None = None,
) -> dict[int, int]:
    """task id -> the account its non-labour money belongs to.

    A task's own account is the one its budget lines give the most money to (ties: the
    lowest code); a task without lines inherits its nearest summary's, so a budget set
    on a phase covers every task in it. ``order`` is the project's outline, if known.
    """
    per_task: dict[int, dict[int, Decimal]] = {}
    for line in lines:
        if line.task_id is not None:
            amounts = per_task.setdefault(line.task_id, {})
            amounts[line.account_id] = amounts.get(line.account_id, ZERO) + line.amount
    codes = {a.id: a.code for a in portfolio.accounts.values() if a.project_id == project_id}
    chosen = {
        task_id: min(amounts, key=lambda a, m=amounts: (-m[a], codes.get(a, ""), a))
        for task_id, amounts in per_task.items()
    }
    result: dict[int, int] = {}
    if not chosen:
        return result
    for task in portfolio.walk(project_id) if order is None else order:
        account = chosen.get(task.id)
        if account is None and task.parent_id is not None:
            account = result.get(task.parent_id)
        if account is not None:
            result[task.id] = account
    return result


def _entry_account(
    entry: LedgerEntry, labour: int | None, task_accounts: Mapping[int, int]
) -> int | None:
    if entry.account_id is not None:
        return entry.account_id
    if entry.kind is EntryKind.TIMESHEET:
        return labour
    return task_accounts.get(entry.task_id) if entry.task_id is not None else None


def _add_lines(cells: dict[Cell, _Acc], lines: Iterable[BudgetLine], tasks: Mapping) -> None:
    for line in lines:
        task_id = line.task_id if line.task_id in tasks else None
        _acc(cells, (task_id, line.account_id))[0] += line.amount


def _add_plan(
    cells: dict[Cell, _Acc],
    own: Mapping[int, CostParts],
    labour: int | None,
    accounts: Mapping[int, int],
) -> None:
    for task_id, parts in own.items():
        if parts.labour:
            _acc(cells, (task_id, labour))[1] += parts.labour
        if parts.other:
            _acc(cells, (task_id, accounts.get(task_id)))[1] += parts.other


def _add_ledger(
    cells: dict[Cell, _Acc],
    entries: list[LedgerEntry],
    labour: int | None,
    accounts: Mapping[int, int],
    tasks: Mapping,
) -> dict[int, OrderBalance]:
    balances = order_balances(entries)
    order_kind = EntryKind.PURCHASE_ORDER
    for entry in entries:
        task_id = entry.task_id if entry.task_id in tasks else None
        account_id = entry.account_id
        if account_id is None:
            account_id = _entry_account(entry, labour, accounts)
        acc = _acc(cells, (task_id, account_id))
        if entry.kind is order_kind:
            acc[2] += balances[entry.id].open
        else:
            acc[3] += entry.amount
    return balances


# --- control of one project -----------------------------------------------------------------


@without_gc
def project_control(
    portfolio: Portfolio,
    project_id: int,
    as_of: date | None = None,
    *,
    entries: list[LedgerEntry] | None = None,
    lines: list[BudgetLine] | None = None,
) -> Control:
    """Budget, planned, committed, actual, forecast and variance of a project.

    With ``as_of``, only budget lines and ledger entries dated on or before it count
    (the plan is always today's). ``entries`` and ``lines`` may be passed pre-grouped.
    """
    project = portfolio.projects[project_id]
    entries = project_entries(portfolio, project_id) if entries is None else entries
    lines = project_lines(portfolio, project_id) if lines is None else lines
    if as_of is not None:
        entries = [e for e in entries if e.entry_date <= as_of]
        lines = [b for b in lines if b.entry_date <= as_of]
    labour_account = find_account(portfolio, project_id, AccountRole.LABOUR)
    labour = labour_account.id if labour_account else None
    order = list(portfolio.walk(project_id))
    accounts = own_accounts(portfolio, project_id, lines, order)
    accumulators: dict[Cell, _Acc] = {}
    _add_lines(accumulators, lines, portfolio.tasks)
    _add_plan(accumulators, own_costs(portfolio, project_id), labour, accounts)
    balances = _add_ledger(accumulators, entries, labour, accounts, portfolio.tasks)
    closed = _close_cells(accumulators)
    per_task, per_account = _own_totals(closed, portfolio.accounts)
    grand: dict[None, list[Decimal]] = {None: [ZERO] * 5}
    for five in per_account.values():
        _add_into(grand, None, five)
    control = Control(
        project_id=project_id,
        currency=project.currency,
        digits=project.currency_digits,
        total=_make(grand[None]),
        cells=_LazyFigures(closed),
        by_account=_by_account(portfolio, per_account),
        by_task=_by_task(portfolio, project_id, per_task, order),
        orders=balances,
        approved_budget=project.approved_budget,
        contingency=project.contingency,
        as_of=as_of,
        line_count=len(lines),
        budgeted_tasks=frozenset(line.task_id for line in lines if line.task_id in portfolio.tasks),
    )
    return _with_warnings(portfolio, control)


class _LazyFigures(Mapping[Cell, Figures]):
    """Cells as Figures, made on demand: most callers only read the roll-ups."""

    def __init__(self, closed: dict[Cell, _Five]) -> None:
        self._closed = closed

    def __getitem__(self, key: Cell) -> Figures:
        return _make(self._closed[key])

    def __iter__(self) -> Iterator[Cell]:
        return iter(self._closed)

    def __len__(self) -> int:
        return len(self._closed)


def _close_cells(accumulators: Mapping[Cell, _Acc]) -> dict[Cell, _Five]:
    """Every cell closed: its forecast is the larger of plan and spent + committed."""
    closed: dict[Cell, _Five] = {}
    for key, (budget, planned, committed, actual) in accumulators.items():
        spent = actual + committed
        closed[key] = (budget, planned, committed, actual, planned if planned > spent else spent)
    return closed


def _own_totals(
    closed: Mapping[Cell, _Five], accounts: Mapping[int, CostAccount]
) -> tuple[dict[int | None, list[Decimal]], dict[int | None, list[Decimal]]]:
    """Cells added up per task and per account (before any roll-up), in one pass."""
    per_task: dict[int | None, list[Decimal]] = {}
    per_account: dict[int | None, list[Decimal]] = {}
    for (task_id, account_id), five in closed.items():
        _add_into(per_task, task_id, five)
        _add_into(per_account, account_id if account_id in accounts else None, five)
    return per_task, per_account


def _by_account(
    portfolio: Portfolio, own: Mapping[int | None, Sequence[Decimal]]
) -> dict[int | None, Figures]:
    """Figures per account, each account including its sub-accounts; None = no account."""
    accounts = dict(portfolio.accounts)
    totals: dict[int | None, list[Decimal]] = {}
    for account_id, five in own.items():
        for above in ancestors(accounts, account_id) if account_id is not None else [None]:
            _add_into(totals, above, five)
    return {key: _make(total) for key, total in totals.items()}


def _by_task(
    portfolio: Portfolio,
    project_id: int,
    own: dict[int | None, list[Decimal]],
    order: Sequence[Task],
) -> dict[int | None, Figures]:
    """Figures per task, summaries including their subtasks; None = money on no task.

    ``own`` (each task's own totals) is added into in place, children before parents.
    """
    zero = Figures()
    result: dict[int | None, Figures] = {}
    for task in reversed(order):
        for child in portfolio.children(project_id, task.id):
            below = own.get(child)
            if below is not None:
                _add_into(own, task.id, below)
        total = own.get(task.id)
        result[task.id] = _make(total) if total is not None else zero
    if None in own:
        result[None] = _make(own[None])
    return result


# --- warnings -------------------------------------------------------------------------------


def _with_warnings(portfolio: Portfolio, control: Control) -> Control:
    found = [
        *_project_warnings(portfolio, control),
        *_account_warnings(portfolio, control),
        *_task_warnings(portfolio, control),
        *_order_warnings(portfolio, control),
    ]
    return replace(control, warnings=tuple(found))


def _project_warnings(portfolio: Portfolio, control: Control) -> list[BudgetWarning]:
    name = portfolio.projects[control.project_id].name
    found = [w for w in (_forecast_warning(name, control),) if w is not None]
    over_approved = control.total.budget > control.approved_budget
    if control.approved_budget > ZERO and control.has_lines and over_approved:
        show = _shower(control)
        found.append(
            BudgetWarning(
                WarningCode.BUDGET_OVER_APPROVED,
                Severity.WARNING,
                f"{name}: the budget lines total {show(control.total.budget)}, more than "
                f"the approved budget {show(control.approved_budget)}",
                control.project_id,
            )
        )
    return found


def _forecast_warning(name: str, control: Control) -> BudgetWarning | None:
    """Forecast over budget: a warning while the contingency covers it, else an error."""
    budget, forecast, reserve = control.budget, control.total.forecast, control.contingency
    if forecast <= budget or not (control.has_lines or control.approved_budget):
        return None  # within budget, or no budget set yet to be over
    show = _shower(control)
    if reserve > ZERO and forecast <= budget + reserve:
        return BudgetWarning(
            WarningCode.FORECAST_OVER_BUDGET,
            Severity.WARNING,
            f"{name}: the forecast {show(forecast)} exceeds the budget {show(budget)} by "
            f"{show(forecast - budget)}; the contingency reserve {show(reserve)} covers it",
            control.project_id,
        )
    if reserve > ZERO:
        return BudgetWarning(
            WarningCode.FORECAST_OVER_RESERVE,
            Severity.ERROR,
            f"{name}: the forecast {show(forecast)} exceeds the budget and its contingency "
            f"reserve {show(budget + reserve)} by {show(forecast - budget - reserve)}",
            control.project_id,
        )
    return BudgetWarning(
        WarningCode.FORECAST_OVER_BUDGET,
        Severity.ERROR,
        f"{name}: the forecast {show(forecast)} exceeds the budget {show(budget)} by "
        f"{show(forecast - budget)}",
        control.project_id,
    )


def _account_warnings(portfolio: Portfolio, control: Control) -> list[BudgetWarning]:
    show = _shower(control)
    found: list[BudgetWarning] = []
    if not control.has_lines:
        return found  # no account has a budget yet: every spend would be "overspent"
    for account_id, figures in control.by_account.items():
        if account_id is None:
            if figures.spent_and_committed > ZERO:
                found.append(
                    BudgetWarning(
                        WarningCode.UNALLOCATED_SPEND,
                        Severity.INFO,
                        f"{show(figures.spent_and_committed)} is spent or ordered on no "
                        "account; give those entries an account",
                        control.project_id,
                    )
                )
            continue
        warning = _account_warning(control, account_id, figures, show)
        if warning is not None:
            found.append(warning)
    label = {a.id: f"{a.code} {a.name}" for a in portfolio.accounts.values()}
    order = sorted(found, key=lambda w: label.get(w.account_id or 0, ""))
    return order


def _account_warning(
    control: Control, account_id: int, figures: Figures, show: _Show
) -> BudgetWarning | None:
    """The loudest warning one account deserves, if any."""
    budget = figures.budget
    if figures.actual > budget:
        code, severity = WarningCode.ACCOUNT_OVERSPENT, Severity.ERROR
        text = f"actual {show(figures.actual)} overspends its budget {show(budget)}"
    elif figures.spent_and_committed > budget:
        code, severity = WarningCode.ACCOUNT_OVERCOMMITTED, Severity.WARNING
        text = (
            f"actual and committed {show(figures.spent_and_committed)} exceed its "
            f"budget {show(budget)}"
        )
    elif figures.forecast > budget:
        code, severity = WarningCode.ACCOUNT_FORECAST_OVER, Severity.WARNING
        text = f"forecast {show(figures.forecast)} exceeds its budget {show(budget)}"
    else:
        return None
    return BudgetWarning(code, severity, text, control.project_id, account_id=account_id)


def _task_warnings(portfolio: Portfolio, control: Control) -> list[BudgetWarning]:
    """Tasks and phases with budget lines whose forecast (subtasks included) exceeds them."""
    show = _shower(control)
    found = []
    for task_id in sorted(control.budgeted_tasks, key=portfolio.row_number):
        figures = control.by_task.get(task_id)
        if figures is None or figures.forecast <= figures.budget:
            continue
        name = portfolio.tasks[task_id].name
        found.append(
            BudgetWarning(
                WarningCode.TASK_FORECAST_OVER,
                Severity.WARNING,
                f"{name}: forecast {show(figures.forecast)} exceeds its budget "
                f"{show(figures.budget)} by {show(figures.forecast - figures.budget)}",
                control.project_id,
                task_id=task_id,
            )
        )
    return found


def _order_warnings(portfolio: Portfolio, control: Control) -> list[BudgetWarning]:
    show = _shower(control)
    found = []
    for balance in control.orders.values():
        if balance.over_invoiced > ZERO:
            order = portfolio.ledger[balance.order_id]
            ref = order.reference or f"#{order.id}"
            found.append(
                BudgetWarning(
                    WarningCode.ORDER_OVER_INVOICED,
                    Severity.WARNING,
                    f"invoices on order {ref} total {show(balance.invoiced)}, "
                    f"{show(balance.over_invoiced)} more than ordered",
                    control.project_id,
                    account_id=order.account_id,
                    entry_id=order.id,
                )
            )
    return found


class _Show:
    """Formats an amount in the project's currency for messages."""

    def __init__(self, currency: str, digits: int) -> None:
        self.currency, self.digits = currency, digits

    def __call__(self, amount: Decimal) -> str:
        return f"{format_money(amount, self.digits)} {self.currency}"


def _shower(control: Control) -> _Show:
    return _Show(control.currency, control.digits)


def account_label(portfolio: Portfolio, account_id: int | None) -> str:
    """``6100 Labour`` for messages and tables; money on no account is "(no account)"."""
    if account_id is None or account_id not in portfolio.accounts:
        return "(no account)"
    account = portfolio.accounts[account_id]
    return f"{account.code} {account.name}"


# --- summaries ------------------------------------------------------------------------------


def budget_summary(portfolio: Portfolio, project_id: int) -> BudgetSummary:
    """The five figures of ``show --json``'s ``budget`` object.

    The budget is the budget lines' total, or the approved budget while there are no
    lines; the variance is budget - forecast (negative = over budget).
    """
    return summary_of(project_control(portfolio, project_id))


def summary_of(control: Control) -> BudgetSummary:
    """The headline figures of a Control."""
    total = control.total
    budget = control.budget
    return BudgetSummary(
        budget, total.committed, total.actual, total.forecast, budget - total.forecast
    )


@dataclass(frozen=True)
class PortfolioControl:
    """Every project's Control, with totals per currency (currencies never mix)."""

    projects: Mapping[int, Control]
    totals: Mapping[str, BudgetSummary]

    @property
    def warnings(self) -> tuple[BudgetWarning, ...]:
        """Every project's warnings, project by project."""
        return tuple(w for c in self.projects.values() for w in c.warnings)


@without_gc
def portfolio_control(
    portfolio: Portfolio, project_ids: Iterable[int] | None = None, as_of: date | None = None
) -> PortfolioControl:
    """Cost control of several projects (default: all), rolled up per currency."""
    ids = list(portfolio.projects) if project_ids is None else list(project_ids)
    entries, lines = entries_by_project(portfolio), lines_by_project(portfolio)
    controls = {
        p: project_control(portfolio, p, as_of, entries=entries[p], lines=lines[p]) for p in ids
    }
    totals: dict[str, BudgetSummary] = {}
    for control in controls.values():
        mine = summary_of(control)
        before = totals.get(control.currency)
        totals[control.currency] = mine if before is None else _add_summaries(before, mine)
    return PortfolioControl(controls, totals)


def _add_summaries(a: BudgetSummary, b: BudgetSummary) -> BudgetSummary:
    return BudgetSummary(
        a.budget + b.budget,
        a.committed + b.committed,
        a.actual + b.actual,
        a.forecast + b.forecast,
        a.variance + b.variance,
    )
