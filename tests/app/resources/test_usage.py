"""Resource usage: contours, periods, calendars, capacity and over-allocation, by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from app.model import Contour
from app.resources.contours import done_fraction, spread
from app.resources.usage import periods, resource_usage
from app.schedule import schedule
from app.schedule.working_time import ELAPSED, standard_time, to_minutes
from tests.app.resources.plans import DAY, MON_WED, at, builder

# --- contours -----------------------------------------------------------------------------


def test_back_loaded_work_follows_ms_projects_ten_percentages() -> None:
    # The shares sum to 6.0: 600 minutes over 1000 elapsed ones give each tenth share x 100.
    bounds = list(range(0, 1001, 100))
    got = dict(spread(ELAPSED, 0, 1000, 600.0, Contour.BACK_LOADED, bounds))
    assert [round(got[i], 6) for i in range(10)] == [10, 15, 25, 50, 50, 75, 75, 100, 100, 100]


def test_bell_in_periods_of_two_tenths_adds_the_pairs() -> None:
    # Bell 10 20 40 80 100 100 80 40 20 10 (sum 500): work 500 gives the shares x 100.
    bounds = list(range(0, 1001, 200))
    got = dict(spread(ELAPSED, 0, 1000, 500.0, Contour.BELL, bounds))
    assert [round(got[i], 6) for i in range(5)] == [30, 120, 200, 120, 30]


def test_a_contour_inside_a_slice_is_linear() -> None:
    # Turtle's shares sum to 7.0; half of its first slice (0.25) is 0.125 / 7 of the work.
    assert done_fraction(Contour.TURTLE, 50, 1000) == pytest.approx(0.125 / 7)
    assert done_fraction(Contour.FLAT, 250, 1000) == 0.25


def test_flat_work_falls_only_on_working_time() -> None:
    # Mon 08:00 to Tue 17:00 on the standard calendar, cut at Mon 12:00 and Tue 00:00.
    clock = standard_time()
    bounds = [
        to_minutes(at(1, 0)),
        to_minutes(at(1, 12)),
        to_minutes(at(2, 0)),
        to_minutes(at(3, 0)),
    ]
    got = dict(spread(clock, to_minutes(at(1)), to_minutes(at(2, 17)), 960.0, Contour.FLAT, bounds))
    assert got == {0: 240.0, 1: 240.0, 2: 480.0}


# --- periods ------------------------------------------------------------------------------


def test_weeks_start_on_monday_and_months_on_the_first() -> None:
    weeks = periods("week", datetime(2024, 1, 3), datetime(2024, 1, 10, 12))
    assert [(p.start.date(), p.finish.date()) for p in weeks] == [
        (date(2024, 1, 1), date(2024, 1, 8)),
        (date(2024, 1, 8), date(2024, 1, 15)),
    ]
    months = periods("month", date(2023, 12, 15), date(2024, 2, 1))
    assert [p.start.date() for p in months] == [
        date(2023, 12, 1),
        date(2024, 1, 1),
        date(2024, 2, 1),
    ]
    assert months[0].finish == datetime(2024, 1, 1)


def test_a_finish_at_midnight_ends_with_the_day_before() -> None:
    assert len(periods("day", datetime(2024, 1, 1), datetime(2024, 1, 3))) == 2


def test_bad_period_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="period must be one of"):
        periods("year", date(2024, 1, 1), date(2024, 2, 1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ends before"):
        periods("day", date(2024, 2, 1), date(2024, 1, 1))


# --- the grid -----------------------------------------------------------------------------


def _clash():  # type: ignore[no-untyped-def]
    """Alice on a 3-day task in project 1 and a 2-day task in project 2, both from Monday."""
    b = builder()
    b.project(2, priority=800)
    low = b.task("Low", 3)
    high = b.task("High", 2, project=2)
    alice = b.resource("Alice")
    b.assign(low, alice, 3 * DAY)
    b.assign(high, alice, 2 * DAY)
    return b.build(), low, high, alice


def test_work_adds_up_across_projects_and_flags_the_days_over_capacity() -> None:
    portfolio, low, high, alice = _clash()
    usage = resource_usage(portfolio, schedule(portfolio), "day", at(1), at(7))
    row = usage.rows[alice]
    assert [c.work_minutes for c in row.cells] == [960, 960, 480, 0, 0, 0, 0]
    assert [c.capacity_minutes for c in row.cells] == [480, 480, 480, 480, 480, 0, 0]
    assert [c.over_allocated for c in row.cells] == [True, True, False, False, False, False, False]
    assert set(usage.cell(alice, 0).task_ids) == {low, high}
    assert usage.cell(alice, 2).task_ids == (low,)
    assert usage.over_allocations() == [(alice, 0), (alice, 1)]
    assert usage.cell(alice, 0).over_minutes == 480


def test_by_week_the_same_work_fits_the_weeks_capacity() -> None:
    portfolio, _, _, alice = _clash()
    cell = resource_usage(portfolio, schedule(portfolio), "week", at(1), at(7)).cell(alice, 0)
    assert (cell.work_minutes, cell.capacity_minutes, cell.over_allocated) == (2400, 2400, False)


def test_a_part_time_person_has_capacity_and_work_only_on_their_days() -> None:
    b = builder()
    task = b.task("Report", 3)
    bob = b.resource("Bob", calendar_id=MON_WED)
    b.assign(task, bob, 3 * DAY)
    portfolio = b.build()
    plan = schedule(portfolio)
    # Bob works Mon-Wed only; the first week holds all three of his days.
    week = resource_usage(portfolio, plan, "week", at(1), at(14)).rows[bob].cells
    assert [(c.work_minutes, c.capacity_minutes) for c in week] == [(1440, 1440), (0, 1440)]
    days = resource_usage(portfolio, plan, "day", at(1), at(5)).rows[bob].cells
    assert [c.capacity_minutes for c in days] == [480, 480, 480, 0, 0]


def test_half_time_units_and_availability_shrink_capacity() -> None:
    b = builder()
    b.resource("Carol", max_units=0.5, available_to=datetime(2024, 1, 3))
    portfolio = b.build()
    cells = resource_usage(portfolio, schedule(portfolio), "day", at(1), at(4)).rows[1].cells
    # 0.5 x 480 on Mon, Tue and Wed (available to the end of the 3rd), none on Thursday.
    assert [c.capacity_minutes for c in cells] == [240, 240, 240, 0]


def test_a_contoured_assignment_is_spread_by_its_contour() -> None:
    # A fixed-duration 10-day task: the engine keeps its dates, so the contour only
    # shapes the work: front loaded 100 100 100 75 75 50 50 25 15 10 (sum 600).
    from app.model import TaskType

    b = builder()
    task = b.task("Migrate", 10, task_type=TaskType.FIXED_DURATION)
    dave = b.resource("Dave")
    aid = b.assign(task, dave, 6000)
    b.assignments[aid] = replace(b.assignments[aid], contour=Contour.FRONT_LOADED)
    portfolio = b.build()
    cells = resource_usage(portfolio, schedule(portfolio), "day", at(1), at(12)).rows[dave].cells
    work = [round(c.work_minutes, 6) for c in cells if c.capacity_minutes]
    assert work == [1000, 1000, 1000, 750, 750, 500, 500, 250, 150, 100]


def test_material_resources_are_not_rows_and_unknown_ids_are_refused() -> None:
    from app.model import ResourceType

    b = builder()
    b.resource("Cable", type=ResourceType.MATERIAL)
    portfolio = b.build()
    assert resource_usage(portfolio, schedule(portfolio), "week", at(1), at(7)).rows == {}
    with pytest.raises(KeyError, match="no resource with id 9"):
        resource_usage(portfolio, schedule(portfolio), "week", at(1), at(7), [9])
