"""What a gesture on a bar means, and the command it becomes (pure, no display)."""

from __future__ import annotations

from datetime import datetime

from app.commands import EditTask, LinkTasks, SetTaskDuration
from app.model import ConstraintKind, LinkKind
from app.schedule import schedule
from app.schedule.working_time import calendar_clock
from tests.widgets.driver import build_plan
from widgets.gantt.interaction import (
    BarHit,
    BarShape,
    DragKind,
    Linked,
    Moved,
    Progressed,
    Stretched,
    command_for,
    hit_test,
    moved,
    progressed,
    promote,
    stretched,
)
from widgets.gantt.link_routing import Box, Head, distance_to, route
from widgets.gantt.time_scale import TimeScale

CLOCK = calendar_clock(None, {})
SCALE = TimeScale(datetime(2026, 1, 5), 30.0)  # weeks / days: snaps to days
BAR = BarHit(100, 190, 130, 10, 12, BarShape.TASK)


def test_hit_test_finds_the_handle_the_end_and_the_body() -> None:
    assert hit_test(BAR, 150, 12) is DragKind.MOVE
    assert hit_test(BAR, 188, 12) is DragKind.RESIZE_FINISH
    assert hit_test(BAR, 131, 20) is DragKind.PROGRESS
    assert hit_test(BAR, 131, 11) is DragKind.MOVE  # upper half: a move, not progress
    assert hit_test(BAR, 195, 12) is DragKind.NONE
    assert hit_test(BAR, 150, 30) is DragKind.NONE


def test_summaries_only_link_and_milestones_only_move() -> None:
    summary = BarHit(100, 190, 100, 10, 12, BarShape.SUMMARY)
    milestone = BarHit(100, 112, 106, 10, 12, BarShape.MILESTONE)
    assert hit_test(summary, 188, 12) is DragKind.LINK
    assert hit_test(milestone, 111, 12) is DragKind.MOVE


def test_a_vertical_drag_becomes_a_link_and_stays_one() -> None:
    assert promote(DragKind.MOVE, 3, 30, 24) is DragKind.LINK
    assert promote(DragKind.MOVE, 40, 30, 24) is DragKind.MOVE
    assert promote(DragKind.RESIZE_FINISH, 0, 60, 24) is DragKind.RESIZE_FINISH
    assert promote(DragKind.LINK, 100, 0, 24) is DragKind.LINK


def test_a_move_snaps_to_the_next_working_day() -> None:
    start = datetime(2026, 1, 5, 8)
    assert moved(1, start, 2 * 30 + 4, SCALE, CLOCK).start == datetime(2026, 1, 7, 8)
    assert moved(1, start, 5 * 30, SCALE, CLOCK).start == datetime(2026, 1, 12, 8)  # weekend


def test_stretching_counts_working_minutes_and_never_goes_negative() -> None:
    start, finish = datetime(2026, 1, 5, 8), datetime(2026, 1, 6, 17)
    longer = stretched(1, start, finish, 3 * 30, SCALE, CLOCK)
    assert longer.finish == datetime(2026, 1, 9, 17)
    assert longer.minutes == 5 * 480
    assert stretched(1, start, finish, -10 * 30, SCALE, CLOCK).minutes == 0


def test_progress_follows_the_pointer_within_the_bar() -> None:
    assert progressed(1, 145, 100, 190).percent == 50
    assert progressed(1, 500, 100, 190).percent == 100
    assert progressed(1, 0, 100, 190).percent == 0


def test_outcomes_become_the_commands_the_table_uses() -> None:
    portfolio = build_plan()
    plan = schedule(portfolio)
    move = command_for(Moved(1, datetime(2026, 1, 7, 8)), portfolio, plan)
    assert isinstance(move, EditTask)
    assert move.changes["constraint"] is ConstraintKind.START_NO_EARLIER_THAN
    stretch = command_for(Stretched(1, datetime(2026, 1, 9, 17), 5 * 480), portfolio, plan)
    assert stretch == SetTaskDuration(1, 2400)  # work or units follow by task type
    done = command_for(Progressed(1, 40), portfolio, plan)
    assert isinstance(done, EditTask) and done.changes == {"percent_complete": 40}
    link = command_for(Linked(1, 5), portfolio, plan)
    assert isinstance(link, LinkTasks) and (link.predecessor_id, link.successor_id) == (1, 5)
    assert command_for(Linked(1, 1), portfolio, plan) is None
    unchanged = plan.tasks[1].start
    assert command_for(Moved(1, unchanged), portfolio, plan) is None


def test_finish_to_start_routes_elbow_down_or_go_round() -> None:
    pred, later = Box(0, 50, 0, 20), Box(80, 120, 40, 20)
    elbow = route(LinkKind.FS, pred, later, 10)
    assert elbow.head is Head.DOWN and elbow.points[-1] == (87, 45)
    earlier = Box(20, 60, 40, 20)
    around = route(LinkKind.FS, pred, earlier, 10)
    assert around.head is Head.RIGHT
    assert around.points[2][1] == 20  # runs along the boundary below the predecessor's row
    assert around.points[-1] == (20, 50)


def test_every_link_kind_ends_at_the_driven_end() -> None:
    pred, succ = Box(0, 50, 0, 20), Box(30, 90, 20, 20)
    assert route(LinkKind.SS, pred, succ, 10).points[-1] == (30, 30)
    assert route(LinkKind.FF, pred, succ, 10).points[-1] == (90, 30)
    sf = route(LinkKind.SF, pred, succ, 10)
    assert sf.points[-1] == (90, 30) and sf.head is Head.LEFT


def test_distance_to_a_route() -> None:
    elbow = route(LinkKind.FS, Box(0, 50, 0, 20), Box(80, 120, 40, 20), 10)
    assert distance_to(elbow, 60, 12) == 2
    assert distance_to(elbow, 60, 40) > 10
