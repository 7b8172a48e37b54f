"""Working-time arithmetic: MS Project's conventions on real calendar shapes."""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest

from app.model.calendar import Calendar, CalendarException, WorkWeek
from app.schedule.working_time import (
    ELAPSED,
    DateClock,
    NoWorkingTimeError,
    ScheduleError,
    WorkingTime,
    calendar_clock,
    from_minutes,
    to_minutes,
)

STANDARD = Calendar(1, "Standard")
FRIDAY_HOLIDAY = Calendar(
    2, "With holiday", exceptions=(CalendarException(date(2024, 1, 5), date(2024, 1, 5)),)
)


def clock(*calendars: Calendar, calendar_id: int | None = None) -> DateClock:
    found = {c.id: c for c in calendars}
    return DateClock(WorkingTime(calendar_id or calendars[0].id, found))


def at(day: int, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(2024, 1, day, hour, minute)


def test_one_day_from_0800_finishes_1700_the_same_day() -> None:
    assert clock(STANDARD).add_working(at(1), 480) == at(1, 17)


def test_finish_at_interval_end_stays_but_start_moves_to_next_morning() -> None:
    c = clock(STANDARD)
    assert c.add_working(at(1), 240) == at(1, 12)
    assert c.next_working(at(1, 12)) == at(1, 13)
    assert c.next_working(at(1, 17)) == at(2, 8)
    assert c.next_working(at(5, 17)) == at(8, 8)  # Friday evening -> Monday


def test_previous_working_end_moves_back_over_the_night_and_weekend() -> None:
    c = clock(STANDARD)
    assert c.previous_working_end(at(8, 8)) == at(5, 17)
    assert c.previous_working_end(at(2, 12, 30)) == at(2, 12)
    assert c.previous_working_end(at(2, 10)) == at(2, 10)


def test_task_starting_at_1630_runs_into_the_next_morning() -> None:
    c = clock(STANDARD)
    assert c.add_working(at(1, 16, 30), 60) == at(2, 8, 30)
    assert c.add_working(at(5, 16, 30), 60) == at(8, 8, 30)


def test_holiday_on_a_friday_is_skipped() -> None:
    c = clock(FRIDAY_HOLIDAY)
    assert c.add_working(at(4), 960) == at(8, 17)
    assert c.next_working(at(4, 17)) == at(8, 8)
    assert c.working_between(at(4), at(8, 17)) == 960
    assert not c.is_working(at(5, 10))


def test_zero_and_negative_amounts() -> None:
    c = clock(STANDARD)
    assert c.add_working(at(1, 17), 0) == at(1, 17)
    assert c.add_working(at(2, 17), -480) == at(1, 17)
    assert c.subtract_working(at(2, 17), 480) == at(2, 8)
    assert c.subtract_working(at(8, 12), 480) == at(5, 13)  # a start: after lunch


def test_working_between_is_signed_and_ignores_non_working_time() -> None:
    c = clock(STANDARD)
    assert c.working_between(at(1), at(8)) == 5 * 480
    assert c.working_between(at(8), at(1)) == -5 * 480
    assert c.working_between(at(5, 17), at(8, 8)) == 0
    assert c.working_between(at(1, 11), at(1, 14)) == 120


def test_base_calendar_inheritance_and_its_exceptions() -> None:
    base = Calendar(1, "Base", exceptions=(CalendarException(date(2024, 1, 3), date(2024, 1, 3)),))
    short_mondays = ((480, 720),)
    derived = Calendar(2, "Derived", week=(short_mondays,) + (None,) * 6, base_id=1)
    c = clock(base, derived, calendar_id=2)
    assert c.add_working(at(1), 240) == at(1, 12)
    assert c.next_working(at(1, 12)) == at(2, 8)
    assert c.next_working(at(2, 17)) == at(4, 8)  # the base's holiday on Wednesday


def test_base_holiday_applies_even_where_the_derived_calendar_sets_its_own_hours() -> None:
    base = Calendar(1, "Base", exceptions=(CalendarException(date(2024, 1, 3), date(2024, 1, 3)),))
    early = ((420, 900),)
    derived = Calendar(2, "Early bird", week=(early,) * 5 + ((), ()), base_id=1)
    own = CalendarException(date(2024, 1, 4), date(2024, 1, 4), ((600, 660),))
    with_own = Calendar(
        3, "Own exception", week=(early,) * 5 + ((), ()), base_id=1, exceptions=(own,)
    )
    c = clock(base, derived, with_own, calendar_id=2)
    assert c.next_working(at(2, 15)) == at(4, 7)
    assert clock(base, derived, with_own, calendar_id=3).next_working(at(4, 0)) == at(4, 10)


def test_working_exception_on_a_saturday_and_work_weeks() -> None:
    saturday = CalendarException(date(2024, 1, 6), date(2024, 1, 6), ((480, 720),), "Sat")
    summer = WorkWeek(date(2024, 1, 8), date(2024, 1, 12), (((420, 900),),) * 5 + ((), ()))
    c = clock(Calendar(3, "Special", exceptions=(saturday,), work_weeks=(summer,)))
    assert c.next_working(at(5, 17)) == at(6, 8)
    assert c.add_working(at(6, 8), 240 + 60) == at(8, 8)
    assert c.next_working(at(8, 6)) == at(8, 7)


def test_24_hour_calendar_runs_through_midnight() -> None:
    always = ((0, 1440),)
    c = clock(Calendar(4, "24h", week=(always,) * 7))
    assert c.add_working(at(1, 8), 2 * 1440) == at(3, 8)
    assert c.next_working(datetime(2024, 1, 2, 0, 0)) == datetime(2024, 1, 2, 0, 0)


def test_calendar_without_any_working_time_raises_a_clear_error() -> None:
    with pytest.raises(NoWorkingTimeError, match=r"'Closed'.*no working time"):
        WorkingTime(5, {5: Calendar(5, "Closed", week=((),) * 7)})


def test_calendar_whose_only_work_is_an_old_exception_stops_searching() -> None:
    once = CalendarException(date(2000, 1, 3), date(2000, 1, 3), ((480, 1020),))
    c = WorkingTime(6, {6: Calendar(6, "Once", week=((),) * 7, exceptions=(once,))})
    with pytest.raises(NoWorkingTimeError, match="within 20 years"):
        c.next_start(to_minutes(at(1)))


def test_loop_of_base_calendars_is_an_error() -> None:
    a = Calendar(1, "A", base_id=2)
    b = Calendar(2, "B", base_id=1)
    with pytest.raises(ScheduleError, match="loop"):
        WorkingTime(1, {1: a, 2: b})


def test_elapsed_time_is_plain_calendar_minutes() -> None:
    friday_5pm = to_minutes(at(5, 17))
    assert from_minutes(ELAPSED.add(friday_5pm, 1440)) == at(6, 17)
    assert ELAPSED.between(friday_5pm, friday_5pm + 60) == 60


def test_far_dates_in_both_directions_round_trip() -> None:
    c = WorkingTime(1, {1: STANDARD})
    rnd = random.Random(7)
    origin = to_minutes(at(1))
    for _ in range(300):
        start = c.next_start(origin + rnd.randint(-3_000_000, 3_000_000))
        amount = rnd.randint(0, 200_000)
        finish = c.add(start, amount)
        assert c.between(start, finish) == amount
        assert c.add_start(finish, -amount) == start


def test_day_start_and_end_for_views() -> None:
    c = calendar_clock(2, {2: FRIDAY_HOLIDAY})
    assert c.clock.day_start(date(2024, 1, 4)) == at(4, 8)  # type: ignore[attr-defined]
    assert c.clock.day_end(date(2024, 1, 4)) == at(4, 17)  # type: ignore[attr-defined]
    assert c.clock.day_start(date(2024, 1, 5)) is None  # type: ignore[attr-defined]


def test_threads_sharing_a_calendar_get_the_answers_of_one_thread() -> None:
    """The window reschedules on a worker while another thread checks the file: both use
    the same clocks, whose tables grow in both directions as far dates are asked for."""
    import sys
    import threading

    holidays = tuple(
        CalendarException(date(year, 5, 1), date(year, 5, 1)) for year in range(1990, 2070)
    )
    calendars = {3: Calendar(3, "May Day off", exceptions=holidays)}
    rng = random.Random(7)
    base = to_minutes(datetime(2030, 1, 1))
    asks = [
        (base + rng.randint(-15_000, 15_000) * 1440, rng.randint(0, 9_600)) for _ in range(3_000)
    ]

    def answers(clock: WorkingTime, order: list[int]) -> dict[int, tuple[int, int, int]]:
        return {
            i: (
                clock.add(asks[i][0], asks[i][1]),
                clock.add_start(asks[i][0], -asks[i][1]),
                clock.between(base, asks[i][0]),
            )
            for i in order
        }

    expected = answers(WorkingTime(3, calendars), list(range(len(asks))))
    shared = WorkingTime(3, calendars)
    found: list[dict[int, tuple[int, int, int]]] = []
    orders = [rng.sample(range(len(asks)), len(asks)) for _ in range(4)]
    threads = [
        threading.Thread(target=lambda o=o: found.append(answers(shared, o))) for o in orders
    ]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter allows
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert len(found) == len(threads)
    assert all(result == expected for result in found)
