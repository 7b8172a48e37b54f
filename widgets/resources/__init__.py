"""The resource side of the main window: the Resources and Resource Usage tabs, the
Assignments and Brief a Person dialogs, and Project > Level Resources / Clear Levelling.

``install_resource_views`` is the one call the main window makes; everything else is
wired here so the window's own file stays small.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from app.commands.levelling import ClearLevelling
from widgets.resources.assignments_dialog import AssignmentsDialog
from widgets.resources.briefing_dialog import BriefingDialog
from widgets.resources.levelling_dialog import LevelDialog
from widgets.resources.sheet_view import ResourceSheet
from widgets.resources.usage_view import UsageView

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

#: Actions that need a file open for editing; the brief only needs a file open.
_EDITING = ("level_resources", "clear_levelling", "task_assignments")


class ResourceViews:
    """The tabs, dialogs and menu entries of resources for one main window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.sheet = ResourceSheet(window)
        self.usage = UsageView(window)
        window.add_view("Resources", self.sheet)
        window.add_view("Resource Usage", self.usage)
        window.documentChanged.connect(self.sheet.set_document)
        window.documentChanged.connect(self.usage.set_document)
        window.documentChanged.connect(lambda _d: self.refresh_actions())
        self._build_actions()
        self._build_menus()
        self.refresh_actions()

    def _build_actions(self) -> None:
        window = self.window
        entries = (
            ("level_resources", "&Level Resources...", self.level_resources, ()),
            ("clear_levelling", "&Clear Levelling", self.clear_levelling, ()),
            ("task_assignments", "Task &Assignments...", self.task_assignments, ("Alt+F10",)),
            ("brief_person", "&Brief a Person...", self.brief_person, ()),
        )
        for key, text, slot, keys in entries:
            action = QAction(text, window)
            action.setObjectName(key)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(lambda _checked=False, run=slot: run())
            window.actions[key] = action

    def _build_menus(self) -> None:
        """Levelling under Project (as in MS Project); a Resources menu before Help."""
        window = self.window
        bar = window.menuBar()
        project = next((m for m in window.menus if m.title().replace("&", "") == "Project"), None)
        if project is not None:
            project.addSeparator()
            project.addAction(window.actions["level_resources"])
            project.addAction(window.actions["clear_levelling"])
        menu = QMenu("&Resources", window)
        menu.setObjectName("resourcesMenu")
        menu.addAction(window.actions["task_assignments"])
        menu.addAction(window.actions["brief_person"])
        help_menu = next((m for m in window.menus if m.title().replace("&", "") == "Help"), None)
        if help_menu is not None:
            bar.insertMenu(help_menu.menuAction(), menu)
            window.menus.insert(window.menus.index(help_menu), menu)
        else:
            bar.addMenu(menu)
            window.menus.append(menu)
        menu.aboutToShow.connect(self.refresh_actions)
        if project is not None:
            project.aboutToShow.connect(self.refresh_actions)

    def refresh_actions(self) -> None:
        """Enable what applies to the open file."""
        document = self.window.document
        writable = document is not None and not document.read_only
        for key in _EDITING:
            self.window.actions[key].setEnabled(writable)
        self.window.actions["brief_person"].setEnabled(document is not None)

    # --- the commands -------------------------------------------------------------------

    def level_resources(self) -> None:
        """Open the Level Resources dialog."""
        document = self.window.document
        if document is None:
            return
        dialog = LevelDialog(
            document.portfolio, self.window.current_project_id, self.window.perform, self.window
        )
        self.window.open_dialog(dialog)

    def clear_levelling(self) -> None:
        """Remove every levelling delay in all projects (one undoable edit): levelling
        works across the shared pool, so clearing one project would leave it half done."""
        if self.window.perform(ClearLevelling(None)):
            self.window.show_message("Levelling cleared in all projects")

    def task_assignments(self) -> None:
        """Open the Assignments panel of the selected task."""
        document, model = self.window.document, self.window.task_model
        if document is None or model is None:
            return
        task_id = model.task_id(self.window.task_view.currentIndex())
        if task_id is None:
            self.window.show_problem("Select a task in the task table to edit its assignments")
            return
        dialog = AssignmentsDialog(
            document, task_id, self.window.perform, self.window.show_problem, self.window
        )
        self.window.open_dialog(dialog)

    def brief_person(self) -> None:
        """Open Brief a Person for the coming two weeks."""
        document = self.window.document
        if document is not None:
            self.window.open_dialog(BriefingDialog(document, date.today(), self.window))


def install_resource_views(window: MainWindow) -> ResourceViews:
    """Add the resource tabs, dialogs and menu entries to ``window``."""
    return ResourceViews(window)


__all__ = ["ResourceViews", "install_resource_views"]
