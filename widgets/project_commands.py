"""The Project menu: new project, project information, rename, delete, reschedule."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from app.commands import (
    AddProject,
    Batch,
    ClearBaseline,
    DeleteProject,
    EditProject,
    SaveBaseline,
)
from app.commands.baselines import saved_baselines
from app.model import Project
from app.schedule import ScheduleError
from app.store import StoreError
from widgets.dialogs.baseline import BaselineDialog
from widgets.dialogs.project_info import ProjectInfoDialog

if TYPE_CHECKING:
    from widgets.main_window import MainWindow


class ProjectCommands:
    """Project commands of one main window."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def new_project(self) -> None:
        """Project > New Project: the Project Information dialog with a fresh project."""
        document = self._window.document
        if document is None:
            return
        count = len(document.portfolio.projects)
        draft = Project(0, f"Project {count + 1}", datetime.combine(date.today(), time(8, 0)))
        dialog = ProjectInfoDialog(draft, "New Project", self._window)
        dialog.accepted.connect(lambda: self.create_project(dialog.values()))
        self._window.open_dialog(dialog)

    def create_project(self, values: dict[str, Any]) -> bool:
        """Add a project with the dialog's values, as one undo step, and show it."""
        document = self._window.document
        if document is None:
            return False
        new_id = document.portfolio.next_id("projects")
        add = AddProject(values["name"], values["start"], values.get("currency") or "EUR")
        rest = {k: v for k, v in values.items() if k in ("status_date", "priority")}
        if not self._window.perform(Batch((add, EditProject(new_id, rest)), name="New project")):
            return False
        self._window.select_project(new_id)
        return True

    def project_info(self) -> None:
        """Project > Project Information for the shown project."""
        project = self._window.current_project()
        if project is None:
            return
        dialog = ProjectInfoDialog(project, f"Project Information — {project.name}", self._window)
        dialog.accepted.connect(lambda: self.update_project(dialog.changes()))
        self._window.open_dialog(dialog)

    def update_project(self, changes: dict[str, Any]) -> bool:
        """Apply the Project Information dialog's changes to the shown project."""
        project = self._window.current_project()
        if project is None:
            return False
        return not changes or self._window.perform(EditProject(project.id, changes))

    def set_baseline(self) -> None:
        """Project > Set Baseline: save (or clear) a baseline of the shown project."""
        project, document = self._window.current_project(), self._window.document
        if project is None or document is None:
            return
        dialog = BaselineDialog(
            project.name, saved_baselines(document.portfolio, project.id), self._window
        )
        dialog.accepted.connect(lambda: self.apply_baseline(dialog.action, dialog.number))
        self._window.open_dialog(dialog)

    def apply_baseline(self, action: int, number: int) -> bool:
        """Save or clear baseline ``number`` of the shown project as one undoable edit."""
        project = self._window.current_project()
        if project is None:
            return False
        if action == BaselineDialog.SAVE:
            done = self._window.perform(SaveBaseline(project.id, number))
            what = "Saved"
        else:
            done = self._window.perform(ClearBaseline(project.id, number))
            what = "Cleared"
        if done:
            self._window.show_message(f"{what} baseline {number} of {project.name}")
        return done

    def rename(self) -> None:
        """Project > Rename Project: edit the name in place in the project list."""
        view, project_id = self._window.project_view, self._window.current_project_id
        model = view.model()
        if model is None or project_id is None:
            return
        row = model.row_of(project_id)  # type: ignore[attr-defined]
        view.edit(model.index(row, 0))

    def delete(self) -> None:
        """Project > Delete Project (undoable, so no question asked)."""
        project = self._window.current_project()
        if project is None:
            return
        if self._window.perform(DeleteProject(project.id, label=f"Delete project {project.name}")):
            self._window.show_message(f"Deleted project {project.name} (Undo brings it back)")

    def reschedule(self) -> None:
        """Recompute every date from scratch (F9), e.g. after calendars changed outside."""
        document = self._window.document
        model = self._window.task_view.task_model()
        if document is None or model is None:
            return
        try:
            document.reschedule_all()
        except (ScheduleError, StoreError) as exc:
            self._window.show_problem(f"Reschedule failed: {exc}")
            return
        model.refresh()
        self._window.refresh_chrome()
        self._window.show_message("Rescheduled")
