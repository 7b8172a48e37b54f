"""TaskTreeModel: Qt's model contract, what cells show, and edits as commands."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.commands import (
    AddTask,
    Batch,
    Command,
    DeleteTasks,
    EditTask,
    IndentTasks,
    SetPredecessors,
    SetTaskDuration,
)
from app.commands.resources import SetTaskResources
from app.document import Document
from app.model import ConstraintKind, DurationUnit
from widgets.models.columns import Column
from widgets.models.task_tree_model import CRITICAL_COLOR, TASK_ID_ROLE, TaskTreeModel


def cell(model: TaskTreeModel, task_id: int, column: Column) -> str:
    return model.data(model.index_of(task_id, column), Qt.ItemDataRole.DisplayRole)


@pytest.fixture
def sink() -> list[Command]:
    return []


@pytest.fixture
def model(document: Document, sink: list[Command]) -> TaskTreeModel:
    def record(command: Command) -> bool:
        sink.append(command)
        return True

    return TaskTreeModel(document, record, project_id=1)


def test_passes_qtmodeltester(model: TaskTreeModel, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(model, force_py=True)


def test_passes_qts_own_model_tester(document: Document, qtmodeltester: ModelTester) -> None:
    model = TaskTreeModel(document, lambda c: bool(document.execute(c)), project_id=1)
    qtmodeltester.check(model)  # QAbstractItemModelTester, in C++
    document.execute(AddTask(1, "Deploy", after_id=3))
    document.execute(EditTask((1,), {"duration_minutes": 960}))
    model.set_project(None)
    assert model.rowCount() == 0


def test_passes_qtmodeltester_through_edits_and_resets(
    document: Document, qtmodeltester: ModelTester
) -> None:
    model = TaskTreeModel(document, lambda c: bool(document.execute(c)), project_id=1)
    qtmodeltester.check(model, force_py=True)
    document.execute(EditTask((3,), {"duration_minutes": 5 * 480}))
    document.execute(AddTask(1, "Deploy", after_id=4))
    document.execute(IndentTasks((5,)))
    document.execute(DeleteTasks((3,)))
    assert model.task_ids() == [1, 2, 4, 6, 5]  # Launch went under Build, after Deploy


def test_tree_follows_the_outline(model: TaskTreeModel) -> None:
    assert model.rowCount() == 3
    build = model.index(1, 0)
    assert build.internalId() == 2
    assert model.rowCount(build) == 2
    code = model.index(0, 0, build)
    assert code.data(TASK_ID_ROLE) == 3
    assert model.parent(code) == build
    assert model.parent(build) == QModelIndex()


def test_cells_show_ids_wbs_dates_links_and_slack(model: TaskTreeModel) -> None:
    assert cell(model, 3, Column.ID) == "3"
    assert cell(model, 3, Column.WBS) == "2.1"
    assert cell(model, 1, Column.DURATION) == "3d"
    assert cell(model, 5, Column.DURATION) == "0d"
    assert cell(model, 1, Column.START) == "Mon 2026-01-05"
    assert cell(model, 1, Column.FINISH) == "Wed 2026-01-07"
    assert cell(model, 5, Column.START) == "Mon 2026-01-12 17:00"
    assert cell(model, 4, Column.PREDECESSORS) == "3"
    assert cell(model, 2, Column.DURATION) == "3d"  # rolled up from Code and Review
    assert cell(model, 1, Column.TOTAL_SLACK) == "0d"
    assert cell(model, 1, Column.CRITICAL) == "Yes"
    assert [Column(c).header for c in range(model.columnCount())][:3] == ["ID", "WBS", "Task Name"]


def test_critical_tasks_are_red_and_summaries_bold(
    model: TaskTreeModel, document: Document
) -> None:
    document.execute(AddTask(1, "Side job", after_id=5))
    side = model.index_of(6, Column.NAME)
    assert model.data(side, Qt.ItemDataRole.ForegroundRole) is None
    design = model.index_of(1, Column.NAME)
    assert model.data(design, Qt.ItemDataRole.ForegroundRole) == CRITICAL_COLOR
    assert model.data(model.index_of(2, Column.NAME), Qt.ItemDataRole.FontRole).bold()


def test_summary_dates_are_not_editable_but_its_name_is(model: TaskTreeModel) -> None:
    editable = Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index_of(2, Column.DURATION)) & editable
    assert model.flags(model.index_of(2, Column.NAME)) & editable
    assert model.flags(model.index_of(3, Column.DURATION)) & editable
    assert not model.flags(model.index_of(3, Column.TOTAL_SLACK)) & editable


def test_set_data_builds_commands_and_changes_nothing_itself(
    model: TaskTreeModel, sink: list[Command], document: Document
) -> None:
    before = document.portfolio
    assert model.setData(model.index_of(1, Column.NAME), "Design v2")
    assert model.setData(model.index_of(1, Column.DURATION), "2w")
    assert model.setData(model.index_of(3, Column.START), QDate(2026, 2, 2))
    assert model.setData(model.index_of(3, Column.FINISH), QDate(2026, 2, 20))
    assert model.setData(model.index_of(5, Column.PREDECESSORS), "4FS+2d")
    assert document.portfolio is before
    rename, duration, start, finish, links = sink
    assert rename == EditTask((1,), {"name": "Design v2"}, label="Rename task")
    assert duration == Batch(
        (
            SetTaskDuration(1, 2 * 2400),
            EditTask((1,), {"duration_unit": DurationUnit.WEEKS, "milestone": False}),
        ),
        name="Set duration",
    )
    assert start.changes == {
        "constraint": ConstraintKind.START_NO_EARLIER_THAN,
        "constraint_date": datetime(2026, 2, 2, 8, 0),
    }
    assert finish.changes == {
        "constraint": ConstraintKind.FINISH_NO_EARLIER_THAN,
        "constraint_date": datetime(2026, 2, 20, 17, 0),
    }
    assert links == SetPredecessors(5, "4FS+2d")


def test_zero_duration_makes_a_milestone(model: TaskTreeModel, sink: list[Command]) -> None:
    assert model.setData(model.index_of(1, Column.DURATION), "0d")
    set_minutes, shown = sink[0].commands  # type: ignore[attr-defined]
    assert set_minutes.minutes == 0 and shown.changes["milestone"] is True


def test_unreadable_duration_is_refused_with_a_reason(
    model: TaskTreeModel, sink: list[Command], qtbot: QtBot
) -> None:
    with qtbot.waitSignal(model.editRefused) as refused:
        assert not model.setData(model.index_of(1, Column.DURATION), "three days")
    assert "Duration" in refused.args[0]
    assert "3d" in refused.args[0]  # the message shows how to write one
    assert sink == []


def test_typing_the_same_value_is_no_edit(model: TaskTreeModel, sink: list[Command]) -> None:
    assert not model.setData(model.index_of(1, Column.NAME), "Design")
    assert sink == []


def test_value_changes_emit_data_changed_for_the_rows(
    model: TaskTreeModel, document: Document, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(model.dataChanged) as changed:
        document.execute(EditTask((4,), {"name": "Code review"}))
    top_left, bottom_right = changed.args[:2]
    assert top_left.internalId() in (3, 4)
    assert cell(model, 4, Column.NAME) == "Code review"
    assert bottom_right.column() == len(Column) - 1


def test_structure_changes_reset_the_model(
    model: TaskTreeModel, document: Document, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(model.modelReset):
        document.execute(AddTask(1, "Deploy", after_id=5))
    assert model.rowCount() == 4
    assert cell(model, 6, Column.ID) == "6"


def test_detached_model_no_longer_follows(model: TaskTreeModel, document: Document) -> None:
    model.detach()
    document.execute(EditTask((1,), {"name": "Elsewhere"}))
    assert cell(model, 1, Column.NAME) == "Design"


def test_cell_texts_are_kept_until_an_edit_changes_them(
    model: TaskTreeModel, document: Document
) -> None:
    """Texts are made once and kept; each kind of edit refreshes the cells it changes."""
    columns = (Column.ID, Column.WBS, Column.DURATION, Column.FINISH, Column.PREDECESSORS)
    for task_id in (1, 3, 4, 5):
        for column in (*columns, Column.RESOURCES):
            cell(model, task_id, column)  # fill the texts
    assert cell(model, 4, Column.FINISH) == "Mon 2026-01-12"
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    document.execute(EditTask((3,), {"duration_minutes": 3 * 480}))  # Review follows Code
    assert cell(model, 3, Column.DURATION) == "3d"
    assert cell(model, 4, Column.FINISH) == "Tue 2026-01-13"
    assert cell(model, 4, Column.PREDECESSORS) == "3"
    document.execute(SetPredecessors(4, "1FS+1d"))
    assert cell(model, 4, Column.PREDECESSORS) == "1FS+1d"
    document.execute(SetTaskResources(4, "Alice"))
    assert cell(model, 4, Column.RESOURCES) == "Alice"
    document.execute(EditTask((4,), {"wbs": "B-2"}))
    assert cell(model, 4, Column.WBS) == "B-2"
    assert not resets
    document.execute(AddTask(1, "Plan", before_id=1))  # every row below is renumbered
    assert resets
    assert (cell(model, 1, Column.ID), cell(model, 5, Column.ID)) == ("2", "6")
    assert cell(model, 3, Column.WBS) == "3.1"
    assert cell(model, 5, Column.PREDECESSORS) == "5"


def test_leaves_say_they_never_have_children(model: TaskTreeModel) -> None:
    never = Qt.ItemFlag.ItemNeverHasChildren
    assert model.flags(model.index_of(1, Column.NAME)) & never
    assert not model.flags(model.index_of(2, Column.NAME)) & never
    assert model.task_count() == 5
