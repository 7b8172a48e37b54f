"""The date grid: pixels and dates, tiers, ticks, snapping and non-working spans."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.schedule.working_time import calendar_clock
from widgets.gantt.time_scale import (
    LEVELS,
    MAX_PX_PER_DAY,
    TimeScale,
    Unit,
    fit_px_per_day,
    floor_to,
    level_for,
    next_boundary,
    non_working_spans,
    snap,
    snap_finish,
    snap_start,
    ticks,
)

MONDAY = datetime(2026, 1, 5)
CLOCK = calendar_clock(None, {})


def test_dates_and_pixels_round_trip() -> None:
    scale = TimeScale(MONDAY, 30.0)
    assert scale.x_of(datetime(2026, 1, 6, 12)) == pytest.approx(45.0)
    assert scale.moment_at(45.0) == datetime(2026, 1, 6, 12)


def test_each_level_shows_its_own_tiers_and_zoom_steps_through_them() -> None:
    scale = TimeScale(MONDAY, LEVELS[0].px_per_day)
    seen = []
    for _ in LEVELS:
        seen.append((scale.level.upper, scale.level.lower))
        scale = scale.stepped(1)
    assert seen == [
        (Unit.YEAR, Unit.QUARTER),
        (Unit.QUARTER, Unit.MONTH),
        (Unit.MONTH, Unit.WEEK),
        (Unit.WEEK, Unit.DAY),
        (Unit.DAY, Unit.HOUR),
    ]
    assert scale.stepped(1).px_per_day == LEVELS[-1].px_per_day
    assert level_for(MAX_PX_PER_DAY) == len(LEVELS) - 1


def test_fit_shows_the_whole_span() -> None:
    px = fit_px_per_day(MONDAY, datetime(2026, 7, 5), 1000)
    assert 180 * px < 1000 < 200 * px


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        (Unit.HOUR, datetime(2026, 5, 14, 10)),
        (Unit.DAY, datetime(2026, 5, 14)),
        (Unit.WEEK, datetime(2026, 5, 11)),
        (Unit.MONTH, datetime(2026, 5, 1)),
        (Unit.QUARTER, datetime(2026, 4, 1)),
        (Unit.YEAR, datetime(2026, 1, 1)),
    ],
)
def test_floor_to_each_unit(unit: Unit, expected: datetime) -> None:
    assert floor_to(datetime(2026, 5, 14, 10, 37), unit) == expected


def test_quarters_roll_over_the_year() -> None:
    assert next_boundary(datetime(2026, 10, 1), Unit.QUARTER) == datetime(2027, 1, 1)
    spans = list(ticks(Unit.MONTH, datetime(2026, 11, 20), datetime(2027, 2, 2)))
    assert [s[0].month for s in spans] == [11, 12, 1, 2]


def test_snapping_lands_on_working_time() -> None:
    friday_afternoon = datetime(2026, 1, 9, 15)
    assert snap(friday_afternoon, Unit.DAY) == datetime(2026, 1, 10)
    # A start dropped on Saturday midnight begins Monday 08:00; a finish ends Friday 17:00.
    assert snap_start(friday_afternoon, Unit.DAY, CLOCK) == datetime(2026, 1, 12, 8)
    assert snap_finish(friday_afternoon, Unit.DAY, CLOCK) == datetime(2026, 1, 9, 17)
    assert snap_start(datetime(2026, 1, 7, 9, 40), Unit.HOUR, CLOCK) == datetime(2026, 1, 7, 10)


def test_non_working_spans_merge_weekends_and_see_lunch_when_zoomed_in() -> None:
    days = non_working_spans(CLOCK, date(2026, 1, 5), date(2026, 1, 12), hours=False)
    assert days == [(datetime(2026, 1, 10), datetime(2026, 1, 12))]
    hours = non_working_spans(CLOCK, date(2026, 1, 5), date(2026, 1, 5), hours=True)
    assert hours == [
        (datetime(2026, 1, 5), datetime(2026, 1, 5, 8)),
        (datetime(2026, 1, 5, 12), datetime(2026, 1, 5, 13)),
        (datetime(2026, 1, 5, 17), datetime(2026, 1, 6)),
    ]
