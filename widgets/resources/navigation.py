"""Jumping from a resource or portfolio view to a task or project in the task table."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from widgets.main_window import MainWindow


def show_task_tab(window: MainWindow) -> None:
    """Bring the tab holding the task table to the front (it may sit inside the Gantt)."""
    for index in range(window.views.count()):
        tab = window.views.widget(index)
        if tab is window.task_view or tab.isAncestorOf(window.task_view):
            window.views.setCurrentIndex(index)
            return


def open_project(window: MainWindow, project_id: int) -> None:
    """Show a project's tasks."""
    window.select_project(project_id)
    show_task_tab(window)


def jump_to_task(window: MainWindow, task_id: int) -> None:
    """Show the task's project, select the task's row and give the table the focus."""
    document = window.document
    if document is None or task_id not in document.portfolio.tasks:
        return
    open_project(window, document.portfolio.tasks[task_id].project_id)
    window.task_view.select_tasks([task_id])
    window.task_view.setFocus()
