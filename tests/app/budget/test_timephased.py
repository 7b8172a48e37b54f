"""Money by month: spreading over working time, actuals, cash out by due date, S-curve."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from app.budget.earned_value import earned_value
from app.budget.spread import month_of, months_from_to, spread_by_month
from app.budget.timephased import (
    MonthRow,
    actual_by_month,
    baseline_by_month,
    budget_by_month,
    cash_out_by_month,
    due_date,
    grid,
    monthly,
    planned_by_month,
    s_curve,
)
from app.commands import AddProject, AddTask, EditResource, EditTask
from app.commands import SetTaskResources as Assign
from app.commands.base import updated
from app.commands.budget import AddBudgetLine, AddLedgerEntry
from app.model import CalendarException, EntryKind, Portfolio
from app.model.money import round_money
from app.schedule import schedule
from app.schedule.working_time import standard_time
from tests.app.budget.plans import HARDWARE, STATUS, baselined, ev_plan, invoice, with_accounts
from tests.builders import apply

D = Decimal
ROLLOUT = datetime(2026, 1, 26, 8, 0)  # a Monday
GOOD_FRIDAY = date(2026, 1, 30)  # a holiday in this test's calendar


def holiday_plan() -> Portfolio:
    """One 5-day task from Monday 26 January over a week whose Friday is a holiday.

    Fixed cost 5000 and Alice (40 h at 50/h = 2000, plus 100 per use).
    """
    plan = apply(Portfolio(), AddProject("Rollout", ROLLOUT), AddTask(1, "Install"))
    calendar = plan.calendars[1]
    holiday = CalendarException(GOOD_FRIDAY, GOOD_FRIDAY, name="Holiday")
    plan = updated(plan, calendars={1: replace(calendar, exceptions=(holiday,))})
    return apply(
        with_accounts(plan),
        EditTask((1,), {"duration_minutes": 5 * 480, "fixed_cost": D(5000)}),
        Assign(1, "Alice"),
        EditResource(1, {"standard_rate": D(50), "cost_per_use": D(100)}),
    )


def test_a_holiday_pushes_a_days_cost_into_the_next_month() -> None:
    plan = holiday_plan()
    result = schedule(plan)
    assert result.tasks[1].finish == datetime(2026, 2, 2, 17, 0)  # over the holiday
    # 7000 spread over 5 working days: Mon-Thu in January, Monday 2 February.
    # The 100 per use falls when work starts.
    assert planned_by_month(plan, result, 1) == {"2026-01": D(5700), "2026-02": D(1400)}


def test_a_spread_always_adds_up_to_the_amount() -> None:
    # 100 over 3 working days across two month ends: thirds that do not divide evenly.
    start, finish = datetime(2026, 1, 30, 8), datetime(2026, 3, 2, 17)
    parts = spread_by_month(D(100), start, finish, standard_time())
    assert sum(parts.values()) == D(100)
    assert set(parts) == {"2026-01", "2026-02", "2026-03"}
    assert round_money(parts["2026-01"]) == round_money(parts["2026-03"]) == D("4.55")


def test_a_milestone_spends_everything_in_its_month() -> None:
    moment = datetime(2026, 4, 30, 17)
    assert spread_by_month(D(9), moment, moment, standard_time()) == {"2026-04": D(9)}


def test_baseline_by_month_is_pv_over_the_baseline_dates() -> None:
    plan = baselined(holiday_plan())
    # Baselines carry only a total, so cost per use is spread with the rest.
    assert baseline_by_month(plan, 1, 0) == {"2026-01": D(5680), "2026-02": D(1420)}


def test_actuals_by_entry_month_and_cash_out_by_due_date() -> None:
    plan = apply(
        with_accounts(apply(Portfolio(), AddProject("P", ROLLOUT), AddTask(1, "T"))),
        invoice("1000", date(2026, 1, 20), tax=D("190")),  # Acme: 30 days -> 19 Feb
        invoice("500", date(2026, 1, 21), due_date=date(2026, 3, 5)),
        AddLedgerEntry(1, EntryKind.EXPENSE, date(2026, 1, 31), D("80.40"), {"tax": D("4")}),
        AddLedgerEntry(1, EntryKind.TIMESHEET, date(2026, 1, 31), D(800)),
        AddLedgerEntry(1, EntryKind.PURCHASE_ORDER, date(2026, 1, 2), D(9000), {"supplier_id": 1}),
    )
    entries = list(plan.ledger.values())
    assert due_date(plan, plan.ledger[1]) == date(2026, 2, 19)
    assert actual_by_month(entries) == {"2026-01": D("2380.40")}
    assert actual_by_month(entries, until=date(2026, 1, 20)) == {"2026-01": D(1000)}
    assert cash_out_by_month(plan, entries) == {
        "2026-01": D("84.40"),  # the expense, paid at once, gross
        "2026-02": D(1190),
        "2026-03": D(500),
    }


def test_monthly_rows_side_by_side_with_gaps_filled() -> None:
    plan = apply(
        holiday_plan(),
        AddBudgetLine(1, HARDWARE, D(6000), date(2026, 1, 2), period="2026-01"),
        AddBudgetLine(1, HARDWARE, D(1500), date(2026, 1, 2), period="2026-02"),
        invoice("300", date(2026, 2, 10), due_date=date(2026, 4, 1)),
    )
    rows = monthly(plan, schedule(plan), 1)
    assert [r.month for r in rows] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert rows[0] == MonthRow("2026-01", D(6000), D(5700), D(0), D(0), D(0))
    assert rows[1] == MonthRow("2026-02", D(1500), D(1400), D(0), D(300), D(0))
    assert rows[2].cash_out == 0 and rows[3].cash_out == D(300)
    assert budget_by_month(plan, 1) == {"2026-01": D(6000), "2026-02": D(1500)}


def test_months_and_grids() -> None:
    assert months_from_to("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert month_of(date(2026, 12, 31)) == "2026-12"
    weekly = grid(date(2026, 1, 7), date(2026, 1, 14))
    assert weekly == [datetime(2026, 1, 5), datetime(2026, 1, 12), datetime(2026, 1, 19)]
    monthly_grid = grid(date(2026, 1, 7), date(2026, 12, 14))
    assert monthly_grid[0] == datetime(2026, 1, 1) and monthly_grid[-1] == datetime(2027, 1, 1)


def test_the_s_curve_data() -> None:
    plan = ev_plan()
    curve = s_curve(plan, schedule(plan), 1)
    assert curve.status_date == STATUS
    # Weekly grid: Mon 5 (nothing yet), the status date (Fri 9 17:00: the same PV as the
    # EV figures), Mon 12 00:00 (Design + 3 days of Build), Mon 19.
    assert curve.dates == (
        datetime(2026, 1, 5),
        STATUS,
        datetime(2026, 1, 12),
        datetime(2026, 1, 19),
    )
    assert curve.pv == (D(0), earned_value(plan, schedule(plan), 1).pv, D(4000), D(6000))
    assert curve.pv[1] == D(4000)  # the whole first week's plan was due by Friday night
    assert curve.ac_dates == (datetime(2026, 1, 5), STATUS)
    assert curve.ac == (D(0), D(3500))
    assert (curve.ev, curve.bac) == (D(3000), D(6000))
