"""Task Assignments...: the selected task's resources with their units and work.

Editing units or work goes through ``SetAssignmentUnits`` / ``SetAssignmentWork``, and
the task's duration through ``SetTaskDuration``; the task type (fixed units, work or
duration) decides in the core which of the other two follows, and this panel just shows
the result when the Document reports the change.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.commands import Batch, Command
from app.commands.assignments import (
    AssignResource,
    SetAssignmentUnits,
    SetAssignmentWork,
    SetTaskDuration,
    UnassignResource,
    effort_driven,
)
from app.document import Change, Document
from app.model.resource import Assignment, ResourceType
from app.model.task import TaskType
from widgets.resources.rates import (
    ValueRefused,
    format_hours,
    format_units,
    parse_units,
    parse_work,
)
from widgets.sinks import EditSink

ASSIGNMENT_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
RESOURCE, UNITS, WORK = 0, 1, 2
_TASK_TYPES = {
    TaskType.FIXED_UNITS: "Fixed units",
    TaskType.FIXED_DURATION: "Fixed duration",
    TaskType.FIXED_WORK: "Fixed work",
}


class AssignmentsDialog(QDialog):
    """One task's assignments, edited in place; follows the Document while open."""

    def __init__(
        self,
        document: Document,
        task_id: int,
        perform: EditSink,
        report: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("assignmentsDialog")
        self._document = document
        self._task_id = task_id
        self._perform = perform
        self._report = report
        self._filling = False
        self.task_label = QLabel()
        self.duration = QLineEdit()
        self.duration.setObjectName("assignmentDuration")
        self.duration.editingFinished.connect(self._duration_typed)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("assignmentTable")
        self.table.setHorizontalHeaderLabels(["Resource", "Units", "Work"])
        self.table.horizontalHeader().setSectionResizeMode(RESOURCE, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(self._cell_typed)
        self.resource_choice = QComboBox()
        self.resource_choice.setObjectName("assignResourceChoice")
        self.assign_button = QPushButton("&Assign")
        self.assign_button.setObjectName("assignResource")
        self.assign_button.clicked.connect(self.assign_chosen)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setObjectName("removeAssignment")
        self.remove_button.clicked.connect(self.remove_selected)
        self._lay_out()
        self._unsubscribe = document.subscribe(self._on_change)
        self.finished.connect(lambda _r: self._unsubscribe())
        self.fill()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(self.task_label)
        form.addRow("&Duration (days):", self.duration)
        adding = QHBoxLayout()
        adding.addWidget(self.resource_choice, 1)
        adding.addWidget(self.assign_button)
        adding.addWidget(self.remove_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table)
        layout.addLayout(adding)
        layout.addWidget(buttons)
        self.resize(520, 340)

    # --- showing ------------------------------------------------------------------------

    def fill(self) -> None:
        """Show the task's current assignments, duration and the resources left to assign."""
        portfolio = self._document.portfolio
        task = portfolio.tasks.get(self._task_id)
        if task is None:
            self.reject()
            return
        self._filling = True
        driven = ", effort-driven" if effort_driven(task) else ""
        self.setWindowTitle(f"Assignments: {task.name}")
        self.task_label.setText(f"<b>{task.name}</b> — {_TASK_TYPES[task.task_type]}{driven}")
        self.duration.setText(f"{task.duration_minutes / self._minutes_per_day():g}")
        rows = portfolio.task_assignments(self._task_id)
        self.table.setRowCount(len(rows))
        for row, assignment in enumerate(rows):
            self._fill_row(row, assignment)
        assigned = {a.resource_id for a in rows}
        self.resource_choice.clear()
        for resource in sorted(portfolio.resources.values(), key=lambda r: r.name.casefold()):
            if resource.id not in assigned:
                self.resource_choice.addItem(resource.name, resource.id)
        self._filling = False

    def _fill_row(self, row: int, assignment: Assignment) -> None:
        resource = self._document.portfolio.resources[assignment.resource_id]
        name = QTableWidgetItem(resource.name)
        name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
        units = assignment.units
        units_text = format_units(units) if resource.type is ResourceType.WORK else f"{units:g}"
        work = QTableWidgetItem(format_hours(assignment.work_minutes) or "0h")
        if resource.type is not ResourceType.WORK:
            work = QTableWidgetItem("")
            work.setFlags(work.flags() & ~Qt.ItemFlag.ItemIsEditable)
        for column, item in ((RESOURCE, name), (UNITS, QTableWidgetItem(units_text)), (WORK, work)):
            item.setData(ASSIGNMENT_ID_ROLE, assignment.id)
            if column != RESOURCE:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)

    def _on_change(self, change: Change) -> None:
        if change.tasks or change.resources or change.structure:
            self.fill()

    def _minutes_per_day(self) -> int:
        """The task's project's working minutes per day (its duration is shown in days)."""
        portfolio = self._document.portfolio
        task = portfolio.tasks[self._task_id]
        return portfolio.projects[task.project_id].minutes_per_day or 480

    # --- editing ------------------------------------------------------------------------

    def _cell_typed(self, item: QTableWidgetItem) -> None:
        """A units or work cell was typed: the matching command, or the reason it is refused."""
        if self._filling:
            return
        assignment_id = int(item.data(ASSIGNMENT_ID_ROLE))
        try:
            command = self._command_for(assignment_id, item.column(), item.text())
        except ValueRefused as exc:
            self._report(str(exc))
            self.fill()
            return
        if not self._perform(command):
            self.fill()

    def _command_for(self, assignment_id: int, column: int, text: str) -> Command:
        if column == WORK:
            return SetAssignmentWork(assignment_id, parse_work(text))
        assignment = self._document.portfolio.assignments[assignment_id]
        resource = self._document.portfolio.resources[assignment.resource_id]
        if resource.type is ResourceType.WORK:
            return SetAssignmentUnits(assignment_id, parse_units(text))
        try:
            return SetAssignmentUnits(assignment_id, float(text.strip()))
        except ValueError as exc:
            raise ValueRefused(f"cannot read {text.strip()!r} as a quantity") from exc

    def _duration_typed(self) -> None:
        task = self._document.portfolio.tasks.get(self._task_id)
        if task is None or self._filling:
            return
        try:
            days = float(self.duration.text().strip().rstrip("d"))
            minutes = round(days * self._minutes_per_day())
        except ValueError:
            self._report(f"cannot read {self.duration.text().strip()!r}; type days like 2.5")
            self.fill()
            return
        if minutes != task.duration_minutes and not self._perform(
            SetTaskDuration(self._task_id, minutes)
        ):
            self.fill()

    def assign_chosen(self) -> None:
        """Assign the resource chosen below the table at 100 % (material: 1 unit)."""
        resource_id = self.resource_choice.currentData()
        if resource_id is not None:
            self._perform(AssignResource(self._task_id, int(resource_id)))

    def remove_selected(self) -> None:
        """Remove the selected rows' assignments (the others take over their work when
        the task is effort-driven)."""
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        ids = [int(self.table.item(r, RESOURCE).data(ASSIGNMENT_ID_ROLE)) for r in rows]
        if len(ids) == 1:
            self._perform(UnassignResource(ids[0]))
        elif ids:
            self._perform(Batch(tuple(UnassignResource(i) for i in ids)))
