"""Menu commands of the main window: projects, copy and paste, files, layout, menus."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QTableWidget,
)
from pytestqt.qtbot import QtBot

from app.commands import EditTask
from app.io.mspdi import read_mspdi
from app.store import Store
from tests.widgets.driver import click_cell, stored
from tests.widgets.test_main_window import model_of, problem_box, show, text
from widgets.dialogs.project_info import ProjectInfoDialog
from widgets.main import build_window
from widgets.main_window import UNDO_LIMIT, MainWindow
from widgets.models.columns import Column

CTRL = Qt.KeyboardModifier.ControlModifier
SAMPLES = Path(__file__).resolve().parents[2] / ".." / "shared" / "samples" / "real"


@pytest.fixture
def window(qtbot: QtBot, plan_file: Path) -> MainWindow:
    built = build_window(plan_file)
    assert built is not None
    return show(qtbot, built)


def open_dialog(window: MainWindow, key: str) -> ProjectInfoDialog:
    window.actions[key].trigger()
    dialog = window.findChild(ProjectInfoDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def press_ok(qtbot: QtBot, dialog: ProjectInfoDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_new_project_from_the_project_menu(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    dialog = open_dialog(window, "new_project")
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Intranet")
    dialog.priority.setValue(700)
    press_ok(qtbot, dialog)
    saved = stored(plan_file)
    assert [p.name for p in saved.projects.values()] == ["Website", "Intranet"]
    assert saved.projects[2].priority == 700
    assert window.current_project_id == 2
    assert model_of(window).rowCount() == 0
    assert window.project_view.currentIndex().data() == "Intranet"
    window.actions["undo"].trigger()  # one undo step takes the whole new project away
    assert list(stored(plan_file).projects) == [1]
    assert window.current_project_id == 1


def test_project_information_changes_the_project(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    dialog = open_dialog(window, "project_info")
    assert dialog.name.text() == "Website"
    dialog.start.setDateTime(datetime(2026, 1, 12, 8, 0))
    dialog.has_status_date.setChecked(True)
    dialog.currency.setText("usd")
    press_ok(qtbot, dialog)
    project = stored(plan_file).projects[1]
    assert project.start == datetime(2026, 1, 12, 8, 0)
    assert project.currency == "USD"
    assert project.status_date is not None
    assert text(window, 1, Column.START) == "Mon 2026-01-12"  # rescheduled from the new start


def test_a_project_without_a_name_is_refused(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    dialog = open_dialog(window, "project_info")
    dialog.name.clear()
    press_ok(qtbot, dialog)
    assert "a project needs a name" in problem_box(window).text()
    assert stored(plan_file).projects[1].name == "Website"


def test_renaming_and_deleting_a_project(qtbot: QtBot, window: MainWindow, plan_file: Path) -> None:
    window.actions["rename_project"].trigger()
    editor = QApplication.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor, "Web shop")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored(plan_file).projects[1].name == "Web shop")
    window.actions["delete_project"].trigger()
    assert stored(plan_file).projects == {}
    assert stored(plan_file).tasks == {}
    assert window.current_project_id is None
    assert "Undo brings it back" in window.statusBar().currentMessage()
    window.actions["undo"].trigger()
    assert window.current_project_id == 1
    assert len(stored(plan_file).tasks) == 5


def test_copy_and_paste_rows_into_another_project(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    window.projects.create_project({"name": "Intranet", "start": datetime(2026, 2, 2, 8, 0)})
    window.select_project(1)
    click_cell(qtbot, window.task_view, 2, Column.NAME)  # the summary: subtasks come along
    qtbot.keyClick(window.task_view, Qt.Key.Key_C, CTRL)
    window.select_project(2)
    window.task_view.setFocus()
    qtbot.keyClick(window.task_view, Qt.Key.Key_V, CTRL)
    saved = stored(plan_file)
    pasted = [t for t in saved.walk(2)]
    assert [(t.name, t.duration_minutes) for t in pasted] == [
        ("Build", 480),
        ("Code", 960),
        ("Review", 480),
    ]
    assert pasted[1].parent_id == pasted[0].id
    assert [(lk.predecessor_id, lk.successor_id) for lk in saved.predecessors(pasted[2].id)] == [
        (pasted[1].id, pasted[2].id)
    ]
    assert window.task_view.selected_task_ids() == [t.id for t in pasted]
    assert text(window, pasted[2].id, Column.START) == "Wed 2026-02-04"
    assert window.undo_stack.undoText() == "Paste 3 tasks"


def test_cut_then_paste_moves_a_task(qtbot: QtBot, window: MainWindow, plan_file: Path) -> None:
    click_cell(qtbot, window.task_view, 1, Column.NAME)
    qtbot.keyClick(window.task_view, Qt.Key.Key_X, CTRL)
    assert 1 not in stored(plan_file).tasks
    click_cell(qtbot, window.task_view, 5, Column.NAME)
    qtbot.keyClick(window.task_view, Qt.Key.Key_V, CTRL)
    assert [t.name for t in stored(plan_file).walk(1)][-1] == "Design"
    assert text(window, 6, Column.DURATION) == "3d"


def test_paste_without_copied_tasks_says_so(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    QApplication.clipboard().setText("just some words")
    click_cell(qtbot, window.task_view, 1, Column.NAME)
    qtbot.keyClick(window.task_view, Qt.Key.Key_V, CTRL)
    assert "no tasks" in problem_box(window).text()
    assert len(stored(plan_file).tasks) == 5


def test_save_as_continues_in_the_copy(
    qtbot: QtBot, window: MainWindow, plan_file: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.plansmith"
    assert window.files.save_as(copy)
    assert window.windowTitle() == "copy.plansmith — Plansmith"
    type_name = "Design v2"
    model = model_of(window)
    model.setData(model.index_of(1, Column.NAME), type_name)
    assert stored(copy).tasks[1].name == type_name
    assert stored(plan_file).tasks[1].name == "Design"
    Store.open(plan_file).close()  # the original is no longer held


def test_new_file_starts_with_one_empty_project(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "fresh.plansmith"
    assert window.files.new_file(path)
    assert window.windowTitle() == "fresh.plansmith — Plansmith"
    assert [p.name for p in stored(path).projects.values()] == ["Project 1"]
    assert window.current_project_id == 1
    assert not window.files.new_file(path)  # never overwrites
    assert "already exists" in problem_box(window).text()


def test_window_layout_is_remembered(qtbot: QtBot, window: MainWindow, plan_file: Path) -> None:
    window.resize(QSize(700, 500))
    window.splitter.setSizes([150, 550])
    window.task_view.setColumnWidth(Column.NAME, 333)
    window.close()
    again = build_window(plan_file)
    assert again is not None
    show(qtbot, again)
    assert again.size() == QSize(700, 500)
    assert again.splitter.sizes()[0] == 150
    assert again.task_view.columnWidth(Column.NAME) == 333


def test_hiding_the_project_list_is_remembered(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    window.actions["show_projects"].trigger()
    assert not window.project_view.isVisibleTo(window)
    window.close()
    again = build_window(plan_file)
    assert again is not None
    show(qtbot, again)
    assert not again.actions["show_projects"].isChecked()
    assert not again.project_view.isVisibleTo(again)


def test_reschedule_recomputes_and_says_so(window: MainWindow, plan_file: Path) -> None:
    window.actions["reschedule"].trigger()
    assert window.statusBar().currentMessage() == "Rescheduled"
    assert text(window, 4, Column.FINISH) == "Mon 2026-01-12"


def test_menus_show_only_commands_that_exist(window: MainWindow) -> None:
    titles = [menu.title() for menu in window.menus]
    assert titles == ["&File", "&Edit", "&View", "&Project", "&Resources", "&Help"]
    texts = [a.text() for menu in window.menus for a in menu.actions() if not a.isSeparator()]
    assert {"&Import", "&Export", "&Print..."} <= set(texts)
    assert all(action.receivers("2triggered(bool)") for action in window.actions.values())


def test_keyboard_shortcuts_dialog_lists_the_real_keys(window: MainWindow) -> None:
    window.actions["shortcuts"].trigger()
    table = window.findChild(QTableWidget)
    assert table is not None and table.isVisible()
    rows = {table.item(r, 1).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert rows["Indent"] == "Alt+Shift+Right"
    assert rows["Insert Task"] == "Ins"
    assert rows["Redo"].startswith("Ctrl+Y")


def test_read_only_window_refuses_edits(qtbot: QtBot, plan_file: Path) -> None:
    window = build_window(plan_file, read_only=True)
    assert window is not None
    show(qtbot, window)
    model = model_of(window)
    assert not model.flags(model.index_of(1, Column.NAME)) & Qt.ItemFlag.ItemIsEditable
    click_cell(qtbot, window.task_view, 1, Column.NAME)
    qtbot.keyClick(window.task_view, Qt.Key.Key_Insert)
    assert model.rowCount() == 3
    assert window.findChild(QMessageBox, "problemBox") is None


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not present")
def test_import_ms_project_xml_adds_a_project(window: MainWindow, plan_file: Path) -> None:
    assert window.files.import_mspdi(SAMPLES / "mspdirelations.xml")
    saved = stored(plan_file)
    assert len(saved.projects) == 2
    assert window.current_project_id == 2
    assert model_of(window).rowCount() > 0
    assert window.statusBar().currentMessage().startswith("Imported mspdirelations.xml")


def test_import_of_a_broken_file_is_refused(
    window: MainWindow, plan_file: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<Project><Tasks><Task>")
    assert not window.files.import_mspdi(broken)
    assert "broken.xml" in problem_box(window).text()
    assert len(stored(plan_file).projects) == 1


def test_export_ms_project_xml_writes_the_shown_project(window: MainWindow, tmp_path: Path) -> None:
    target = tmp_path / "website.xml"
    assert window.files.export_mspdi(target)
    again = read_mspdi(target).portfolio
    assert [t.name for t in again.tasks.values()] == ["Design", "Build", "Code", "Review", "Launch"]
    assert str(target) in window.statusBar().currentMessage()


def test_export_to_a_folder_that_does_not_exist_is_reported(
    window: MainWindow, tmp_path: Path
) -> None:
    assert not window.files.export_mspdi(tmp_path / "missing" / "website.xml")
    assert "Cannot export" in problem_box(window).text()


def test_no_two_commands_share_a_key(window: MainWindow) -> None:
    seen: dict[str, str] = {}
    for key, action in window.actions.items():
        for sequence in action.shortcuts():
            shown = sequence.toString()
            assert shown not in seen, f"{shown} is bound to both {seen[shown]} and {key}"
            seen[shown] = key
    assert {"Ctrl+Z", "Ctrl+Y", "Ins", "Del", "Alt+Shift+Right", "Alt+Shift+Left"} <= set(seen)


def test_the_window_keeps_a_bounded_history(window: MainWindow) -> None:
    assert window.undo_stack.undoLimit() == UNDO_LIMIT
    for number in range(UNDO_LIMIT + 5):
        assert window.perform(EditTask((1,), {"priority": number}))
    assert window.undo_stack.count() == UNDO_LIMIT


def test_zoom_changes_the_table_text_and_is_remembered(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    view = window.task_view
    normal_size, normal_row = view.font().pointSizeF(), view.rowHeight(view.model().index(0, 0))
    window.actions["zoom_in"].trigger()
    window.actions["zoom_in"].trigger()
    assert view.font().pointSizeF() == normal_size + 2
    qtbot.waitUntil(lambda: view.rowHeight(view.model().index(0, 0)) > normal_row)
    window.close()
    again = build_window(plan_file)
    assert again is not None
    show(qtbot, again)
    assert again.task_view.font().pointSizeF() == normal_size + 2
    again.actions["zoom_reset"].trigger()
    assert again.task_view.font().pointSizeF() == normal_size
    for _ in range(40):
        again.actions["zoom_out"].trigger()
    assert again.task_view.font().pointSizeF() == 6.0


def test_file_menu_commands_ask_for_a_name_then_act(
    window: MainWindow, plan_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([str(tmp_path / "copy"), str(tmp_path / "fresh.plansmith"), str(plan_file)])
    ask = lambda *args, **kwargs: (next(answers), "")  # noqa: E731 - stands in for a dialog
    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", ask)
    window.actions["save_as"].trigger()
    assert window.windowTitle() == "copy.plansmith — Plansmith"  # the suffix was added
    window.actions["new"].trigger()
    assert window.windowTitle() == "fresh.plansmith — Plansmith"
    window.actions["open"].trigger()
    assert window.windowTitle() == "website.plansmith — Plansmith"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    window.actions["open"].trigger()  # cancelled: nothing changes
    assert window.windowTitle() == "website.plansmith — Plansmith"
