"""Cost control worked by hand: commitments, forecasts, roll-ups and warnings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from app.budget.ledger import (
    Severity,
    WarningCode,
    budget_summary,
    open_commitment,
    order_balances,
    portfolio_control,
    project_control,
)
from app.commands import AddProject, AddTask, EditResource, EditTask, IndentTasks
from app.commands import SetTaskResources as Assign
from app.commands.base import updated
from app.commands.budget import (
    AddBudgetLine,
    AddLedgerEntry,
    AddStandardAccounts,
    ReviseBudget,
    SetApprovedBudget,
)
from app.model import EntryKind, Portfolio
from tests.app.budget.plans import (
    HARDWARE,
    LABOUR,
    SOFTWARE,
    TRAVEL,
    invoice,
    order,
    with_accounts,
)
from tests.builders import START, apply, small_portfolio

D = Decimal
JAN = date(2026, 1, 5)


def codes(control: object) -> set[WarningCode]:
    return {w.code for w in control.warnings}  # type: ignore[attr-defined]


# --- commitments ------------------------------------------------------------------------------


def test_an_order_is_committed_until_invoices_settle_it() -> None:
    plan = apply(with_accounts(small_portfolio()), order("1000", JAN, account_id=HARDWARE))
    control = project_control(plan, 1)
    assert (control.total.committed, control.total.actual) == (D(1000), D(0))

    partial = apply(plan, invoice("400", JAN, settles_id=1, account_id=HARDWARE))
    assert open_commitment(partial, 1) == D(600)
    control = project_control(partial, 1)
    assert (control.total.committed, control.total.actual) == (D(600), D(400))
    assert control.total.forecast == D(1000)  # 600 still to come + 400 spent

    full = apply(partial, invoice("600", JAN, settles_id=1, account_id=HARDWARE))
    control = project_control(full, 1)
    assert (control.total.committed, control.total.actual) == (D(0), D(1000))
    assert WarningCode.ORDER_OVER_INVOICED not in codes(control)

    over = apply(full, invoice("150.50", JAN, settles_id=1, account_id=HARDWARE, reference="I-9"))
    control = project_control(over, 1)
    assert (control.total.committed, control.total.actual) == (D(0), D("1150.50"))
    balance = control.orders[1]
    assert balance.invoiced == D("1150.50") and balance.over_invoiced == D("150.50")
    (warning,) = [w for w in control.warnings if w.code is WarningCode.ORDER_OVER_INVOICED]
    assert warning.entry_id == 1 and "150.50 EUR more than ordered" in warning.message


def test_invoices_without_an_order_and_expenses_are_actuals() -> None:
    plan = apply(
        with_accounts(small_portfolio()),
        invoice("200", JAN),
        AddLedgerEntry(1, EntryKind.EXPENSE, JAN, D("35.20")),
        AddLedgerEntry(1, EntryKind.TIMESHEET, JAN, D("480")),
        order("99", JAN),
    )
    summary = budget_summary(plan, 1)
    assert summary.actual == D("715.20") and summary.committed == D(99)
    assert order_balances(plan.ledger.values())[4].open == D(99)


def test_tax_is_not_cost() -> None:
    plan = apply(with_accounts(small_portfolio()), invoice("100", JAN, tax=D("19")))
    assert budget_summary(plan, 1).actual == D(100)


# --- where money lands and the forecast ------------------------------------------------------


def hardware_plan() -> Portfolio:
    """Build (task 2) has a fixed cost of 4000 and a 5000 Hardware budget; Design (task 1)
    has Alice 8 h at 50/h = 400 of labour, budgeted 900 on Labour."""
    plan = apply(
        with_accounts(small_portfolio()),
        EditTask((2,), {"fixed_cost": D(4000)}),
        Assign(1, "Alice"),
        EditResource(1, {"standard_rate": D(50)}),
        AddBudgetLine(1, HARDWARE, D(5000), date(2026, 1, 2), task_id=2),
        AddBudgetLine(1, LABOUR, D(900), date(2026, 1, 2), task_id=1),
    )
    return plan


def test_the_plan_stands_until_money_exceeds_it() -> None:
    plan = hardware_plan()
    control = project_control(plan, 1)
    assert control.cells[(2, HARDWARE)].planned == D(4000)
    assert control.cells[(1, LABOUR)].planned == D(400)
    assert control.total.forecast == D(4400) and control.total.budget == D(5900)

    # An order below the plan changes nothing; an invoice on the task without an account
    # lands on the task's own account (Hardware), so it nets against the same plan.
    plan = apply(plan, order("3000", JAN, 2, account_id=HARDWARE), invoice("1500", JAN, 2))
    control = project_control(plan, 1)
    build = control.by_task[2]
    assert (build.committed, build.actual, build.forecast) == (D(3000), D(1500), D(4500))
    assert control.by_account[HARDWARE].forecast == D(4500)
    assert control.by_account[HARDWARE].variance == D(500)


def test_timesheets_without_an_account_go_to_labour() -> None:
    plan = apply(
        hardware_plan(), AddLedgerEntry(1, EntryKind.TIMESHEET, JAN, D(1000), {"task_id": 1})
    )
    control = project_control(plan, 1)
    labour = control.by_account[LABOUR]
    assert (labour.planned, labour.actual, labour.forecast) == (D(400), D(1000), D(1000))
    (warning,) = [w for w in control.warnings if w.account_id == LABOUR]
    assert warning.code is WarningCode.ACCOUNT_OVERSPENT and warning.severity is Severity.ERROR
    assert warning.message == "actual 1000.00 EUR overspends its budget 900.00 EUR"


def test_overcommitted_and_forecast_over_accounts_are_warned() -> None:
    plan = apply(hardware_plan(), order("5100", JAN, 2, account_id=HARDWARE))
    control = project_control(plan, 1)
    hardware = [w for w in control.warnings if w.account_id == HARDWARE]
    assert [w.code for w in hardware] == [WarningCode.ACCOUNT_OVERCOMMITTED]

    # Software has 0 budget and a plan of 300 on a task whose lines point to it.
    plan = apply(
        hardware_plan(),
        EditTask((3,), {"fixed_cost": D(300)}),
        AddBudgetLine(1, SOFTWARE, D(200), date(2026, 1, 2), task_id=3),
    )
    control = project_control(plan, 1)
    software = [w for w in control.warnings if w.account_id == SOFTWARE]
    assert [w.code for w in software] == [WarningCode.ACCOUNT_FORECAST_OVER]
    assert control.by_account[SOFTWARE].variance == D(-100)


def test_a_forecast_over_budget_is_warned_and_the_contingency_softens_it() -> None:
    plan = apply(hardware_plan(), invoice("5600", JAN, 2, account_id=HARDWARE))
    assert project_control(plan, 1).total.forecast == D(6000)  # 5600 + 400 labour
    covered = apply(plan, SetApprovedBudget(1, D(6000), contingency=D(500)))
    control = project_control(covered, 1)
    (warning,) = [w for w in control.warnings if w.code is WarningCode.FORECAST_OVER_BUDGET]
    assert warning.severity is Severity.WARNING
    assert "exceeds the budget 5900.00 EUR by 100.00 EUR" in warning.message

    short = apply(plan, SetApprovedBudget(1, D(6000), contingency=D(50)))
    control = project_control(short, 1)
    (warning,) = [w for w in control.warnings if w.code is WarningCode.FORECAST_OVER_RESERVE]
    assert warning.severity is Severity.ERROR
    assert "reserve 5950.00 EUR by 50.00 EUR" in warning.message


def test_a_task_whose_forecast_exceeds_its_lines_is_warned() -> None:
    plan = apply(hardware_plan(), invoice("5600", JAN, 2, account_id=HARDWARE))
    (warning,) = [w for w in project_control(plan, 1).warnings if w.task_id is not None]
    assert warning.code is WarningCode.TASK_FORECAST_OVER and warning.task_id == 2
    assert (
        warning.message
        == "Build: forecast 5600.00 EUR exceeds its budget 5000.00 EUR by 600.00 EUR"
    )
    assert not [w for w in project_control(hardware_plan(), 1).warnings if w.task_id]


def test_budget_lines_over_the_approved_budget_are_warned() -> None:
    plan = apply(hardware_plan(), SetApprovedBudget(1, D(5000)))
    assert WarningCode.BUDGET_OVER_APPROVED in codes(project_control(plan, 1))
    plan = apply(hardware_plan(), SetApprovedBudget(1, D(6000)))
    assert WarningCode.BUDGET_OVER_APPROVED not in codes(project_control(plan, 1))


def test_without_budget_lines_the_approved_budget_is_the_budget() -> None:
    plan = apply(
        with_accounts(small_portfolio()),
        EditTask((1,), {"fixed_cost": D(700)}),
        SetApprovedBudget(1, D(500)),
    )
    summary = budget_summary(plan, 1)
    assert (summary.budget, summary.forecast, summary.variance) == (D(500), D(700), D(-200))
    control = project_control(plan, 1)
    assert codes(control) == {WarningCode.FORECAST_OVER_BUDGET}  # no per-account noise


def test_a_plan_without_any_budget_raises_no_warning() -> None:
    plan = apply(small_portfolio(), EditTask((1,), {"fixed_cost": D(700)}))
    assert project_control(plan, 1).warnings == ()


def test_money_on_no_account_is_reported() -> None:
    plan = apply(hardware_plan(), AddLedgerEntry(1, EntryKind.EXPENSE, JAN, D(80)))
    control = project_control(plan, 1)
    assert control.by_account[None].actual == D(80)
    assert WarningCode.UNALLOCATED_SPEND in codes(control)


# --- roll-ups, revisions, the portfolio ------------------------------------------------------


def test_a_phase_budget_covers_its_tasks_and_summaries_roll_up() -> None:
    plan = apply(
        with_accounts(small_portfolio(("Phase", "Flights", "Hotel"))),
        IndentTasks((2, 3)),
        EditTask((2,), {"fixed_cost": D("420.10")}),
        EditTask((3,), {"fixed_cost": D("300")}),
        AddBudgetLine(1, TRAVEL, D(1000), date(2026, 1, 2), task_id=1),
        invoice("450", JAN, 2),
    )
    control = project_control(plan, 1)
    assert control.cells[(2, TRAVEL)].forecast == D(450)
    assert control.cells[(3, TRAVEL)].planned == D(300)
    phase = control.by_task[1]
    assert (phase.budget, phase.planned, phase.actual) == (D(1000), D("720.10"), D(450))
    assert phase.forecast == D(750) and phase.variance == D(250)
    assert control.by_account[TRAVEL] == phase
    assert control.total == phase


def test_sub_accounts_roll_up_into_their_parent() -> None:
    from app.commands.budget import AddAccount

    plan = apply(
        with_accounts(small_portfolio()),
        AddAccount(1, "6210", "Servers", parent_id=HARDWARE),
        AddBudgetLine(1, 8, D(700), date(2026, 1, 2)),
        AddBudgetLine(1, HARDWARE, D(300), date(2026, 1, 2)),
        invoice("250", JAN, account_id=8),
    )
    control = project_control(plan, 1)
    assert control.by_account[8].actual == D(250) and control.by_account[8].budget == D(700)
    assert control.by_account[HARDWARE].budget == D(1000)
    assert control.by_account[HARDWARE].actual == D(250)


def test_budget_revisions_are_dated_lines_and_as_of_reads_the_past() -> None:
    plan = apply(
        with_accounts(small_portfolio()),
        AddBudgetLine(1, HARDWARE, D(5000), date(2026, 1, 2), note="initial"),
        ReviseBudget(1, HARDWARE, D(4000), date(2026, 3, 1), note="scope cut"),
        ReviseBudget(1, HARDWARE, D(4000), date(2026, 3, 2)),  # no change: no line
    )
    lines = sorted(plan.budget_lines.values(), key=lambda b: b.entry_date)
    assert [(b.amount, b.note) for b in lines] == [(D(5000), "initial"), (D(-1000), "scope cut")]
    assert project_control(plan, 1).by_account[HARDWARE].budget == D(4000)
    assert project_control(plan, 1, as_of=date(2026, 2, 1)).by_account[HARDWARE].budget == D(5000)


def test_the_portfolio_rolls_up_per_currency() -> None:
    plan = apply(
        with_accounts(small_portfolio()),
        AddProject("US rollout", START, currency="USD"),
        AddTask(2, "Ship"),
        AddStandardAccounts(2),
        invoice("100", JAN),
        AddLedgerEntry(2, EntryKind.EXPENSE, JAN, D(40)),
        AddLedgerEntry(2, EntryKind.EXPENSE, JAN, D(2)),
    )
    plan = apply(
        plan, AddProject("Second EUR", START), AddLedgerEntry(3, EntryKind.EXPENSE, JAN, D(1))
    )
    rollup = portfolio_control(plan)
    assert set(rollup.projects) == {1, 2, 3}
    assert rollup.totals["EUR"].actual == D(101)
    assert rollup.totals["USD"].actual == D(42)


def test_an_as_of_date_drops_later_entries() -> None:
    plan = apply(
        with_accounts(small_portfolio()), invoice("10", JAN), invoice("20", date(2026, 2, 1))
    )
    assert project_control(plan, 1, as_of=date(2026, 1, 31)).total.actual == D(10)


def test_money_stays_exact_inside() -> None:
    plan = apply(with_accounts(small_portfolio()), *(invoice("0.333", JAN) for _ in range(3)))
    summary = budget_summary(plan, 1)
    assert summary.actual == D("0.999")  # rounding happens only when shown


def test_detached_entries_of_a_deleted_task_still_count() -> None:
    plan = apply(with_accounts(small_portfolio()), invoice("75", JAN, 3))
    tasks = {k: v for k, v in plan.tasks.items() if k != 3}
    ledger = {k: replace(v, task_id=None) for k, v in plan.ledger.items()}
    plan = updated(plan, tasks=tasks, ledger=ledger)
    control = project_control(plan, 1)
    assert control.by_task[None].actual == D(75) and control.total.actual == D(75)
