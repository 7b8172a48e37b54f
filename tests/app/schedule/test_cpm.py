"""The CPM engine on hand-built plans whose MS Project answer is worked out by hand.

Project start is Monday 2024-01-01 08:00 on the standard calendar unless said otherwise.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date, datetime

import pytest

from app.model import (
    Calendar,
    CalendarException,
    ConstraintKind,
    DurationUnit,
    LinkKind,
    Portfolio,
)
from app.schedule import NoWorkingTimeError, Schedule, reschedule, schedule
from tests.app.schedule.builder import DAY, Builder, at

C = ConstraintKind


def dates(result: Schedule, tid: int) -> tuple[datetime, datetime]:
    return result.tasks[tid].start, result.tasks[tid].finish


# --- links -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lag", "start", "finish"),
    [
        (0, at(3), at(3, 17)),
        (DAY, at(4), at(4, 17)),
        (-DAY, at(2), at(2, 17)),
        (-2 * DAY, at(1), at(1, 17)),
    ],
)
def test_finish_to_start(lag: int, start: datetime, finish: datetime) -> None:
    b = Builder()
    a = b.task("A", 2)
    s = b.task("B", 1)
    b.link(a, s, LinkKind.FS, lag)
    assert dates(schedule(b.build()), s) == (start, finish)


@pytest.mark.parametrize(
    ("lag", "start", "finish"),
    [
        (0, at(2), at(2, 17)),
        (DAY, at(3), at(3, 17)),
        (-240, at(1, 13), at(2, 12)),
    ],
)
def test_start_to_start(lag: int, start: datetime, finish: datetime) -> None:
    b = Builder()
    x = b.task("X", 1)
    a = b.task("A", 2)
    s = b.task("B", 1)
    b.link(x, a)
    b.link(a, s, LinkKind.SS, lag)
    assert dates(schedule(b.build()), s) == (start, finish)


@pytest.mark.parametrize(
    ("days", "lag", "start", "finish"),
    [
        (1, 0, at(2), at(2, 17)),
        (1, DAY, at(3), at(3, 17)),
        (1, -DAY, at(1), at(1, 17)),
        (3, 0, at(1), at(3, 17)),  # never pulled before the project start
    ],
)
def test_finish_to_finish(days: int, lag: int, start: datetime, finish: datetime) -> None:
    b = Builder()
    a = b.task("A", 2)
    s = b.task("B", days)
    b.link(a, s, LinkKind.FF, lag)
    assert dates(schedule(b.build()), s) == (start, finish)


@pytest.mark.parametrize(
    ("lag", "start", "finish"),
    [
        (0, at(2), at(2, 17)),
        (DAY, at(3), at(3, 17)),
        (-DAY, at(1), at(1, 17)),
    ],
)
def test_start_to_finish(lag: int, start: datetime, finish: datetime) -> None:
    b = Builder()
    x = b.task("X", 2)
    a = b.task("A", 1)
    s = b.task("B", 1)
    b.link(x, a)  # A starts Wednesday
    b.link(a, s, LinkKind.SF, lag)
    assert dates(schedule(b.build()), s) == (start, finish)


def test_elapsed_lag_counts_calendar_time_through_lunch() -> None:
    b = Builder()
    a = b.task("A", 0.5)
    elapsed = b.task("B", duration_minutes=60)
    working = b.task("C", duration_minutes=60)
    b.link(a, elapsed, lag=120, unit=DurationUnit.ELAPSED_HOURS)
    b.link(a, working, lag=120, unit=DurationUnit.HOURS)
    result = schedule(b.build())
    assert dates(result, elapsed) == (at(1, 14), at(1, 15))
    assert dates(result, working) == (at(1, 15), at(1, 16))


def test_elapsed_lag_over_a_weekend() -> None:
    b = Builder()
    a = b.task("A", 5)
    s = b.task("B", 1)
    b.link(a, s, lag=1440, unit=DurationUnit.ELAPSED_DAYS)
    assert dates(schedule(b.build()), s) == (at(8), at(8, 17))


def test_percent_lag_is_a_share_of_the_predecessor_duration() -> None:
    b = Builder()
    a = b.task("A", 2)
    s = b.task("B", 1)
    b.link(a, s, lag=0, unit=DurationUnit.PERCENT, percent=50)
    assert dates(schedule(b.build()), s) == (at(4), at(4, 17))


def test_latest_of_several_predecessors_wins() -> None:
    b = Builder()
    a = b.task("A", 1)
    c = b.task("C", 3)
    s = b.task("S", 1)
    b.link(a, s)
    b.link(c, s)
    assert dates(schedule(b.build()), s) == (at(4), at(4, 17))


# --- constraints -----------------------------------------------------------------------


def _after_three_days(constraint: ConstraintKind, when: datetime, days: float = 1) -> Schedule:
    """Task B (id 2) follows a 3-day task A and carries a constraint."""
    b = Builder()
    a = b.task("A", 3)
    s = b.task("B", days, constraint=constraint, constraint_date=when)
    b.link(a, s)
    return schedule(b.build())


def test_start_no_earlier_than_pushes_later_than_the_link() -> None:
    assert dates(_after_three_days(C.START_NO_EARLIER_THAN, at(8)), 2) == (at(8), at(8, 17))
    assert dates(_after_three_days(C.START_NO_EARLIER_THAN, at(2)), 2) == (at(4), at(4, 17))


def test_start_no_later_than_wins_over_the_link_with_negative_slack() -> None:
    result = _after_three_days(C.START_NO_LATER_THAN, at(2))
    assert dates(result, 2) == (at(2), at(2, 17))
    assert result.tasks[1].total_slack_minutes == -2 * DAY  # the predecessor shows the conflict
    assert result.tasks[1].critical and result.tasks[2].critical


def test_finish_no_earlier_than() -> None:
    assert dates(_after_three_days(C.FINISH_NO_EARLIER_THAN, at(9, 17)), 2) == (at(9), at(9, 17))


def test_finish_no_later_than_caps_the_task() -> None:
    result = _after_three_days(C.FINISH_NO_LATER_THAN, at(3, 17))
    assert dates(result, 2) == (at(3), at(3, 17))
    assert result.tasks[1].total_slack_minutes == -DAY


def test_must_start_on_and_must_finish_on_pin_the_task() -> None:
    assert dates(_after_three_days(C.MUST_START_ON, at(2)), 2) == (at(2), at(2, 17))
    assert dates(_after_three_days(C.MUST_START_ON, at(10)), 2) == (at(10), at(10, 17))
    assert dates(_after_three_days(C.MUST_FINISH_ON, at(12, 17), 2), 2) == (at(11), at(12, 17))


def test_must_start_on_also_fixes_the_late_dates() -> None:
    result = _after_three_days(C.MUST_START_ON, at(10))
    assert result.tasks[2].late_start == at(10)
    assert result.tasks[2].total_slack_minutes == 0


def test_alap_task_sits_at_its_late_dates_and_drives_successors_from_there() -> None:
    b = Builder()
    a = b.task("A", 1, constraint=C.ALAP)
    long = b.task("Long", 3)
    c = b.task("C", 1)
    d = b.task("D", 1)
    b.link(a, c)
    b.link(long, c)
    b.link(a, d, LinkKind.SS)
    result = schedule(b.build())
    assert dates(result, a) == (at(3), at(3, 17))
    assert result.tasks[a].early_start == at(1)
    assert dates(result, d) == (at(3), at(3, 17))


def test_leveling_delay_pushes_the_start_in_working_time() -> None:
    b = Builder()
    a = b.task("A", 1)
    s = b.task("B", 1, leveling_delay_minutes=DAY)
    b.link(a, s)
    assert dates(schedule(b.build()), s) == (at(3), at(3, 17))


def test_task_starting_at_1630_finishes_next_morning() -> None:
    b = Builder()
    t = b.task(
        "T", duration_minutes=60, constraint=C.START_NO_EARLIER_THAN, constraint_date=at(1, 16, 30)
    )
    assert dates(schedule(b.build()), t) == (at(1, 16, 30), at(2, 8, 30))


# --- calendars -------------------------------------------------------------------------


def test_holiday_on_a_friday_moves_the_finish_to_monday() -> None:
    b = Builder()
    holiday = CalendarException(date(2024, 1, 5), date(2024, 1, 5), name="Friday off")
    b.calendars[1] = Calendar(1, "Standard", exceptions=(holiday,))
    t = b.task("T", 5)
    s = b.task("S", 1)
    b.link(t, s)
    result = schedule(b.build())
    assert dates(result, t) == (at(1), at(8, 17))
    assert dates(result, s) == (at(9), at(9, 17))


def test_task_calendar_overrides_the_project_calendar() -> None:
    b = Builder()
    evenings = ((1080, 1320),)  # 18:00-22:00
    b.calendars[2] = Calendar(2, "Evenings", week=(evenings,) * 5 + ((), ()))
    t = b.task("T", duration_minutes=480, calendar_id=2)
    assert dates(schedule(b.build()), t) == (at(1, 18), at(2, 22))


def test_calendar_without_working_time_raises_naming_it() -> None:
    b = Builder()
    b.calendars[1] = Calendar(1, "Closed shop", week=((),) * 7)
    b.task("T", 1)
    with pytest.raises(NoWorkingTimeError, match="Closed shop"):
        schedule(b.build())


def test_resource_calendar_drives_a_resource_scheduled_task() -> None:
    b = Builder()
    day = ((480, 720), (780, 1020))
    b.calendars[2] = Calendar(2, "Mon/Wed/Fri", week=(day, (), day, (), day, (), ()))
    r = b.resource("Pat", calendar_id=2)
    t = b.task("T", 2)
    ignoring = b.task("U", 2, ignore_resource_calendar=True)
    b.assign(t, r, 2 * DAY)
    b.assign(ignoring, r, 2 * DAY)
    result = schedule(b.build())
    assert dates(result, t) == (at(1), at(3, 17))
    assert dates(result, ignoring) == (at(1), at(2, 17))
    assert result.tasks[t].work_minutes == 2 * DAY


def test_half_time_assignment_doubles_the_span() -> None:
    b = Builder()
    b.calendars[2] = Calendar(2, "Pat's", base_id=1)
    r = b.resource("Pat", calendar_id=2)
    t = b.task("T", 2)
    b.assign(t, r, DAY, units=0.5)
    assert dates(schedule(b.build()), t) == (at(1), at(2, 17))


def test_elapsed_duration_runs_through_nights() -> None:
    b = Builder()
    t = b.task("T", duration_minutes=1440, duration_unit=DurationUnit.ELAPSED_DAYS)
    assert dates(schedule(b.build()), t) == (at(1), at(2))


def test_lag_into_an_elapsed_task_is_measured_on_its_working_calendar() -> None:
    b = Builder()
    a = b.task("A", 4)
    elapsed = b.task("B", duration_minutes=1440, duration_unit=DurationUnit.ELAPSED_DAYS)
    b.link(a, elapsed, lag=DAY)
    # Thursday 17:00 + 1 working day = Friday 17:00; 24x7 time then runs into Saturday.
    assert dates(schedule(b.build()), elapsed) == (at(5, 17), at(6, 17))


def test_split_task_keeps_its_gap_when_it_moves() -> None:
    b = Builder()
    x = b.task("X", 1)
    split = ((at(1), at(1, 17)), (at(3), at(3, 17)))
    t = b.task("T", 2, splits=split)
    b.link(x, t)
    assert dates(schedule(b.build()), t) == (at(2), at(4, 17))


# --- progress --------------------------------------------------------------------------


def _in_progress(status: datetime | None) -> Portfolio:
    b = Builder()
    b.project(1, status_date=status)
    b.task("T", 4, actual_start=at(1), percent_complete=50)
    return b.build()


def test_in_progress_task_continues_after_its_completed_part() -> None:
    assert dates(schedule(_in_progress(None)), 1) == (at(1), at(4, 17))


def test_remaining_work_is_scheduled_from_a_later_status_date() -> None:
    assert dates(schedule(_in_progress(at(4))), 1) == (at(1), at(5, 17))


def test_status_date_before_the_completed_part_changes_nothing() -> None:
    assert dates(schedule(_in_progress(at(2))), 1) == (at(1), at(4, 17))


def test_completed_task_stays_where_it_happened_and_drives_successors() -> None:
    b = Builder()
    x = b.task("X", 3)
    done = b.task("Done", 1, actual_start=at(1), actual_finish=at(2, 17), percent_complete=100)
    after = b.task("After", 1)
    b.link(x, done)
    b.link(done, after)
    result = schedule(b.build())
    assert dates(result, done) == (at(1), at(2, 17))
    assert dates(result, after) == (at(3), at(3, 17))
    assert not result.tasks[done].critical


def test_remaining_minutes_win_over_percent_complete() -> None:
    b = Builder()
    t = b.task("T", 4, actual_start=at(1), percent_complete=50, remaining_minutes=DAY)
    assert dates(schedule(b.build()), t) == (at(1), at(4, 17))


# --- summaries -------------------------------------------------------------------------


def test_summary_rolls_up_dates_duration_percent_and_work() -> None:
    b = Builder()
    s = b.summary("S")
    a = b.task(
        "A", 2, parent_id=s, percent_complete=100, actual_start=at(1), actual_finish=at(2, 17)
    )
    c = b.task("B", 3, parent_id=s)
    b.link(a, c)
    r = b.resource("Pat")
    b.assign(a, r, 2 * DAY)
    result = schedule(b.build())
    summary = result.tasks[s]
    assert summary.summary
    assert (summary.start, summary.finish) == (at(1), at(5, 17))
    assert summary.duration_minutes == 5 * DAY
    assert summary.percent_complete == 40
    assert summary.work_minutes == 2 * DAY


def test_link_into_a_summary_applies_to_each_subtask() -> None:
    b = Builder()
    x = b.task("X", 1)
    s = b.summary("S")
    inner = b.summary("Inner", parent_id=s)
    a = b.task("A", 1, parent_id=s)
    c = b.task("C", 2, parent_id=inner)
    b.link(x, s)
    result = schedule(b.build())
    assert dates(result, a) == (at(2), at(2, 17))
    assert dates(result, c) == (at(2), at(3, 17))
    assert dates(result, s) == (at(2), at(3, 17))


def test_links_from_a_summary_use_its_rolled_up_dates() -> None:
    b = Builder()
    s = b.summary("S")
    b.task("A", 1, parent_id=s)
    b.task("B", 3, parent_id=s)
    after = b.task("After", 1)
    beside = b.task("Beside", 1)
    b.link(s, after)
    b.link(s, beside, LinkKind.SS, DAY)
    result = schedule(b.build())
    assert dates(result, after) == (at(4), at(4, 17))
    assert dates(result, beside) == (at(2), at(2, 17))


def test_summary_successor_limits_the_late_dates_of_its_subtasks() -> None:
    b = Builder()
    s = b.summary("S")
    a = b.task("A", 1, parent_id=s)
    b.task("B", 3, parent_id=s)
    after = b.task("After", 1)
    b.link(s, after)
    result = schedule(b.build())
    assert result.tasks[a].late_finish == at(3, 17)
    assert result.tasks[a].total_slack_minutes == 2 * DAY


# --- slack, critical path, milestones, deadlines ----------------------------------------


def test_total_and_free_slack_and_the_critical_path() -> None:
    b = Builder()
    a = b.task("A", 1)
    long = b.task("Long", 3)
    c = b.task("C", 1)
    b.link(a, c)
    b.link(long, c)
    result = schedule(b.build())
    assert result.tasks[a].total_slack_minutes == 2 * DAY
    assert result.tasks[a].free_slack_minutes == 2 * DAY
    assert not result.tasks[a].critical
    assert result.tasks[long].critical and result.tasks[c].critical
    assert result.projects[1].critical_path == (long, c)
    assert (result.projects[1].start, result.projects[1].finish) == (at(1), at(4, 17))


def test_free_slack_is_less_than_total_slack_in_a_chain() -> None:
    b = Builder()
    a = b.task("A", 1)
    c = b.task("C", 1)
    long = b.task("Long", 4)
    b.link(a, c)
    result = schedule(b.build())
    assert result.tasks[a].free_slack_minutes == 0
    assert result.tasks[a].total_slack_minutes == 2 * DAY
    assert result.tasks[long].critical


def test_critical_slack_threshold_of_the_project() -> None:
    b = Builder()
    b.project(1, critical_slack_minutes=2 * DAY)
    a = b.task("A", 1)
    b.task("Long", 3)
    assert schedule(b.build()).tasks[a].critical


def test_milestone_sits_at_the_end_of_its_predecessor_day() -> None:
    b = Builder()
    a = b.task("A", 1)
    m = b.task("M", 0, milestone=True)
    b.link(a, m)
    assert dates(schedule(b.build()), m) == (at(1, 17), at(1, 17))


def test_deadline_missed_and_its_pull_on_late_dates() -> None:
    b = Builder()
    late = b.task("Late", 3, deadline=at(2, 17))
    fine = b.task("Fine", 1, deadline=at(5, 17))
    result = schedule(b.build())
    assert result.tasks[late].deadline_missed
    assert result.tasks[late].total_slack_minutes == -DAY
    assert not result.tasks[fine].deadline_missed


# --- manual tasks, backward scheduling, portfolio ----------------------------------------


def test_manual_task_keeps_its_dates_and_drives_successors() -> None:
    b = Builder()
    x = b.task("X", 3)
    m = b.task("M", 2, manual=True, manual_start=at(2), manual_finish=at(3, 17))
    after = b.task("After", 1)
    b.link(x, m)
    b.link(m, after)
    result = schedule(b.build())
    assert dates(result, m) == (at(2), at(3, 17))
    assert dates(result, after) == (at(4), at(4, 17))


def test_project_scheduled_from_its_finish() -> None:
    b = Builder()
    b.project(1, schedule_from_finish=True, finish=at(5, 17))
    a = b.task("A", 1)
    c = b.task("C", 2)
    b.link(a, c)
    result = schedule(b.build())
    assert dates(result, c) == (at(4), at(5, 17))
    assert dates(result, a) == (at(3), at(3, 17))
    assert result.projects[1].start == at(3)


def test_cross_project_link() -> None:
    b = Builder()
    b.project(2, name="Other")
    a = b.task("A", 3)
    q = b.task("Q", 1, project=2)
    b.link(a, q)
    portfolio = b.build()
    assert dates(schedule(portfolio), q) == (at(4), at(4, 17))
    only_second = schedule(portfolio, project_ids=[2])
    assert dates(only_second, q) == (at(4), at(4, 17))
    assert set(only_second.projects) == {1, 2}


def test_unknown_project_is_a_schedule_error() -> None:
    from app.schedule import ScheduleError

    b = Builder()
    b.task("A", 1)
    with pytest.raises(ScheduleError, match="no project with id"):
        schedule(b.build(), project_ids=[99])


def test_cycle_through_a_summary_is_reported() -> None:
    from app.schedule import CycleError

    b = Builder()
    s = b.summary("Phase")
    a = b.task("Dig", 1, parent_id=s)
    b.link(s, a)
    with pytest.raises(CycleError, match=r"'Phase' \(id 1\)") as info:
        schedule(b.build())
    assert set(info.value.task_ids) == {s, a}


# --- incremental reschedules ---------------------------------------------------------------


def _random_plan(seed: int, n: int = 120) -> Portfolio:
    rnd = random.Random(seed)
    b = Builder()
    parents: list[int | None] = [None]
    for i in range(n):
        if rnd.random() < 0.1:
            parents.append(b.summary(f"S{i}", parent_id=rnd.choice(parents)))
            continue
        kind = rnd.choice([C.ASAP] * 6 + [C.START_NO_EARLIER_THAN, C.FINISH_NO_LATER_THAN])
        tid = b.task(
            f"T{i}",
            rnd.randint(0, 5),
            parent_id=rnd.choice(parents),
            constraint=kind,
            constraint_date=at(rnd.randint(1, 20)) if kind is not C.ASAP else None,
        )
        for _ in range(rnd.randint(0, 2)):
            pred = rnd.randint(1, tid - 1) if tid > 1 else None
            if pred and b.tasks[pred].name.startswith("T"):
                b.link(pred, tid, rnd.choice(list(LinkKind)), rnd.choice([0, DAY, -240]))
    return b.build()


@pytest.mark.parametrize("seed", range(8))
def test_reschedule_after_a_duration_change_equals_a_full_run(seed: int) -> None:
    portfolio = _random_plan(seed)
    previous = schedule(portfolio)
    rnd = random.Random(seed)
    leaves = [t for t in portfolio.tasks if not portfolio.is_summary(t)]
    for _ in range(5):
        tid = rnd.choice(leaves)
        task = portfolio.tasks[tid]
        changed = dataclasses.replace(task, duration_minutes=rnd.randint(0, 6) * DAY)
        portfolio = dataclasses.replace(portfolio, tasks={**portfolio.tasks, tid: changed})
        previous = reschedule(portfolio, previous, {tid})
        assert dict(previous.tasks) == dict(schedule(portfolio).tasks)
        assert dict(previous.projects) == dict(schedule(portfolio).projects)


def _random_edit(rnd: random.Random, portfolio: Portfolio, tid: int) -> Portfolio:
    task = portfolio.tasks[tid]
    choice = rnd.randrange(4)
    if choice == 0 and not portfolio.is_summary(tid):
        changed = dataclasses.replace(task, duration_minutes=rnd.randint(0, 6) * DAY)
    elif choice == 1:
        kind = rnd.choice(list(C))
        when = at(rnd.randint(1, 25)) if kind.needs_date else None
        changed = dataclasses.replace(task, constraint=kind, constraint_date=when)
    elif choice == 2 and not portfolio.is_summary(tid):
        changed = dataclasses.replace(
            task, actual_start=at(rnd.randint(1, 5)), percent_complete=rnd.choice([0, 30, 100])
        )
    else:
        changed = dataclasses.replace(task, deadline=at(rnd.randint(1, 25)))
    return dataclasses.replace(portfolio, tasks={**portfolio.tasks, tid: changed})


@pytest.mark.parametrize("seed", range(20))
def test_reschedule_after_any_task_edit_equals_a_full_run(seed: int) -> None:
    portfolio = _random_plan(100 + seed)
    previous = schedule(portfolio)
    rnd = random.Random(seed)
    for _ in range(6):
        tid = rnd.choice(list(portfolio.tasks))
        portfolio = _random_edit(rnd, portfolio, tid)
        previous = reschedule(portfolio, previous, {tid})
        full = schedule(portfolio)
        assert dict(previous.tasks) == dict(full.tasks)
        assert dict(previous.projects) == dict(full.projects)


def test_reschedule_after_a_summary_constraint_change() -> None:
    b = Builder()
    s = b.summary("Phase")
    a = b.task("A", 1, parent_id=s)
    after = b.task("After", 1)
    b.link(s, after)
    portfolio = b.build()
    previous = schedule(portfolio)
    pinned = dataclasses.replace(
        portfolio.tasks[s], constraint=C.START_NO_EARLIER_THAN, constraint_date=at(3)
    )
    edited = dataclasses.replace(portfolio, tasks={**portfolio.tasks, s: pinned})
    result = reschedule(edited, previous, {s})
    assert dates(result, a) == (at(3), at(3, 17))
    assert dates(result, after) == (at(4), at(4, 17))
    assert dict(result.tasks) == dict(schedule(edited).tasks)


def test_reschedule_after_a_link_change_falls_back_to_a_full_run() -> None:
    portfolio = _random_plan(3)
    previous = schedule(portfolio)
    links = dict(portfolio.links)
    links.pop(next(iter(links)))
    changed = dataclasses.replace(portfolio, links=links)
    assert dict(reschedule(changed, previous, set()).tasks) == dict(schedule(changed).tasks)
