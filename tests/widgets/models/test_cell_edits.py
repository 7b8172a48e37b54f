"""What typing into each column means, as commands (no Qt needed)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.commands import EditTask, SetTaskResources
from app.model import ConstraintKind
from app.schedule.result import Schedule
from tests.widgets.driver import build_plan
from widgets.models.cell_edits import CellEditError, command_for_cell
from widgets.models.columns import Column


def test_a_typed_finish_is_a_finish_no_earlier_than_at_the_days_end() -> None:
    command = command_for_cell(build_plan(), 1, Column.FINISH, date(2026, 1, 9))
    assert command == EditTask(
        (1,),
        {
            "constraint": ConstraintKind.FINISH_NO_EARLIER_THAN,
            "constraint_date": datetime(2026, 1, 9, 17, 0),
        },
        label="Set finish",
    )


def test_a_manual_task_takes_typed_dates_as_they_are() -> None:
    plan = EditTask((1,), {"manual": True}).apply(build_plan(), Schedule())
    start = command_for_cell(plan, 1, Column.START, date(2026, 1, 6))
    finish = command_for_cell(plan, 1, Column.FINISH, date(2026, 1, 8))
    assert start.changes == {"manual_start": datetime(2026, 1, 6, 8, 0)}  # type: ignore[attr-defined]
    assert finish.changes == {"manual_finish": datetime(2026, 1, 8, 17, 0)}  # type: ignore[attr-defined]


def test_resources_percent_and_wbs() -> None:
    plan = build_plan()
    assert command_for_cell(plan, 3, Column.RESOURCES, "Alice") == SetTaskResources(3, "Alice")
    percent = command_for_cell(plan, 3, Column.PERCENT_COMPLETE, 40)
    assert percent.changes == {"percent_complete": 40}  # type: ignore[attr-defined]
    wbs = command_for_cell(plan, 3, Column.WBS, "  ")
    assert wbs.changes == {"wbs": None}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        (Column.DURATION, "soon", "cannot read"),
        (Column.DURATION, "3 lightyears", "unknown duration unit"),
        (Column.DURATION, "50%", "only allowed for a lag"),
        (Column.START, "tomorrow", "is not a date"),
        (Column.PERCENT_COMPLETE, "half", "whole percentage"),
        (Column.TOTAL_SLACK, "2d", "computed"),
        (Column.ID, "7", "computed"),
    ],
)
def test_values_that_cannot_be_an_edit_say_why(column: Column, value: object, reason: str) -> None:
    with pytest.raises(CellEditError, match=reason):
        command_for_cell(build_plan(), 1, column, value)


def test_every_column_has_a_header() -> None:
    assert all(column.header for column in Column)
    assert len({column.header for column in Column}) == len(Column)
