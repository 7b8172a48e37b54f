"""Helpers that drive the window as a user would: click a cell, type, answer a dialog."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.commands import AddProject, AddTask, Batch, IndentTasks, LinkTasks
from app.model import Portfolio
from app.schedule.result import Schedule
from app.store import Store
from widgets.models.columns import Column
from widgets.task_view import TaskTreeView

START = datetime(2026, 1, 5, 8, 0)  # a Monday


def build_plan() -> Portfolio:
    """Project "Website" with a summary "Build" over two tasks, linked in a chain.

    Rows: 1 Design (3d), 2 Build (summary), 3 Code (2d), 4 Review (1d), 5 Launch (0d).
    """
    commands = (
        AddProject("Website", START),
        AddTask(1, "Design", duration_minutes=3 * 480),
        AddTask(1, "Build"),
        AddTask(1, "Code", duration_minutes=2 * 480),
        AddTask(1, "Review"),
        AddTask(1, "Launch", milestone=True),
        IndentTasks((3, 4)),
        LinkTasks(1, 3),
        LinkTasks(3, 4),
        LinkTasks(4, 5),
    )
    return Batch(commands).apply(Portfolio(), Schedule())


def write_plan(path: Path) -> Path:
    """A real ``.plansmith`` file holding ``build_plan()``, closed again."""
    Store.create(path, build_plan()).close()
    return path


def stored(path: Path) -> Portfolio:
    """What the file holds now, read through a separate read-only connection."""
    store = Store.open(path, read_only=True)
    try:
        return store.load()
    finally:
        store.close()


def cell_center(view: TaskTreeView, task_id: int, column: Column) -> QPoint:
    """Where a task's cell is on screen (in viewport coordinates)."""
    model = view.task_model()
    assert model is not None
    index = model.index_of(task_id, column)
    assert index.isValid(), f"task {task_id} is not shown"
    view.scrollTo(index)
    return view.visualRect(index).center()


def click_cell(qtbot: QtBot, view: TaskTreeView, task_id: int, column: Column) -> None:
    """Click a cell, as a user selecting a row."""
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=cell_center(view, task_id, column)
    )


def type_into_cell(
    qtbot: QtBot, view: TaskTreeView, task_id: int, column: Column, text: str, how: str = "F2"
) -> None:
    """Open a cell's editor (F2 or a double-click), replace its text, press Return."""
    click_cell(qtbot, view, task_id, column)
    if how == "F2":
        qtbot.keyClick(view, Qt.Key.Key_F2)
    else:
        pos = cell_center(view, task_id, column)
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), f"no text editor opened, focus is on {editor!r}"
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, text)
    press_return(qtbot, view, editor)


def press_return(qtbot: QtBot, view: TaskTreeView, editor: QWidget) -> None:
    """Return in a cell editor; Qt commits it on the next turn of the event loop."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.is_editing())


def answer_next_dialog(answer: Callable[[QWidget], None]) -> list[str]:
    """Answer the next modal dialog (opened with ``exec``) once it shows; returns its texts."""
    texts: list[str] = []

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            QTimer.singleShot(10, poll)
            return
        texts.append(widget.text() if isinstance(widget, QMessageBox) else widget.windowTitle())
        answer(widget)

    QTimer.singleShot(0, poll)
    return texts


def press_button(text: str) -> Callable[[QWidget], None]:
    """An answer that clicks the message box button labelled ``text``."""

    def press(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox)
        for button in widget.buttons():
            if button.text().replace("&", "") == text:
                button.click()
                return
        raise AssertionError(f"no button {text!r} in {[b.text() for b in widget.buttons()]}")

    return press
