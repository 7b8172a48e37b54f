"""The Edit menu's table commands: insert, delete, indent, outdent, move, cut, copy, paste.

Each turns the table's selection into one command for the window's single edit door and
puts the user back where they were working afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QMimeData
from PySide6.QtGui import QGuiApplication

from app.commands import AddTask, DeleteTasks, IndentTasks, MoveTasks, OutdentTasks
from app.document import Document
from widgets.task_clipboard import MIME_TYPE, copy_rows, from_json, paste_command, to_json, to_text

if TYPE_CHECKING:
    from widgets.main_window import MainWindow


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


class TaskCommands:
    """Table commands of one main window."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._view = window.task_view

    def _ready(self) -> tuple[Document, int] | None:
        """The document and shown project, unless a cell editor has the keys."""
        document, project_id = self._window.document, self._window.current_project_id
        if document is None or project_id is None or self._view.is_editing():
            return None
        return document, project_id

    def insert(self) -> None:
        """A new task below the current row, selected so typing names it (as MS Project)."""
        ready = self._ready()
        if ready is None:
            return
        document, project_id = ready
        command = AddTask(project_id, "New task", before_id=self._view.current_task_id())
        new_id = command.new_task_id(document.portfolio)
        if self._window.perform(command):
            self._view.select_tasks([new_id])

    def delete(self) -> None:
        """Delete the selected rows (with their subtasks); the row below takes the focus."""
        ids = self._view.selected_task_ids()
        ready = self._ready()
        if ready is None or not ids:
            return
        label = "Delete task" if len(ids) == 1 else f"Delete {len(ids)} tasks"
        neighbour = self._row_after(ready[0], ids)
        if self._window.perform(DeleteTasks(tuple(ids), label=label)) and neighbour is not None:
            self._view.select_tasks([neighbour])

    def _row_after(self, document: Document, task_ids: list[int]) -> int | None:
        """The task that will take the deleted rows' place, to keep the user there."""
        model = self._view.task_model()
        if model is None:
            return None
        doomed = set(task_ids)
        for task_id in task_ids:
            doomed.update(document.portfolio.descendants(task_id))
        order = model.task_ids()
        last = max(order.index(t) for t in task_ids)
        after = [t for t in order[last + 1 :] if t not in doomed]
        before = [t for t in order[:last] if t not in doomed]
        return after[0] if after else (before[-1] if before else None)

    def indent(self) -> None:
        """Alt+Shift+Right: the selected tasks go under the task above them."""
        ids = self._view.selected_task_ids()
        if self._ready() and ids:
            self._window.perform(IndentTasks(tuple(ids)))

    def outdent(self) -> None:
        """Alt+Shift+Left: the selected tasks go up one outline level."""
        ids = self._view.selected_task_ids()
        if self._ready() and ids:
            self._window.perform(OutdentTasks(tuple(ids)))

    def move(self, step: int) -> None:
        """Alt+Shift+Up/Down: swap with the sibling above (-1) or below (+1)."""
        ids = self._view.selected_task_ids()
        if self._ready() and ids:
            label = "Move up" if step < 0 else "Move down"
            self._window.perform(MoveTasks(tuple(ids), step, label=label))

    def copy(self) -> bool:
        """Put the selected rows (with subtasks) on the clipboard, for Plansmith and as text."""
        ids = self._view.selected_task_ids()
        ready = self._ready()
        if ready is None or not ids:
            return False
        portfolio = ready[0].portfolio
        rows = copy_rows(portfolio, ids)
        project = portfolio.projects[portfolio.tasks[ids[0]].project_id]
        mime = QMimeData()
        mime.setData(MIME_TYPE, QByteArray(to_json(rows).encode("utf-8")))
        mime.setText(to_text(rows, project.time))
        QGuiApplication.clipboard().setMimeData(mime)
        self._window.show_message(f"Copied {_count(len(rows.tasks), 'task')}")
        return True

    def cut(self) -> None:
        """Copy, then delete the rows as one undo step."""
        ids = self._view.selected_task_ids()
        if self.copy():
            label = "Cut task" if len(ids) == 1 else f"Cut {len(ids)} tasks"
            self._window.perform(DeleteTasks(tuple(ids), label=label))

    def paste(self) -> None:
        """Add the copied rows below the current row, in this project (one undo step)."""
        ready = self._ready()
        if ready is None:
            return
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not mime.hasFormat(MIME_TYPE):
            self._window.show_problem("The clipboard holds no tasks; copy task rows first")
            return
        try:
            rows = from_json(bytes(mime.data(MIME_TYPE).data()).decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            self._window.show_problem(str(exc))
            return
        document, project_id = ready
        after = self._view.current_task_id()
        command, new_ids = paste_command(document.portfolio, project_id, after, rows)
        if self._window.perform(command):
            self._view.select_tasks(new_ids)
