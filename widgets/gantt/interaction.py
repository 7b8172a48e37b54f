"""What a mouse gesture on the chart means, and the command it becomes (no Qt).

The chart widget only reports where the pointer went; this module decides which part
of a bar was grabbed, what the drag would change, and which command carries the change
through the window's one edit door. Keeping it pure lets every rule be tested without
a display (DESIGN 3.9).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from app.commands import Command, EditTask, LinkTasks, SetTaskDuration, move_task_to
from app.model import Portfolio
from app.schedule.result import Schedule
from app.schedule.working_time import DateClock
from widgets.gantt.time_scale import TimeScale, snap_finish, snap_start

#: Width of the grab zone at a bar's right end, in pixels.
RESIZE_PX = 5
#: Half-width of the progress handle's grab zone, in pixels.
PROGRESS_PX = 4
#: Pixels the pointer must travel before a press becomes a drag (Qt's usual distance).
DRAG_START_PX = 4


class DragKind(Enum):
    """What a press on a bar will change when dragged."""

    NONE = "none"
    MOVE = "move"
    RESIZE_FINISH = "resize"
    PROGRESS = "progress"
    LINK = "link"


class BarShape(Enum):
    """How a task is drawn, which decides what can be dragged on it."""

    TASK = "task"
    SUMMARY = "summary"
    MILESTONE = "milestone"


@dataclass(frozen=True, slots=True)
class BarHit:
    """A bar as painted, in viewport pixels: its span, the progress end, its box's top."""

    x0: float
    x1: float
    progress_x: float
    top: float
    height: float
    shape: BarShape


def hit_test(bar: BarHit, x: float, y: float) -> DragKind:
    """Which part of ``bar`` the point (x, y) grabs.

    The progress handle sits in the lower half of the bar at the progress end; the right
    end stretches the duration; the rest moves the task. Summaries are rolled up from
    their subtasks, so they can only start a link; milestones have no length to stretch.
    """
    slack = RESIZE_PX if bar.shape is BarShape.MILESTONE else 1
    if not (bar.x0 - slack <= x <= bar.x1 + slack and bar.top <= y <= bar.top + bar.height):
        return DragKind.NONE
    if bar.shape is BarShape.SUMMARY:
        return DragKind.LINK
    if bar.shape is BarShape.MILESTONE:
        return DragKind.MOVE
    lower_half = y >= bar.top + bar.height / 2
    if lower_half and abs(x - bar.progress_x) <= PROGRESS_PX and bar.x1 - bar.x0 > 3 * RESIZE_PX:
        return DragKind.PROGRESS
    if x >= bar.x1 - RESIZE_PX:
        return DragKind.RESIZE_FINISH
    return DragKind.MOVE


def drag_started(dx: float, dy: float) -> bool:
    """True once the pointer has moved far enough for a press to count as a drag."""
    return abs(dx) + abs(dy) >= DRAG_START_PX


def promote(kind: DragKind, dx: float, dy: float, row_height: float) -> DragKind:
    """A move dragged mostly up or down, off its own row, becomes a link (as MS Project).

    Once a drag is a link it stays one, so the user can sweep across rows freely.
    """
    if kind is DragKind.MOVE and abs(dy) > row_height * 0.75 and abs(dy) > abs(dx):
        return DragKind.LINK
    return kind


# --- what a drag would change --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Moved:
    """The task would start at ``start`` (a Start No Earlier Than constraint)."""

    task_id: int
    start: datetime


@dataclass(frozen=True, slots=True)
class Stretched:
    """The task would finish at ``finish``: its duration becomes ``minutes``."""

    task_id: int
    finish: datetime
    minutes: int


@dataclass(frozen=True, slots=True)
class Progressed:
    """The task would be ``percent`` complete."""

    task_id: int
    percent: int


@dataclass(frozen=True, slots=True)
class Linked:
    """``successor`` would follow ``predecessor`` finish-to-start."""

    predecessor_id: int
    successor_id: int


Outcome = Moved | Stretched | Progressed | Linked


def moved(task_id: int, start: datetime, dx: float, scale: TimeScale, clock: DateClock) -> Moved:
    """Where a bar dragged by ``dx`` pixels would start, snapped to the zoom's unit."""
    target = scale.moment_at(scale.x_of(start) + dx)
    return Moved(task_id, snap_start(target, scale.level.snap, clock))


def stretched(
    task_id: int,
    start: datetime,
    finish: datetime,
    dx: float,
    scale: TimeScale,
    clock: DateClock,
    elapsed: bool = False,
) -> Stretched:
    """The finish and duration of a bar whose right end was dragged by ``dx`` pixels.

    The finish never goes before the start: a bar stretched to nothing is a zero-length
    task, and making it a milestone is a separate, explicit choice.
    """
    target = scale.moment_at(scale.x_of(finish) + dx)
    new_finish = max(start, snap_finish(target, scale.level.snap, clock))
    if elapsed:
        minutes = int((new_finish - start).total_seconds() // 60)
    else:
        minutes = max(0, clock.working_between(start, new_finish))
    return Stretched(task_id, new_finish, minutes)


def progressed(task_id: int, x: float, x0: float, x1: float) -> Progressed:
    """The % complete at pointer ``x`` on a bar spanning ``x0``..``x1`` (whole percent)."""
    if x1 <= x0:
        return Progressed(task_id, 100 if x >= x0 else 0)
    share = (x - x0) / (x1 - x0)
    return Progressed(task_id, round(min(1.0, max(0.0, share)) * 100))


def command_for(outcome: Outcome, portfolio: Portfolio, schedule: Schedule) -> Command | None:
    """The command that makes an outcome so; None when it would change nothing."""
    if isinstance(outcome, Linked):
        if outcome.predecessor_id == outcome.successor_id:
            return None
        return LinkTasks(outcome.predecessor_id, outcome.successor_id, label="Link tasks")
    task = portfolio.tasks.get(outcome.task_id)
    dates = schedule.tasks.get(outcome.task_id)
    if task is None or dates is None:
        return None
    if isinstance(outcome, Moved):
        if outcome.start == dates.start:
            return None
        return EditTask((task.id,), move_task_to(task, outcome.start), label="Move task")
    if isinstance(outcome, Stretched):
        if task.manual:
            changes: dict[str, object] = {"manual_finish": outcome.finish}
        elif outcome.minutes == task.duration_minutes:
            return None
        else:  # the task type decides whether work or units follow, as in the table
            return SetTaskDuration(task.id, outcome.minutes)
        return EditTask((task.id,), changes, label="Change duration")
    if outcome.percent == task.percent_complete:
        return None
    return EditTask((task.id,), {"percent_complete": outcome.percent}, label="Set % complete")
