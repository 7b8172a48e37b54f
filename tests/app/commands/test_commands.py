"""The command layer on its own: pure edits of a Portfolio, and their refusals."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.commands import (
    AddTask,
    DeleteTasks,
    EditError,
    EditTask,
    IndentTasks,
    LinkTasks,
    MergePortfolio,
    MoveTasks,
    OutdentTasks,
    SetPredecessors,
    SetTaskResources,
    UnlinkTasks,
)
from app.commands.links import format_predecessors, parse_predecessors
from app.commands.resources import format_assignments
from app.model import ConstraintKind, DurationUnit, LinkKind, Portfolio, TimeSettings
from tests.builders import apply, small_portfolio


def names(portfolio: Portfolio, project_id: int = 1) -> list[str]:
    return [f"{portfolio.outline_number(t.id)} {t.name}" for t in portfolio.walk(project_id)]


def test_add_task_after_a_sibling_renumbers_positions() -> None:
    p = apply(small_portfolio(), AddTask(1, "Review", after_id=1))
    assert names(p) == ["1 Design", "2 Review", "3 Build", "4 Test"]
    assert p.tasks[4].uid == 4


def test_insert_above_a_task_like_the_insert_key() -> None:
    p = apply(small_portfolio(), AddTask(1, "Kick-off", before_id=1))
    assert names(p) == ["1 Kick-off", "2 Design", "3 Build", "4 Test"]


def test_indent_makes_a_summary_and_outdent_undoes_it_like_ms_project() -> None:
    p = apply(small_portfolio(), IndentTasks((2,)), IndentTasks((3,)))
    assert names(p) == ["1 Design", "1.1 Build", "1.2 Test"]
    assert p.is_summary(1)
    p = apply(p, OutdentTasks((2,)))
    # MS Project: the siblings below an outdented task become its subtasks
    assert names(p) == ["1 Design", "2 Build", "2.1 Test"]


def test_indent_of_the_first_task_is_refused() -> None:
    with pytest.raises(EditError, match="no task above"):
        apply(small_portfolio(), IndentTasks((1,)))


def test_move_down_and_up() -> None:
    p = apply(small_portfolio(), MoveTasks((1,), +1))
    assert names(p) == ["1 Build", "2 Design", "3 Test"]
    with pytest.raises(EditError, match="cannot move further"):
        apply(p, MoveTasks((3,), +1))


def test_delete_takes_subtasks_links_and_assignments_along() -> None:
    p = apply(
        small_portfolio(("Phase", "A", "B", "After")),
        IndentTasks((2,)),
        IndentTasks((3,)),
        LinkTasks(2, 4),
        SetTaskResources(2, "Alice[50%]"),
    )
    p = apply(p, DeleteTasks((1,)))
    assert names(p) == ["1 After"]
    assert not p.links and not p.assignments
    assert [r.name for r in p.resources.values()] == ["Alice"]


def test_edit_task_validates() -> None:
    p = small_portfolio()
    with pytest.raises(EditError, match="needs a name"):
        apply(p, EditTask((1,), {"name": "  "}))
    with pytest.raises(EditError, match="between 0 and 100"):
        apply(p, EditTask((1,), {"percent_complete": 101}))
    with pytest.raises(EditError, match="needs a date"):
        apply(p, EditTask((1,), {"constraint": ConstraintKind.MUST_START_ON}))
    with pytest.raises(EditError, match="cannot be edited"):
        apply(p, EditTask((1,), {"id": 7}))


def test_links_refuse_self_loops_and_summary_to_own_subtask() -> None:
    p = apply(small_portfolio(), IndentTasks((2,)))
    with pytest.raises(EditError, match="itself"):
        apply(p, LinkTasks(1, 1))
    with pytest.raises(EditError, match="summary and its own subtask"):
        apply(p, LinkTasks(1, 2))
    p = apply(p, LinkTasks(2, 3))
    with pytest.raises(EditError, match="loop"):
        apply(p, LinkTasks(3, 2))


def test_predecessor_notation_round_trips() -> None:
    settings = TimeSettings()
    specs = parse_predecessors("1FS+2d, 2SS-4h; 3FF+50%", settings)
    assert [(s.row, s.kind, s.lag_minutes, s.lag_percent) for s in specs] == [
        (1, LinkKind.FS, 960, 0),
        (2, LinkKind.SS, -240, 0),
        (3, LinkKind.FF, 0, 50),
    ]
    p = apply(small_portfolio(("A", "B", "C", "D")), SetPredecessors(4, "1FS+2d, 2SS-4h, 3"))
    assert format_predecessors(p, 4) == "1FS+2d, 2SS-4h, 3"
    assert {lk.kind for lk in p.predecessors(4)} == {LinkKind.FS, LinkKind.SS}
    ss = next(lk for lk in p.predecessors(4) if lk.kind is LinkKind.SS)
    assert (ss.lag_minutes, ss.lag_unit) == (-240, DurationUnit.HOURS)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9", "no task with ID 9"),
        ("1XX", "cannot read"),
        ("1FS+3q", "unknown duration unit"),
        ("1, 1", "named twice"),
    ],
)
def test_bad_predecessors_are_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(EditError, match=message):
        apply(small_portfolio(), SetPredecessors(3, text))


def test_resources_notation_adds_unknown_people_to_the_pool() -> None:
    p = apply(small_portfolio(), SetTaskResources(1, "Alice[50%], Bob"))
    assert format_assignments(p, 1) == "Alice[50%], Bob"
    alice = next(a for a in p.assignments.values() if a.units == 0.5)
    assert alice.work_minutes == 240
    p = apply(p, SetTaskResources(2, "alice"))
    assert len(p.resources) == 2
    with pytest.raises(EditError, match="cannot read"):
        apply(p, SetTaskResources(1, "[50%]"))


def test_unlink() -> None:
    p = apply(small_portfolio(), LinkTasks(1, 2), LinkTasks(2, 3, LinkKind.SS))
    p = apply(p, UnlinkTasks((1,)))
    assert [(lk.predecessor_id, lk.successor_id) for lk in p.links.values()] == [(2, 3)]


def test_merge_renumbers_every_reference() -> None:
    base = apply(small_portfolio(), LinkTasks(1, 2))
    fragment = apply(small_portfolio(("X", "Y")), IndentTasks((2,)), SetTaskResources(2, "Eve"))
    merged = apply(base, MergePortfolio(fragment, name="Imported"))
    assert sorted(p.name for p in merged.projects.values()) == ["Demo", "Imported"]
    new = merged.project_by_ref("Imported").id
    assert names(merged, new) == ["1 X", "1.1 Y"]
    y = next(t for t in merged.tasks.values() if t.name == "Y")
    assert merged.tasks[y.parent_id].name == "X"
    assert merged.projects[new].calendar_id != merged.projects[1].calendar_id
    (assignment,) = merged.task_assignments(y.id)
    assert merged.resources[assignment.resource_id].name == "Eve"
    assert y.uid == 2  # UIDs from the source are kept


def test_move_constraint_is_snet() -> None:
    from app.commands import move_task_to

    task = small_portfolio().tasks[1]
    when = datetime(2026, 2, 2, 8)
    assert move_task_to(task, when) == {
        "constraint": ConstraintKind.START_NO_EARLIER_THAN,
        "constraint_date": when,
    }
