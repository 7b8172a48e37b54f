"""Earned value on a three-task plan worked by hand.

Baseline: Design Mon 5 - Tue 6 (1000), Build Wed 7 - Mon 12 (4000), Test Tue 13 - Wed 14
(1000); BAC = 6000. Status Friday 9 at 17:00: Design done, Build 3 of its 4 days, so
PV = 1000 + 3000 = 4000. Design 100 %, Build 50 %: EV = 1000 + 2000 = 3000. Actual cost
up to the status date 1200 + 2300 = 3500 (the 500 of Monday 12 is after it).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from app.budget.earned_value import (
    EacMethod,
    StatusSource,
    available_baselines,
    default_baseline,
    earned_value,
    format_ratio,
    task_values,
)
from app.commands import EditTask, IndentTasks, LinkTasks
from app.commands.base import updated
from app.schedule import schedule
from tests.app.budget.plans import STATUS, baselined, ev_plan, three_tasks
from tests.builders import apply, small_portfolio

D = Decimal


def test_the_hand_worked_figures() -> None:
    portfolio = ev_plan()
    value = earned_value(portfolio, schedule(portfolio), 1)
    assert value.status_date == STATUS and value.status_source is StatusSource.PROJECT
    assert (value.bac, value.pv, value.ev, value.ac) == (D(6000), D(4000), D(3000), D(3500))
    assert value.cv == D(-500)  # EV - AC
    assert value.sv == D(-1000)  # EV - PV
    assert format_ratio(value.cpi) == "0.8571"  # 3000 / 3500
    assert value.spi == D("0.75")  # 3000 / 4000
    assert value.eac_method is EacMethod.CPI and value.eac_method.value == "BAC / CPI"
    assert value.eac == D(7000)  # 6000 / (6/7), exact
    assert value.etc == D(3500)  # EAC - AC
    assert value.vac == D(-1000)  # BAC - EAC
    assert value.tcpi == D("1.2")  # (6000 - 3000) / (6000 - 3500)


def test_per_task_values_roll_up() -> None:
    portfolio = ev_plan()
    values = task_values(portfolio, schedule(portfolio), 1, 0, STATUS)
    assert values[1].pv == D(1000) and values[1].ev == D(1000) and values[1].ac == D(1200)
    assert values[2].pv == D(3000) and values[2].ev == D(2000) and values[2].ac == D(2300)
    assert values[3].pv == D(0) and values[3].ev == D(0) and values[3].bac == D(1000)


def test_a_summary_adds_its_subtasks_and_its_own_fixed_cost() -> None:
    plan = apply(
        small_portfolio(("Phase", "Design", "Build", "Test")),
        IndentTasks((2, 3)),
        EditTask((1,), {"fixed_cost": D(600)}),
        EditTask((2,), {"duration_minutes": 2 * 480, "fixed_cost": D(1000)}),
        EditTask((3,), {"duration_minutes": 4 * 480, "fixed_cost": D(4000)}),
        LinkTasks(2, 3),
        LinkTasks(3, 4),
    )
    plan = apply(baselined(plan), EditTask((2,), {"percent_complete": 100}))
    assert plan.baselines[(1, 0)].cost == D(5600)  # 600 own + 1000 + 4000
    result = schedule(plan)
    values = task_values(plan, result, 1, 0, STATUS)
    assert values[1].bac == D(5600)
    # Phase spans Mon 5 - Mon 12 (6 working days), 5 of them by Friday evening.
    assert values[1].pv == D(1000) + D(3000) + D(600) * 5 / 6
    assert 0 < result.tasks[1].percent_complete < 100
    share = D(result.tasks[1].percent_complete) / 100
    assert values[1].ev == D(1000) + D(600) * share


def test_eac_methods_are_named_and_fall_back_when_undefined() -> None:
    portfolio = ev_plan()
    result = schedule(portfolio)
    both = earned_value(portfolio, result, 1, method=EacMethod.CPI_SPI)
    # AC + (BAC - EV) / (CPI x SPI) = 3500 + 3000 / (6/7 x 3/4) = 3500 + 4666.67
    assert both.eac_method is EacMethod.CPI_SPI
    assert format_ratio(both.eac, 2) == "8166.67"
    at_plan = earned_value(portfolio, result, 1, method=EacMethod.AT_PLAN)
    assert at_plan.eac == D(6500)  # 3500 + 6000 - 3000
    before = earned_value(portfolio, result, 1, status=date(2026, 1, 5))
    assert before.ac == 0 and before.cpi is None
    assert before.eac_method is EacMethod.AT_PLAN and before.eac == before.bac - before.ev


def test_a_status_date_given_as_a_date_means_the_end_of_that_day() -> None:
    portfolio = ev_plan()
    value = earned_value(portfolio, schedule(portfolio), 1, status=date(2026, 1, 9))
    assert value.status_source is StatusSource.GIVEN
    assert value.status_date == datetime(2026, 1, 10)
    assert value.pv == D(4000) and value.ac == D(3500)
    monday = earned_value(portfolio, schedule(portfolio), 1, status=date(2026, 1, 12))
    assert monday.pv == D(5000) and monday.ac == D(4000)


def test_without_a_status_date_today_is_used() -> None:
    portfolio = ev_plan()
    portfolio = updated(portfolio, projects={1: replace(portfolio.projects[1], status_date=None)})
    value = earned_value(portfolio, schedule(portfolio), 1)
    assert value.status_source is StatusSource.TODAY
    assert value.status_date == datetime.combine(date.today() + timedelta(days=1), time())


def test_another_baseline_is_chosen_by_number() -> None:
    portfolio = ev_plan()
    # Baseline 3 saved after Build grew to 6 days at 6000: BAC 8000.
    grown = apply(portfolio, EditTask((2,), {"duration_minutes": 6 * 480, "fixed_cost": D(6000)}))
    grown = baselined(grown, 3)
    assert available_baselines(grown, 1) == [0, 3]
    assert default_baseline(grown, 1) == 0
    result = schedule(grown)
    assert earned_value(grown, result, 1, baseline=0).bac == D(6000)
    three = earned_value(grown, result, 1, baseline=3)
    assert three.bac == D(8000) and three.baseline == 3
    assert three.ev == D(1000) + D(3000)  # Build is 50 % of 6000 now


def test_no_baseline_means_nothing_to_earn() -> None:
    plan = three_tasks()
    assert default_baseline(plan, 1) is None
    value = earned_value(plan, schedule(plan), 1, status=date(2026, 1, 9))
    assert value.bac == 0 and value.pv == 0 and value.ev == 0 and value.spi is None


@pytest.mark.parametrize(("value", "text"), [(D("0.85715"), "0.8572"), (None, None)])
def test_ratios_round_half_up(value: Decimal | None, text: str | None) -> None:
    assert format_ratio(value) == text
