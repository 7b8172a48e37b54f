"""The main window driven as a user would, on a real file: every edit must reach the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.widgets.driver import click_cell, press_return, stored, type_into_cell, write_plan
from widgets.main import build_window
from widgets.main_window import MainWindow
from widgets.models.columns import Column
from widgets.models.task_tree_model import TaskTreeModel

ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def show(qtbot: QtBot, window: MainWindow) -> MainWindow:
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@pytest.fixture
def window(qtbot: QtBot, plan_file: Path) -> MainWindow:
    built = build_window(plan_file)
    assert built is not None
    return show(qtbot, built)


def model_of(window: MainWindow) -> TaskTreeModel:
    model = window.task_view.task_model()
    assert model is not None
    return model


def text(window: MainWindow, task_id: int, column: Column) -> str:
    model = model_of(window)
    return model.data(model.index_of(task_id, column), Qt.ItemDataRole.DisplayRole)


def problem_box(window: MainWindow) -> QMessageBox:
    box = window.findChild(QMessageBox, "problemBox")
    assert box is not None and box.isVisible(), "no problem was shown"
    return box


def test_title_names_the_file_and_status_bar_the_plan(window: MainWindow) -> None:
    assert window.windowTitle() == "website.plansmith — Plansmith"
    assert window.findChild(type(window._count_label), "countLabel").text() == "5 tasks"
    finish = window.findChild(type(window._count_label), "finishLabel").text()
    assert finish == "Project finish: Mon 2026-01-12"
    assert text(window, 2, Column.NAME) == "Build"


def test_renaming_a_task_in_place_reaches_the_file(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    type_into_cell(qtbot, window.task_view, 1, Column.NAME, "Wireframes")
    assert text(window, 1, Column.NAME) == "Wireframes"
    assert stored(plan_file).tasks[1].name == "Wireframes"
    current = window.task_view.currentIndex()  # Return moved on to the next row
    assert (current.internalId(), current.column()) == (2, Column.NAME)


def test_typing_a_duration_moves_the_finish(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    assert text(window, 3, Column.FINISH) == "Fri 2026-01-09"
    type_into_cell(qtbot, window.task_view, 3, Column.DURATION, "3d", how="double-click")
    assert text(window, 3, Column.DURATION) == "3d"
    assert text(window, 3, Column.FINISH) == "Mon 2026-01-12"
    assert text(window, 5, Column.FINISH) == "Tue 2026-01-13"  # successors follow
    assert stored(plan_file).tasks[3].duration_minutes == 3 * 480


def test_an_unreadable_duration_is_refused_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    before = stored(plan_file)
    type_into_cell(qtbot, window.task_view, 3, Column.DURATION, "3 parsecs")
    box = problem_box(window)
    assert "unknown duration unit" in box.text()
    assert "unknown duration unit" in window.statusBar().currentMessage()
    assert text(window, 3, Column.DURATION) == "2d"
    assert stored(plan_file) == before
    assert window.undo_stack.count() == 0
    box.close()


def test_a_blank_name_is_refused_with_the_reason(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    type_into_cell(qtbot, window.task_view, 1, Column.NAME, "   ")
    assert "a task needs a name" in problem_box(window).text()
    assert stored(plan_file).tasks[1].name == "Design"


def test_insert_key_adds_a_task_above_the_current_one(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    click_cell(qtbot, window.task_view, 2, Column.NAME)
    qtbot.keyClick(window.task_view, Qt.Key.Key_Insert)
    model = model_of(window)
    assert model.task_ids() == [1, 6, 2, 3, 4, 5]  # above the current row, as in MS Project
    assert window.task_view.current_task_id() == 6
    assert text(window, 6, Column.ID) == "2"
    assert stored(plan_file).tasks[6].name == "New task"
    # typing goes straight into the new row's name, as in MS Project
    qtbot.keyClicks(window.task_view, "S")
    qtbot.keyClicks(QApplication.focusWidget(), "itemap")
    press_return(qtbot, window.task_view, QApplication.focusWidget())
    assert stored(plan_file).tasks[6].name == "Sitemap"


def test_indent_then_undo_and_redo_each_reach_the_file(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    click_cell(qtbot, window.task_view, 5, Column.NAME)
    qtbot.keyClick(window.task_view, Qt.Key.Key_Right, ALT_SHIFT)
    model = model_of(window)
    assert model.parent(model.index_of(5)).internalId() == 2
    assert stored(plan_file).tasks[5].parent_id == 2
    assert window.task_view.current_task_id() == 5  # the user keeps their place
    assert window.actions["undo"].text() == "&Undo Indent"

    qtbot.keyClick(window.task_view, Qt.Key.Key_Z, CTRL)
    assert not model.parent(model.index_of(5)).isValid()
    assert stored(plan_file).tasks[5].parent_id is None

    qtbot.keyClick(window.task_view, Qt.Key.Key_Y, CTRL)
    assert model.parent(model.index_of(5)).internalId() == 2
    assert stored(plan_file).tasks[5].parent_id == 2


def test_outdent_and_move_keys(qtbot: QtBot, window: MainWindow, plan_file: Path) -> None:
    click_cell(qtbot, window.task_view, 4, Column.NAME)
    qtbot.keyClick(window.task_view, Qt.Key.Key_Left, ALT_SHIFT)
    assert stored(plan_file).tasks[4].parent_id is None
    assert model_of(window).task_ids() == [1, 2, 3, 4, 5]
    qtbot.keyClick(window.task_view, Qt.Key.Key_Up, ALT_SHIFT)
    assert model_of(window).task_ids() == [1, 4, 2, 3, 5]
    assert stored(plan_file).tasks[4].position == 1
    qtbot.keyClick(window.task_view, Qt.Key.Key_Down, ALT_SHIFT)
    assert model_of(window).task_ids() == [1, 2, 3, 4, 5]


def test_outdent_that_would_link_a_summary_to_its_subtask_is_refused(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    click_cell(qtbot, window.task_view, 3, Column.NAME)
    qtbot.keyClick(window.task_view, Qt.Key.Key_Left, ALT_SHIFT)  # Review would go under Code
    assert "loop" in problem_box(window).text()
    assert stored(plan_file).tasks[3].parent_id == 2
    assert window.undo_stack.count() == 0


def test_delete_key_removes_the_rows_and_undo_brings_them_back(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    click_cell(qtbot, window.task_view, 2, Column.NAME)
    qtbot.keyClick(window.task_view, Qt.Key.Key_Delete)
    assert model_of(window).task_ids() == [1, 5]
    assert set(stored(plan_file).tasks) == {1, 5}
    assert window.task_view.current_task_id() == 5
    window.actions["undo"].trigger()
    assert model_of(window).task_ids() == [1, 2, 3, 4, 5]
    assert set(stored(plan_file).tasks) == {1, 2, 3, 4, 5}
    assert len(stored(plan_file).links) == 3


def test_an_edit_survives_closing_and_reopening_the_window(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    type_into_cell(qtbot, window.task_view, 4, Column.NAME, "Code review")
    window.close()
    again = build_window(plan_file)
    assert again is not None
    show(qtbot, again)
    assert text(again, 4, Column.NAME) == "Code review"


def test_typing_a_start_date_sets_a_start_no_earlier_than(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    click_cell(qtbot, window.task_view, 1, Column.START)
    qtbot.keyClick(window.task_view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor, "2026-01-07")
    press_return(qtbot, window.task_view, editor)
    assert text(window, 1, Column.START) == "Wed 2026-01-07"
    task = stored(plan_file).tasks[1]
    assert task.constraint.short == "SNET"
    assert task.constraint_date is not None and task.constraint_date.isoformat() == (
        "2026-01-07T08:00:00"
    )


def test_predecessors_and_resources_typed_as_text(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    type_into_cell(qtbot, window.task_view, 5, Column.PREDECESSORS, "1FS+2d, 4")
    type_into_cell(qtbot, window.task_view, 3, Column.RESOURCES, "Alice[50%], Server")
    assert text(window, 5, Column.PREDECESSORS) == "1FS+2d, 4"
    assert text(window, 3, Column.RESOURCES) == "Alice[50%], Server"
    saved = stored(plan_file)
    assert {r.name for r in saved.resources.values()} == {"Alice", "Server"}
    assert len(saved.predecessors(5)) == 2
    type_into_cell(qtbot, window.task_view, 1, Column.PREDECESSORS, "5")
    assert "loop" in problem_box(window).text() or "cycle" in problem_box(window).text()
    assert stored(plan_file).predecessors(1) == []


def test_collapsed_rows_stay_collapsed_and_new_summaries_open_after_a_reset(
    qtbot: QtBot, window: MainWindow
) -> None:
    view, model = window.task_view, model_of(window)
    view.collapse(model.index_of(2))
    click_cell(qtbot, view, 5, Column.NAME)
    qtbot.keyClick(view, Qt.Key.Key_Insert)  # a reset: rows came
    assert not view.isExpanded(model.index_of(2))
    click_cell(qtbot, view, 5, Column.NAME)
    qtbot.keyClick(view, Qt.Key.Key_Right, ALT_SHIFT)  # Launch goes under the new task
    assert view.isExpanded(model.index_of(6))
    assert not view.isExpanded(model.index_of(2))
    assert view.selected_task_ids() == [5]


def test_percent_complete_is_typed_in_a_spin_box(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    click_cell(qtbot, window.task_view, 1, Column.PERCENT_COMPLETE)
    qtbot.keyClick(window.task_view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor, "40")
    press_return(qtbot, window.task_view, editor)
    assert text(window, 1, Column.PERCENT_COMPLETE) == "40%"
    assert stored(plan_file).tasks[1].percent_complete == 40


def test_summary_dates_cannot_be_typed(qtbot: QtBot, window: MainWindow) -> None:
    click_cell(qtbot, window.task_view, 2, Column.DURATION)
    qtbot.keyClick(window.task_view, Qt.Key.Key_F2)
    assert not window.task_view.is_editing()


def test_open_recent_lists_files_and_opens_one(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    other = write_plan(tmp_path / "other.plansmith")
    assert window.files.open_path(other)
    window.files.fill_recent_menu(window.recent_menu)
    entries = [a.text() for a in window.recent_menu.actions()]
    assert entries == ["&1 other.plansmith", "&2 website.plansmith"]
    window.recent_menu.actions()[1].trigger()
    assert window.windowTitle() == "website.plansmith — Plansmith"


def test_undoing_an_insert_leaves_the_focus_where_the_row_was(
    qtbot: QtBot, window: MainWindow
) -> None:
    click_cell(qtbot, window.task_view, 4, Column.NAME)
    qtbot.keyClick(window.task_view, Qt.Key.Key_Insert)
    assert window.task_view.current_task_id() == 6
    qtbot.keyClick(window.task_view, Qt.Key.Key_Z, CTRL)
    assert window.task_view.current_task_id() == 4  # the row below took its place
    qtbot.keyClick(window.task_view, Qt.Key.Key_Insert)  # and the keys still work from there
    assert model_of(window).task_ids() == [1, 2, 3, 6, 4, 5]


def test_a_new_duration_moves_a_task_that_has_a_resource(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    type_into_cell(qtbot, window.task_view, 1, Column.RESOURCES, "Alice")
    type_into_cell(qtbot, window.task_view, 1, Column.DURATION, "5d")
    assert text(window, 1, Column.FINISH).startswith("Fri 2026-01-09")
    (assignment,) = stored(plan_file).assignments.values()
    assert assignment.work_minutes == 5 * 480  # fixed units: work follows the duration
