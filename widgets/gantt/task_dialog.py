"""Task Information: every field of one task on six tabs, applied as one undo step.

Like MS Project's dialog: General, Predecessors, Resources, Advanced, Notes, Cost. OK
turns the fields that changed into commands (the same ones the table's cells use) and
performs them as one Batch through the window's edit door.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.commands import Batch, Command, EditTask, SetPredecessors, SetTaskResources
from app.commands.links import format_predecessors
from app.commands.resources import format_assignments
from app.model import ConstraintKind, Duration, Portfolio, TaskType
from app.model.duration import format_duration
from app.model.money import format_money
from app.schedule.result import Schedule
from widgets.gantt.tooltips import task_cost
from widgets.models.cell_edits import CellEditError, command_for_cell
from widgets.models.columns import Column, format_moment
from widgets.sinks import EditSink

CONSTRAINT_NAMES = {
    ConstraintKind.ASAP: "As Soon As Possible",
    ConstraintKind.ALAP: "As Late As Possible",
    ConstraintKind.MUST_START_ON: "Must Start On",
    ConstraintKind.MUST_FINISH_ON: "Must Finish On",
    ConstraintKind.START_NO_EARLIER_THAN: "Start No Earlier Than",
    ConstraintKind.START_NO_LATER_THAN: "Start No Later Than",
    ConstraintKind.FINISH_NO_EARLIER_THAN: "Finish No Earlier Than",
    ConstraintKind.FINISH_NO_LATER_THAN: "Finish No Later Than",
}
TYPE_NAMES = {
    TaskType.FIXED_UNITS: "Fixed Units",
    TaskType.FIXED_DURATION: "Fixed Duration",
    TaskType.FIXED_WORK: "Fixed Work",
}


def _qt(moment: datetime | None) -> QDateTime:
    return QDateTime(moment) if moment is not None else QDateTime()


def _python(edit: QDateTimeEdit) -> datetime:
    value = edit.dateTime().toPython()
    assert isinstance(value, datetime)
    return value.replace(second=0, microsecond=0)


def _date_edit(moment: datetime | None, fallback: datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit(_qt(moment or fallback))
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setCalendarPopup(True)
    return edit


class TaskDialog(QDialog):
    """Task Information for one task."""

    def __init__(
        self,
        portfolio: Portfolio,
        schedule: Schedule,
        task_id: int,
        perform: EditSink,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("taskDialog")
        self.setWindowTitle("Task Information")
        self._portfolio, self._perform = portfolio, perform
        self.task = portfolio.tasks[task_id]
        self._dates = schedule.tasks.get(task_id)
        self._project = portfolio.projects[self.task.project_id]
        self.summary = portfolio.is_summary(task_id)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._general(), "General")
        self.tabs.addTab(self._predecessors(), "Predecessors")
        self.tabs.addTab(self._resources(), "Resources")
        self.tabs.addTab(self._advanced(), "Advanced")
        self.tabs.addTab(self._notes(), "Notes")
        self.tabs.addTab(self._cost(), "Cost")
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    # --- the tabs ---------------------------------------------------------------------------

    def _general(self) -> QWidget:
        task, page = self.task, QWidget()
        form = QFormLayout(page)
        self.name = QLineEdit(task.name)
        self.duration = QLineEdit(self._duration_text())
        self.duration.setEnabled(not self.summary)
        self.percent = QSpinBox()
        self.percent.setRange(0, 100)
        self.percent.setSuffix("%")
        self.percent.setValue(task.percent_complete)
        self.percent.setEnabled(not self.summary)
        self.priority = QSpinBox()
        self.priority.setRange(0, 1000)
        self.priority.setValue(task.priority)
        self.milestone = QCheckBox("Mark task as &milestone")
        self.milestone.setChecked(task.milestone)
        form.addRow("&Name:", self.name)
        form.addRow("&Duration:", self.duration)
        form.addRow("&Percent complete:", self.percent)
        form.addRow("P&riority:", self.priority)
        form.addRow(self.milestone)
        if self._dates is not None:
            form.addRow("Start:", QLabel(format_moment(self._dates.start, -1)))
            form.addRow("Finish:", QLabel(format_moment(self._dates.finish, -1)))
        return page

    def _duration_text(self) -> str:
        minutes = self._dates.duration_minutes if self._dates else self.task.duration_minutes
        return format_duration(Duration(minutes, self.task.duration_unit), self._project.time)

    def _predecessors(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.predecessors = QLineEdit(format_predecessors(self._portfolio, self.task.id))
        form.addRow("&Predecessors:", self.predecessors)
        form.addRow(QLabel("Task IDs with type and lag, e.g. 3, 4SS+2d, 7FF-1d"))
        for link in self._portfolio.predecessors(self.task.id):
            pred = self._portfolio.tasks[link.predecessor_id]
            row = self._portfolio.row_number(pred.id)
            form.addRow(f"{row}  {pred.name}", QLabel(link.kind.value))
        return page

    def _resources(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.resources = QLineEdit(format_assignments(self._portfolio, self.task.id))
        form.addRow("&Resources:", self.resources)
        form.addRow(QLabel("Names with units, e.g. Ana, Ben[50%]; new names join the pool"))
        return page

    def _advanced(self) -> QWidget:
        task, page = self.task, QWidget()
        form = QFormLayout(page)
        start = self._dates.start if self._dates else self._project.start
        self.constraint = QComboBox()
        for kind, name in CONSTRAINT_NAMES.items():
            self.constraint.addItem(name, kind)
        self.constraint.setCurrentIndex(list(CONSTRAINT_NAMES).index(task.constraint))
        self.constraint_date = _date_edit(task.constraint_date, start)
        self.has_deadline = QCheckBox("&Deadline:")
        self.has_deadline.setChecked(task.deadline is not None)
        self.deadline = _date_edit(task.deadline, start)
        self.task_type = QComboBox()
        for kind, name in TYPE_NAMES.items():
            self.task_type.addItem(name, kind)
        self.task_type.setCurrentIndex(list(TYPE_NAMES).index(task.task_type))
        self.effort_driven = QCheckBox("&Effort driven")
        self.effort_driven.setChecked(task.effort_driven)
        form.addRow("&Constraint type:", self.constraint)
        form.addRow("Constraint d&ate:", self.constraint_date)
        form.addRow(self.has_deadline, self.deadline)
        form.addRow("Task &type:", self.task_type)
        form.addRow(self.effort_driven)
        self.constraint.currentIndexChanged.connect(self._enable_dates)
        self.has_deadline.toggled.connect(self._enable_dates)
        self._enable_dates()
        return page

    def _enable_dates(self) -> None:
        self.constraint_date.setEnabled(ConstraintKind(self.constraint.currentData()).needs_date)
        self.deadline.setEnabled(self.has_deadline.isChecked())

    def _notes(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.notes = QPlainTextEdit(self.task.notes)
        layout.addWidget(self.notes)
        return page

    def _cost(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        digits, currency = self._project.currency_digits, self._project.currency
        self.fixed_cost = QLineEdit(format_money(self.task.fixed_cost, digits))
        planned = format_money(task_cost(self._portfolio, self.task.id), digits)
        form.addRow(f"&Fixed cost ({currency}):", self.fixed_cost)
        form.addRow("Planned cost:", QLabel(f"{planned} {currency}"))
        return page

    # --- applying ---------------------------------------------------------------------------

    def changes(self) -> dict[str, object]:
        """The task's fields that the General, Advanced, Notes and Cost tabs changed.

        Raises:
            ValueError: a field cannot be read (the message says which).
        """
        task, wanted = self.task, self._wanted()
        return {key: value for key, value in wanted.items() if getattr(task, key) != value}

    def _wanted(self) -> dict[str, object]:
        kind = ConstraintKind(self.constraint.currentData())
        try:
            fixed_cost = Decimal(self.fixed_cost.text().strip() or "0")
        except InvalidOperation as exc:
            raise ValueError(f"fixed cost: {self.fixed_cost.text()!r} is not an amount") from exc
        wanted: dict[str, object] = {
            "name": self.name.text(),
            "priority": self.priority.value(),
            "milestone": self.milestone.isChecked(),
            "constraint": kind,
            "constraint_date": _python(self.constraint_date) if kind.needs_date else None,
            "deadline": _python(self.deadline) if self.has_deadline.isChecked() else None,
            "task_type": TaskType(self.task_type.currentData()),
            "effort_driven": self.effort_driven.isChecked(),
            "notes": self.notes.toPlainText(),
            "fixed_cost": fixed_cost,
        }
        if not self.summary:
            wanted["percent_complete"] = self.percent.value()
        return wanted

    def commands(self) -> list[Command]:
        """Every change the dialog holds, as the commands that make it.

        Raises:
            ValueError: a field cannot be read.
        """
        found: list[Command] = []
        changes = self.changes()
        if changes:
            found.append(EditTask((self.task.id,), changes, label="Task information"))
        if not self.summary and self.duration.text() != self._duration_text():
            try:
                cell = command_for_cell(
                    self._portfolio, self.task.id, Column.DURATION, self.duration.text()
                )
            except CellEditError as exc:
                raise ValueError(f"duration: {exc}") from exc
            found.append(cell)
        if self.predecessors.text() != format_predecessors(self._portfolio, self.task.id):
            found.append(SetPredecessors(self.task.id, self.predecessors.text()))
        if self.resources.text() != format_assignments(self._portfolio, self.task.id):
            found.append(SetTaskResources(self.task.id, self.resources.text()))
        return found

    def accept(self) -> None:
        """Qt override: apply all changes as one undo step; stay open when refused."""
        try:
            found = self.commands()
        except ValueError as exc:
            self.problem.setText(str(exc))
            return
        if not found or self._perform(Batch(tuple(found), name="Task information")):
            super().accept()
