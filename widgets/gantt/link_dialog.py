"""Edit or delete one dependency link: its type and lag (double-click on an arrow)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.commands import EditLink, UnlinkTasks
from app.model import Duration, DurationUnit, LinkKind, Portfolio
from app.model.duration import format_duration, parse_duration
from widgets.sinks import EditSink

KIND_NAMES = {
    LinkKind.FS: "Finish-to-Start (FS)",
    LinkKind.SS: "Start-to-Start (SS)",
    LinkKind.FF: "Finish-to-Finish (FF)",
    LinkKind.SF: "Start-to-Finish (SF)",
}


class LinkDialog(QDialog):
    """MS Project's Task Dependency box: From, To, Type, Lag; OK, Delete, Cancel."""

    def __init__(
        self, portfolio: Portfolio, link_id: int, perform: EditSink, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("linkDialog")
        self.setWindowTitle("Task Dependency")
        self._portfolio = portfolio
        self._perform = perform
        self.link = portfolio.links[link_id]
        pred = portfolio.tasks[self.link.predecessor_id]
        succ = portfolio.tasks[self.link.successor_id]
        self._time = portfolio.projects[succ.project_id].time
        self.kind = QComboBox()
        for kind, name in KIND_NAMES.items():
            self.kind.addItem(name, kind)
        self.kind.setCurrentIndex(list(KIND_NAMES).index(self.link.kind))
        self.lag = QLineEdit(self._lag_text())
        self.lag.setObjectName("lag")
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        form = QFormLayout(self)
        form.addRow("From:", QLabel(f"{portfolio.row_number(pred.id)}  {pred.name}"))
        form.addRow("To:", QLabel(f"{portfolio.row_number(succ.id)}  {succ.name}"))
        form.addRow("&Type:", self.kind)
        form.addRow("&Lag:", self.lag)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.delete_button = buttons.addButton(
            "&Delete", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.delete_button.clicked.connect(self.delete)
        form.addRow(buttons)

    def _lag_text(self) -> str:
        link = self.link
        if link.percent_lag:
            return f"{link.lag_percent}%"
        return format_duration(Duration(link.lag_minutes, link.lag_unit), self._time)

    def command(self) -> EditLink:
        """The edit the fields describe.

        Raises:
            ValueError: the lag cannot be read (the message says why).
        """
        lag = parse_duration(self.lag.text() or "0d", self._time, allow_percent=True)
        kind = LinkKind(self.kind.currentData())
        if lag.unit is DurationUnit.PERCENT:
            return EditLink(self.link.id, kind, 0, lag.unit, lag.minutes)
        return EditLink(self.link.id, kind, lag.minutes, lag.unit)

    def accept(self) -> None:
        """Qt override: apply the change; stay open, saying why, when it is refused."""
        try:
            command = self.command()
        except ValueError as exc:
            self.problem.setText(str(exc))
            return
        if self._perform(command):
            super().accept()

    def delete(self) -> None:
        """Remove the link (one undoable step) and close."""
        if self._perform(UnlinkTasks((self.link.id,))):
            super().accept()
