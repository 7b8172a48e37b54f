"""The Project Information dialog: name, start, status date, currency and priority.

It only gathers values; the window turns them into AddProject/EditProject, whose checks
decide what is allowed.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.model import Project


class ProjectInfoDialog(QDialog):
    """Edit a project's main settings, or give a new project its first ones."""

    def __init__(self, project: Project, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("projectInfoDialog")
        self._project = project
        self.name = QLineEdit(project.name)
        self.start = QDateTimeEdit(_qdatetime(project.start))
        self.start.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.start.setCalendarPopup(True)
        self.has_status_date = QCheckBox("Status date:")
        self.status_date = QDateEdit()
        self.status_date.setDisplayFormat("yyyy-MM-dd")
        self.status_date.setCalendarPopup(True)
        self.currency = QLineEdit(project.currency)
        self.currency.setMaxLength(3)
        self.priority = QSpinBox()
        self.priority.setRange(0, 1000)
        self.priority.setValue(project.priority)
        self._set_status_date(project.status_date)
        self._lay_out()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Start:", self.start)
        form.addRow(self.has_status_date, self.status_date)
        form.addRow("&Currency:", self.currency)
        form.addRow("&Priority:", self.priority)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.has_status_date.toggled.connect(self.status_date.setEnabled)

    def _set_status_date(self, moment: datetime | None) -> None:
        self.has_status_date.setChecked(moment is not None)
        self.status_date.setEnabled(moment is not None)
        day = moment.date() if moment is not None else date.today()
        self.status_date.setDate(QDate(day.year, day.month, day.day))

    def values(self) -> dict[str, Any]:
        """Every field as the project stores it (a status date is at the day's finish)."""
        status: datetime | None = None
        if self.has_status_date.isChecked():
            minute = self._project.default_finish_minute
            day = self.status_date.date().toPython()
            status = datetime.combine(day, time(minute // 60, minute % 60))  # type: ignore[arg-type]
        start = self.start.dateTime().toPython()
        return {
            "name": self.name.text(),
            "start": start.replace(second=0, microsecond=0),  # type: ignore[union-attr]
            "status_date": status,
            "currency": self.currency.text().strip().upper(),
            "priority": self.priority.value(),
        }

    def changes(self) -> dict[str, Any]:
        """Only the fields the user changed, for EditProject."""
        return {k: v for k, v in self.values().items() if getattr(self._project, k) != v}


def _qdatetime(moment: datetime) -> QDateTime:
    return QDateTime(
        QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute)
    )
