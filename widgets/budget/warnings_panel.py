"""Cost-control warnings as a list; clicking one jumps to the entry, account or task."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QWidget

from app.budget.ledger import BudgetWarning, Severity, account_label
from app.model.portfolio import Portfolio

#: The warning shown on an item.
WARNING_ROLE = int(Qt.ItemDataRole.UserRole) + 1
ICONS = {
    Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
    Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Severity.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
}
#: Errors first, then warnings, then notes.
RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class WarningsList(QListWidget):
    """The project's warnings, loudest first; a click hands the warning to ``on_jump``."""

    def __init__(
        self, on_jump: Callable[[BudgetWarning], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("budgetWarnings")
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self._on_jump = on_jump
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)

    def show_warnings(self, warnings: tuple[BudgetWarning, ...], portfolio: Portfolio) -> None:
        """Replace the list; an account's warning is prefixed with the account it is about."""
        self.clear()
        for warning in sorted(warnings, key=lambda w: RANK[w.severity]):
            icon = self.style().standardIcon(ICONS[warning.severity])
            item = QListWidgetItem(icon, _text(warning, portfolio))
            item.setData(WARNING_ROLE, warning)
            where = _where(warning)
            item.setToolTip(f"{warning.severity.value.capitalize()}. {where}")
            self.addItem(item)
        if not warnings:
            self.addItem(QListWidgetItem("No budget warnings"))

    def warnings(self) -> list[BudgetWarning]:
        """The warnings listed, in order."""
        found = (self.item(r).data(WARNING_ROLE) for r in range(self.count()))
        return [w for w in found if isinstance(w, BudgetWarning)]

    def _clicked(self, item: QListWidgetItem) -> None:
        warning = item.data(WARNING_ROLE)
        if isinstance(warning, BudgetWarning):
            self._on_jump(warning)


def _text(warning: BudgetWarning, portfolio: Portfolio) -> str:
    """The message, naming the account when the message itself does not."""
    if warning.account_id is None or warning.entry_id is not None:
        return warning.message
    return f"{account_label(portfolio, warning.account_id)}: {warning.message}"


def _where(warning: BudgetWarning) -> str:
    """What a click on the warning shows."""
    if warning.entry_id is not None:
        return "Click to show the entry in the ledger."
    if warning.account_id is not None:
        return "Click to show the account."
    if warning.task_id is not None:
        return "Click to show the task in the task table."
    return "About the whole project."
