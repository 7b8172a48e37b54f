"""The tasks behind one usage cell: who booked the resource then, and a way to go there."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.model.portfolio import Portfolio
from app.resources.usage import UsageCell
from app.schedule.result import Schedule
from widgets.resources.rates import format_hours

TASK_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class CellTasksDialog(QDialog):
    """Lists the tasks that put work in a cell; Go to Task (or a double-click) jumps."""

    def __init__(
        self,
        title: str,
        cell: UsageCell,
        portfolio: Portfolio,
        schedule: Schedule,
        go_to: Callable[[int], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cellTasksDialog")
        self.setWindowTitle(title)
        self._go_to = go_to
        work = format_hours(cell.work_minutes) or "0h"
        capacity = format_hours(cell.capacity_minutes) or "0h"
        summary = QLabel(f"{work} of work against {capacity} available")
        self.tasks = QListWidget()
        self.tasks.setObjectName("cellTasks")
        for task_id in cell.task_ids:
            self.tasks.addItem(_task_item(portfolio, schedule, task_id))
        if self.tasks.count():
            self.tasks.setCurrentRow(0)
        self.tasks.itemDoubleClicked.connect(lambda _item: self.go_to_current())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.go_button = buttons.addButton("&Go to Task", QDialogButtonBox.ButtonRole.ActionRole)
        self.go_button.setEnabled(self.tasks.count() > 0)
        self.go_button.clicked.connect(self.go_to_current)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.tasks)
        layout.addWidget(buttons)
        self.resize(700, 300)

    def go_to_current(self) -> None:
        """Jump to the chosen task and close."""
        item = self.tasks.currentItem()
        if item is None:
            return
        self.accept()
        self._go_to(int(item.data(TASK_ID_ROLE)))


def _task_item(portfolio: Portfolio, schedule: Schedule, task_id: int) -> QListWidgetItem:
    task = portfolio.tasks[task_id]
    project = portfolio.projects[task.project_id]
    dates = schedule.tasks.get(task_id)
    when = f"  ({dates.start:%d %b} – {dates.finish:%d %b %Y})" if dates else ""
    item = QListWidgetItem(f"{project.name}: {task.name}{when}")
    item.setData(TASK_ID_ROLE, task_id)
    return item
