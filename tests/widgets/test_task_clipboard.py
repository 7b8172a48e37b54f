"""Copy and paste of task rows as data: what a copy holds and what a paste adds."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest

from app.commands import AddProject, Batch, EditTask
from app.model import ConstraintKind, LinkKind, Portfolio
from app.schedule.result import Schedule
from tests.widgets.driver import build_plan
from widgets.task_clipboard import copy_rows, from_json, paste_command, to_json, to_text


def apply(portfolio: Portfolio, *commands: object) -> Portfolio:
    return Batch(tuple(commands)).apply(portfolio, Schedule())  # type: ignore[arg-type]


def test_copying_a_summary_brings_its_subtasks_and_inner_links() -> None:
    rows = copy_rows(build_plan(), [2])
    assert [(t.name, t.parent) for t in rows.tasks] == [
        ("Build", None),
        ("Code", 0),
        ("Review", 0),
    ]
    assert [(lk.predecessor, lk.successor) for lk in rows.links] == [(1, 2)]


def test_rows_are_copied_in_outline_order_once() -> None:
    rows = copy_rows(build_plan(), [5, 3, 2, 1])
    assert [t.name for t in rows.tasks] == ["Design", "Build", "Code", "Review", "Launch"]
    assert rows.tasks[4].milestone


def test_fields_survive_the_clipboard_round_trip() -> None:
    plan = apply(
        build_plan(),
        EditTask(
            (1,),
            {
                "notes": "Ask marketing",
                "fixed_cost": Decimal("1250.50"),
                "constraint": ConstraintKind.START_NO_EARLIER_THAN,
                "constraint_date": datetime(2026, 1, 7, 8, 0),
                "deadline": datetime(2026, 1, 9, 17, 0),
            },
        ),
    )
    rows = copy_rows(plan, [1, 3, 4])
    assert from_json(to_json(rows)) == rows
    assert rows.tasks[0].fields["fixed_cost"] == Decimal("1250.50")
    assert rows.links[0].kind is LinkKind.FS


def test_paste_adds_the_rows_with_the_ids_it_announced() -> None:
    plan = apply(build_plan(), AddProject("Intranet", datetime(2026, 2, 2, 8, 0)))
    rows = copy_rows(plan, [2])
    command, new_ids = paste_command(plan, 2, None, rows)
    after = command.apply(plan, Schedule())
    pasted = list(after.walk(2))
    assert [t.id for t in pasted] == new_ids
    assert [t.name for t in pasted] == ["Build", "Code", "Review"]
    assert [t.parent_id for t in pasted] == [None, new_ids[0], new_ids[0]]
    assert [lk.predecessor_id for lk in after.predecessors(new_ids[2])] == [new_ids[1]]


def test_paste_goes_below_the_current_row_in_order() -> None:
    plan = build_plan()
    command, new_ids = paste_command(plan, 1, 1, copy_rows(plan, [1, 5]))
    after = command.apply(plan, Schedule())
    assert [t.id for t in after.walk(1)] == [1, *new_ids, 2, 3, 4, 5]


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"tasks": [{"name": "x"}], "links": []}',
        '{"tasks": [], "links": [[0, 1, "FS", 0, "d", 0]]}',
        '{"tasks": [{"name": "a", "duration_minutes": 1, "duration_unit": "d", '
        '"milestone": false, "parent": 3, "fields": {}}], "links": []}',
    ],
)
def test_damaged_clipboard_text_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="does not hold Plansmith tasks"):
        from_json(text)


def test_plain_text_copy_is_names_and_durations() -> None:
    plan = build_plan()
    rows = copy_rows(plan, [2])
    settings = plan.projects[1].time
    assert to_text(rows, settings) == "Build\t1d\nCode\t2d\nReview\t1d"
    blank = replace(rows, tasks=())
    assert to_text(blank, settings) == ""
