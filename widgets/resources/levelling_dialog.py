"""Project > Level Resources...: MS Project's Resource Leveling dialog, reduced to the
choices the core offers, run as one undoable edit through the window's one door."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.commands.levelling import LevelResources
from app.model.portfolio import Portfolio
from app.resources.levelling import LevelOptions, level_resources
from widgets.sinks import EditSink


class LevelDialog(QDialog):
    """Scope, within-slack and clear-first; Level Now runs it and reports what is left."""

    def __init__(
        self,
        portfolio: Portfolio,
        project_id: int | None,
        perform: EditSink,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("levelDialog")
        self.setWindowTitle("Level Resources")
        self._portfolio = portfolio
        self._project_id = project_id
        self._perform = perform
        name = portfolio.projects[project_id].name if project_id in portfolio.projects else ""
        self.this_project = QRadioButton(f"&This project ({name})" if name else "&This project")
        self.this_project.setObjectName("levelThisProject")
        self.this_project.setEnabled(bool(name))
        self.all_projects = QRadioButton("&All projects (the shared pool)")
        self.all_projects.setObjectName("levelAllProjects")
        (self.this_project if name else self.all_projects).setChecked(True)
        self.within_slack = QCheckBox("Level only &within available slack")
        self.within_slack.setObjectName("levelWithinSlack")
        self.clear_first = QCheckBox("&Clear levelling values before levelling")
        self.clear_first.setObjectName("levelClearFirst")
        self.clear_first.setChecked(True)
        self.report = QLabel()
        self.report.setObjectName("levelReport")
        self.report.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.level_button = self.buttons.addButton(
            "&Level Now", QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.level_button.setObjectName("levelNow")
        self.level_button.clicked.connect(self.level_now)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()

    def _lay_out(self) -> None:
        scope = QGroupBox("Level")
        scope_layout = QVBoxLayout(scope)
        scope_layout.addWidget(self.this_project)
        scope_layout.addWidget(self.all_projects)
        layout = QVBoxLayout(self)
        layout.addWidget(scope)
        layout.addWidget(self.within_slack)
        layout.addWidget(self.clear_first)
        layout.addWidget(
            QLabel(
                "Lower-priority tasks are delayed first; project priority decides between projects."
            )
        )
        layout.addWidget(self.report)
        layout.addWidget(self.buttons)

    def options(self) -> LevelOptions:
        """The choices made, as the core's options."""
        scope = None
        if self.this_project.isChecked() and self._project_id is not None:
            scope = (self._project_id,)
        return LevelOptions(
            project_ids=scope,
            within_slack=self.within_slack.isChecked(),
            clear_first=self.clear_first.isChecked(),
        )

    def level_now(self) -> bool:
        """Level as one undoable edit and say which tasks are still over-allocated.

        The preview is run first for its list of unresolved tasks, which the command
        (returning only the new portfolio) does not hand back.
        """
        options = self.options()
        unresolved = level_resources(self._portfolio, options).unresolved
        done = self._perform(LevelResources(options))
        self.report.setText(_report(self._portfolio, unresolved, done))
        self.level_button.setEnabled(not done)
        return done


def _report(portfolio: Portfolio, unresolved: tuple[int, ...], done: bool) -> str:
    """The user's words for what levelling did and could not resolve."""
    head = "Levelled" if done else "Nothing was changed"
    if not unresolved:
        return f"{head}: no over-allocation is left in the scope."
    names = [_task_name(portfolio, t) for t in unresolved if t in portfolio.tasks]
    shown = "\n".join(f"• {n}" for n in names[:12])
    more = f"\n… and {len(names) - 12} more" if len(names) > 12 else ""
    return f"{head}, but {len(names)} task(s) could not be resolved:\n{shown}{more}"


def _task_name(portfolio: Portfolio, task_id: int) -> str:
    """``Project: 1.2 Task``: the WBS tells apart tasks of the same name."""
    task = portfolio.tasks[task_id]
    return f"{portfolio.projects[task.project_id].name}: {portfolio.wbs(task_id)} {task.name}"
