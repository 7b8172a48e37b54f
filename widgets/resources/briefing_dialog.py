"""Resources > Brief a Person...: one person's tasks across every project in a period,
exported as an iCalendar file for their calendar application.

The briefing itself is ``app.resources.briefing``; the file is ``app.resources.ical``.
``export_briefing`` is the dialog's Export without the file dialog, so it can be tested.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.document import Document
from app.model.resource import ResourceType
from app.resources.briefing import Briefing, BriefingItem, person_briefing
from app.resources.ical import write_ical
from widgets.resources.rates import format_hours

COLUMNS = ("Project", "Task", "Start", "Finish", "Work", "In period", "Predecessors", "Notes")
#: A briefing covers the coming two weeks unless the user picks another period.
DEFAULT_DAYS = 14


def export_briefing(briefing: Briefing, path: Path | str) -> Path:
    """Write the briefing as ``.ics`` (adding the suffix when missing); returns the file."""
    target = Path(path)
    if target.suffix.lower() != ".ics":
        target = target.with_name(target.name + ".ics")
    return write_ical(briefing, target)


class BriefingDialog(QDialog):
    """Choose a person and a period; see their tasks; export them to a calendar."""

    def __init__(self, document: Document, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("briefingDialog")
        self.setWindowTitle("Brief a Person")
        self._document = document
        self.briefing: Briefing | None = None
        self.person = QComboBox()
        self.person.setObjectName("briefingPerson")
        people = [r for r in document.portfolio.resources.values() if r.type is ResourceType.WORK]
        for resource in sorted(people, key=lambda r: r.name.casefold()):
            self.person.addItem(resource.name, resource.id)
        self.start_edit = _date_edit("briefingFrom", today)
        self.finish_edit = _date_edit("briefingTo", today + timedelta(days=DEFAULT_DAYS - 1))
        self.summary = QLabel()
        self.summary.setObjectName("briefingSummary")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("briefingTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.export_button = QPushButton("&Export to Calendar (.ics)...")
        self.export_button.setObjectName("briefingExport")
        self.export_button.clicked.connect(self.choose_export_file)
        self._lay_out()
        self.person.currentIndexChanged.connect(lambda _i: self.refresh())
        self.start_edit.dateChanged.connect(lambda _d: self.refresh())
        self.finish_edit.dateChanged.connect(lambda _d: self.refresh())
        self.refresh()

    def _lay_out(self) -> None:
        choices = QHBoxLayout()
        for text, widget in (
            ("&Person:", self.person),
            ("&From:", self.start_edit),
            ("&To:", self.finish_edit),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            choices.addWidget(label)
            choices.addWidget(widget)
        choices.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(980, 420)

    def choose_person(self, resource_id: int) -> None:
        """Pick a person by id (as a user picks a name)."""
        self.person.setCurrentIndex(self.person.findData(resource_id))

    def set_period(self, first: date, last: date) -> None:
        """Pick the period's first and last day."""
        self.start_edit.setDate(QDate(first.year, first.month, first.day))
        self.finish_edit.setDate(QDate(last.year, last.month, last.day))

    def refresh(self) -> None:
        """Brief the chosen person for the chosen period."""
        resource_id = self.person.currentData()
        first, last = self.start_edit.date().toPython(), self.finish_edit.date().toPython()
        self.briefing = None
        dates = isinstance(first, date) and isinstance(last, date) and last >= first
        if resource_id is not None and dates:
            portfolio, schedule = self._document.portfolio, self._document.schedule
            self.briefing = person_briefing(portfolio, schedule, int(resource_id), first, last)
        self._fill()

    def _fill(self) -> None:
        briefing = self.briefing
        items = briefing.items if briefing is not None else ()
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            for column, text in enumerate(_row_texts(item)):
                cell = QTableWidgetItem(text)
                if column == 1 and item.notes:
                    cell.setToolTip(item.notes)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        self.export_button.setEnabled(bool(items))
        if briefing is None:
            self.summary.setText("Choose a person and a period that ends after it starts.")
            return
        hours = format_hours(briefing.work_in_period_minutes) or "no work"
        count = len(items)
        self.summary.setText(
            f"{briefing.name}: {count} task{'s' if count != 1 else ''}, {hours} in the period"
        )

    def choose_export_file(self) -> None:
        """Ask where to save the .ics, then write it."""
        if self.briefing is None:
            return
        stem = self.briefing.name.replace(" ", "-").lower()
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export Briefing", f"{stem}.ics", "iCalendar files (*.ics)"
        )
        if path:
            written = export_briefing(self.briefing, path)
            self.summary.setText(f"Exported {len(self.briefing.items)} tasks to {written}")


def _row_texts(item: BriefingItem) -> list[str]:
    feeders = "; ".join(
        f"{f.name} ({f.finish:%d %b})" if f.finish else f.name for f in item.predecessors
    )
    return [
        item.project_name,
        item.task_name,
        item.start.strftime("%a %d %b %H:%M"),
        item.finish.strftime("%a %d %b %H:%M"),
        format_hours(item.work_minutes) or "0h",
        format_hours(item.work_in_period_minutes) or "0h",
        feeders,
        item.notes.replace("\n", " "),
    ]


def _date_edit(name: str, day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit
