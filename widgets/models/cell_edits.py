"""What typing into a cell of the task table means, as a command (pure, no Qt).

The parsing and checking themselves live in ``app`` (``parse_duration``, ``SetPredecessors``,
``check_task``...); this module only picks the command for a column, as MS Project does:
a typed start becomes a Start No Earlier Than constraint, a typed finish a Finish No
Earlier Than one, and a zero duration makes a milestone.
"""

from __future__ import annotations

from datetime import date, datetime, time

from app.commands import (
    Batch,
    Command,
    EditTask,
    SetPredecessors,
    SetTaskDuration,
    SetTaskResources,
    move_task_to,
)
from app.model import ConstraintKind, Portfolio
from app.model.duration import parse_duration
from widgets.models.columns import Column


class CellEditError(ValueError):
    """Typed text that cannot become an edit; the message says why."""


def command_for_cell(portfolio: Portfolio, task_id: int, column: Column, value: object) -> Command:
    """The command that typing ``value`` into ``column`` of a task's row stands for.

    Raises:
        CellEditError: the value cannot be read, or the column is not editable.
    """
    task = portfolio.tasks[task_id]
    project = portfolio.projects[task.project_id]
    if column is Column.NAME:
        return EditTask((task_id,), {"name": str(value)}, label="Rename task")
    if column is Column.WBS:
        return EditTask((task_id,), {"wbs": str(value).strip() or None}, label="Set WBS code")
    if column is Column.DURATION:
        try:
            duration = parse_duration(str(value), project.time)
        except ValueError as exc:
            raise CellEditError(str(exc)) from exc
        # The task type decides whether work or units follow a new duration (MS Project).
        shown = {"duration_unit": duration.unit, "milestone": duration.minutes == 0}
        return Batch(
            (SetTaskDuration(task_id, duration.minutes), EditTask((task_id,), shown)),
            name="Set duration",
        )
    if column is Column.START:
        start = _moment(value, project.default_start_minute)
        return EditTask((task_id,), move_task_to(task, start), label="Set start")
    if column is Column.FINISH:
        finish = _moment(value, project.default_finish_minute)
        return EditTask((task_id,), _finish_fields(task.manual, finish), label="Set finish")
    if column is Column.PREDECESSORS:
        return SetPredecessors(task_id, str(value))
    if column is Column.RESOURCES:
        return SetTaskResources(task_id, str(value))
    if column is Column.PERCENT_COMPLETE:
        return EditTask((task_id,), {"percent_complete": _whole(value)}, label="Set % complete")
    raise CellEditError(f"the {column.header} column is computed and cannot be typed into")


def _finish_fields(manual: bool, finish: datetime) -> dict[str, object]:
    """A typed finish: the manual finish of a manual task, else a FNET constraint."""
    if manual:
        return {"manual_finish": finish}
    return {"constraint": ConstraintKind.FINISH_NO_EARLIER_THAN, "constraint_date": finish}


def _moment(value: object, minute_of_day: int) -> datetime:
    """A typed date at the project's usual time of day; a typed date-time as it is."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(minute_of_day // 60, minute_of_day % 60))
    raise CellEditError(f"{value!r} is not a date")


def _whole(value: object) -> int:
    """A whole percentage; the range is checked by the command."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise CellEditError(f"{value!r} is not a whole percentage")
