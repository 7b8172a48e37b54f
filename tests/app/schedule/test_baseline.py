"""Saving baselines 0-10 from a schedule and measuring variances against them."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from app.schedule import ScheduleError, schedule
from app.schedule.baseline import save_baseline, task_cost, variances
from tests.app.schedule.builder import DAY, Builder, at


def _plan() -> tuple[Builder, int, int, int]:
    b = Builder()
    s = b.summary("Phase")
    a = b.task("Dig", 2, parent_id=s, fixed_cost=Decimal("100.00"))
    c = b.task("Pour", 1, parent_id=s)
    b.link(a, c)
    r = b.resource("Crew", standard_rate=Decimal("45.50"), cost_per_use=Decimal("10"))
    b.assign(a, r, 2 * DAY)
    return b, s, a, c


def test_save_baseline_records_dates_duration_work_and_cost() -> None:
    b, s, a, c = _plan()
    portfolio = b.build()
    saved = save_baseline(portfolio, schedule(portfolio), project_id=1, number=3)
    assert set(saved) == {(s, 3), (a, 3), (c, 3)}
    dig = saved[(a, 3)]
    assert (dig.start, dig.finish) == (at(1), at(2, 17))
    assert dig.duration_minutes == 2 * DAY
    assert dig.work_minutes == 2 * DAY
    assert dig.cost == Decimal("100.00") + Decimal("45.50") * 16 + Decimal("10")
    assert saved[(s, 3)].cost == dig.cost
    assert saved[(s, 3)].finish == at(3, 17)


def test_variances_count_working_time_and_exact_money() -> None:
    b, s, a, c = _plan()
    portfolio = b.build()
    baselines = save_baseline(portfolio, schedule(portfolio), 1, 0)
    # Lengthening a resource-driven task means more work, as MS Project recomputes it.
    slipped = dataclasses.replace(portfolio.tasks[a], duration_minutes=5 * DAY)
    more_work = dataclasses.replace(portfolio.assignments[1], work_minutes=5 * DAY)
    later = dataclasses.replace(
        portfolio,
        tasks={**portfolio.tasks, a: slipped},
        assignments={1: more_work},
        baselines={**portfolio.baselines, **baselines},
    )
    found = variances(later, schedule(later), 1, 0)
    assert found[c].start_minutes == 3 * DAY  # Wed -> Mon over a weekend: 3 working days
    assert found[c].finish_minutes == 3 * DAY
    assert found[a].start_minutes == 0
    assert found[a].duration_minutes == 3 * DAY
    assert found[s].duration_minutes == 3 * DAY
    assert found[a].work_minutes == 3 * DAY
    assert found[a].cost == Decimal("1092.00")  # 24 more hours at 45.50
    assert found[s].cost == Decimal("1092.00")


def test_variances_only_for_tasks_with_that_baseline() -> None:
    b, *_ = _plan()
    portfolio = b.build()
    assert variances(portfolio, schedule(portfolio), 1, 0) == {}


def test_cost_of_a_task_with_a_cost_resource_uses_the_assignment_cost() -> None:
    b, _, a, _ = _plan()
    from app.model import Assignment, Resource, ResourceType

    b.resources[9] = Resource(9, "Permit", type=ResourceType.COST)
    b.assignments[9] = Assignment(9, a, 9, cost=Decimal("250.25"))
    portfolio = b.build()
    assert task_cost(portfolio, a) == Decimal("100.00") + Decimal("738.00") + Decimal("250.25")


@pytest.mark.parametrize("number", [-1, 11])
def test_baseline_number_out_of_range(number: int) -> None:
    b, *_ = _plan()
    portfolio = b.build()
    with pytest.raises(ScheduleError, match="0 to 10"):
        save_baseline(portfolio, schedule(portfolio), 1, number)
