"""The Accounts section: the chart of accounts with budget, committed, actual, forecast
and variance, over-budget rows marked, and the commands that shape the budget.

Every figure is ``project_control``'s (sub-accounts roll up into their parents there);
this panel only lays them out.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.budget.accounts import project_accounts, tree_order
from app.budget.ledger import NOTHING, BudgetWarning, Figures, WarningCode, account_label
from app.commands.budget import (
    AddAccount,
    AddBudgetLine,
    AddStandardAccounts,
    DeleteAccount,
    EditAccount,
    ReviseBudget,
    SetApprovedBudget,
)
from widgets.budget.context import BudgetData, Host
from widgets.budget.dialogs import AccountDialog, ApprovedBudgetDialog, BudgetLineDialog

OVER_COLOR = QColor(190, 0, 0)
HEADERS = ("Account", "Budget", "Committed", "Actual", "Forecast", "Variance")
#: Warnings that put an account over budget, and the project as a whole.
ACCOUNT_CODES = frozenset(
    {
        WarningCode.ACCOUNT_OVERSPENT,
        WarningCode.ACCOUNT_OVERCOMMITTED,
        WarningCode.ACCOUNT_FORECAST_OVER,
    }
)
PROJECT_CODES = frozenset({WarningCode.FORECAST_OVER_BUDGET, WarningCode.FORECAST_OVER_RESERVE})
#: The id stored on an account's row (None for "(no account)" and the total).
ACCOUNT_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class AccountsPanel(QWidget):
    """The budget summary by account, and the buttons that add to the budget."""

    def __init__(self, host: Host, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountsPanel")
        self._host = host
        self._data: BudgetData | None = None
        self.tree = QTreeWidget()
        self.tree.setObjectName("accountTree")
        self.tree.setHeaderLabels(HEADERS)
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemDoubleClicked.connect(lambda item, _c: self.edit_account(item))
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, text, slot in (
            ("add_account", "Add &Account...", self.add_account),
            ("standard", "&Standard Accounts", self.add_standard_accounts),
            ("delete_account", "Delete Account", self.delete_account),
            ("add_line", "Add Budget &Line...", lambda: self.budget_line(revise=False)),
            ("revise", "&Revise Budget...", lambda: self.budget_line(revise=True)),
            ("approved", "Approved Budget && &Contingency...", self.approved_budget),
        ):
            button = QPushButton(text)
            button.setObjectName(key)
            button.clicked.connect(lambda _checked=False, act=slot: act())
            self.buttons[key] = button
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)

    # --- showing a snapshot -----------------------------------------------------------------

    def refresh(self, data: BudgetData) -> None:
        """Rebuild the tree from the snapshot, keeping the selected account selected."""
        self._data = data
        chosen = self.selected_account()
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        accounts = tree_order(project_accounts(data.portfolio, data.project_id))
        for account in accounts:
            above = items.get(account.parent_id) if account.parent_id is not None else None
            item = self._row(data, account.code + "  " + account.name, account.id, above)
            items[account.id] = item
        if None in data.control.by_account:
            self._row(data, account_label(data.portfolio, None), None, None)
        total = self._row(data, "Total", None, None, data.control.total)
        _bold(total)
        self.tree.expandAll()
        if chosen in items:
            self.tree.setCurrentItem(items[chosen])
        for button in self.buttons.values():
            button.setEnabled(not data.read_only)
        for key in ("delete_account", "add_line", "revise"):
            self.buttons[key].setEnabled(not data.read_only and bool(accounts))

    def _row(
        self,
        data: BudgetData,
        label: str,
        account_id: int | None,
        above: QTreeWidgetItem | None,
        figures: Figures | None = None,
    ) -> QTreeWidgetItem:
        """One row: the label and the five figures, marked when the forecast is over."""
        if figures is None:
            figures = data.control.by_account.get(account_id, NOTHING)
        values = (figures.budget, figures.committed, figures.actual, figures.forecast)
        texts = [label, *(data.money(v) for v in values), data.money(figures.variance)]
        item = QTreeWidgetItem(texts)
        item.setData(0, ACCOUNT_ROLE, account_id)
        for column in range(1, len(HEADERS)):
            item.setTextAlignment(
                column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
        warning = _over_warning(data, account_id, label)
        if warning is not None:
            _mark_over(item, self.style(), warning.message)
        if above is None:
            self.tree.addTopLevelItem(item)
        else:
            above.addChild(item)
        return item

    # --- selection ------------------------------------------------------------------------

    def selected_account(self) -> int | None:
        """The account of the current row, if it is an account's."""
        item = self.tree.currentItem()
        value = item.data(0, ACCOUNT_ROLE) if item is not None else None
        return value if isinstance(value, int) else None

    def select_account(self, account_id: int) -> bool:
        """Make an account's row current (False when it is not shown)."""
        for item in _all_items(self.tree):
            if item.data(0, ACCOUNT_ROLE) == account_id:
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                return True
        return False

    def account_item(self, account_id: int | None, label: str = "") -> QTreeWidgetItem | None:
        """The row of an account (or, with ``account_id`` None, the row labelled ``label``)."""
        for item in _all_items(self.tree):
            if item.data(0, ACCOUNT_ROLE) == account_id and (account_id or item.text(0) == label):
                return item
        return None

    # --- edits ----------------------------------------------------------------------------

    def add_account(self) -> None:
        """Open the account form, proposing the selected account as the parent."""
        data = self._data
        if data is None:
            return
        dialog = AccountDialog(data, None, self)
        parent_row = dialog.parent_account.findData(self.selected_account())
        dialog.parent_account.setCurrentIndex(max(parent_row, 0))
        dialog.on_submit(lambda: self._host.perform(AddAccount(data.project_id, **dialog.values())))
        self._host.open_dialog(dialog)

    def edit_account(self, item: QTreeWidgetItem | None = None) -> None:
        """Open the account form on an account's row (double-click)."""
        data = self._data
        account_id = item.data(0, ACCOUNT_ROLE) if item is not None else self.selected_account()
        if data is None or data.read_only or not isinstance(account_id, int):
            return
        dialog = AccountDialog(data, data.portfolio.accounts[account_id], self)
        dialog.on_submit(
            lambda: (
                not dialog.changes()
                or self._host.perform(EditAccount(account_id, dialog.changes()))
            )
        )
        self._host.open_dialog(dialog)

    def add_standard_accounts(self) -> None:
        """Give the project the standard chart (codes it already has are kept)."""
        data = self._data
        if data is not None and not self._host.perform(AddStandardAccounts(data.project_id)):
            self._host.show_message("The project already has every standard account")

    def delete_account(self) -> None:
        """Delete the selected account (refused while money or sub-accounts are on it)."""
        account_id = self.selected_account()
        if account_id is not None:
            self._host.perform(DeleteAccount(account_id))

    def budget_line(self, revise: bool) -> None:
        """Open the budget line form (or the revision form) on the selected account."""
        data = self._data
        if data is None:
            return
        dialog = BudgetLineDialog(data, revise, self.selected_account(), self)
        dialog.on_submit(lambda: self._submit_line(data, dialog))
        self._host.open_dialog(dialog)

    def _submit_line(self, data: BudgetData, dialog: BudgetLineDialog) -> bool:
        try:
            values = dialog.values()
        except ValueError as exc:
            self._host.show_problem(str(exc))
            return False
        if dialog.revise:
            values["new_amount"] = values.pop("amount")
            return self._host.perform(ReviseBudget(data.project_id, **values))
        return self._host.perform(AddBudgetLine(data.project_id, **values))

    def approved_budget(self) -> None:
        """Open the approved budget and contingency form."""
        data = self._data
        if data is None:
            return
        dialog = ApprovedBudgetDialog(data, self)
        dialog.on_submit(lambda: self._submit_approved(data, dialog))
        self._host.open_dialog(dialog)

    def _submit_approved(self, data: BudgetData, dialog: ApprovedBudgetDialog) -> bool:
        try:
            approved, reserve = dialog.values()
        except ValueError as exc:
            self._host.show_problem(str(exc))
            return False
        project = data.project
        if (approved, reserve) == (project.approved_budget, project.contingency):
            return True
        return self._host.perform(SetApprovedBudget(data.project_id, approved, reserve))


def _over_warning(data: BudgetData, account_id: int | None, label: str) -> BudgetWarning | None:
    """The cost-control warning that puts a row over budget, if any.

    Which rows are over is cost control's finding (``Control.warnings``), not a rule of
    this panel: an account row by its account warnings, the total by the project's.
    """
    codes = ACCOUNT_CODES if account_id is not None else PROJECT_CODES
    if account_id is None and label != "Total":
        return None
    return next(
        (w for w in data.control.warnings if w.code in codes and w.account_id == account_id),
        None,
    )


def _mark_over(item: QTreeWidgetItem, style: QStyle, why: str) -> None:
    """Over budget: red figures, a warning icon and the warning as the tooltip."""
    brush = QBrush(OVER_COLOR)
    for column in range(len(HEADERS)):
        item.setForeground(column, brush)
        item.setToolTip(column, why)
    item.setIcon(0, style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))


def _bold(item: QTreeWidgetItem) -> None:
    font = QFont()
    font.setBold(True)
    for column in range(len(HEADERS)):
        item.setFont(column, font)


def _all_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    """Every row of a tree, depth first."""
    found: list[QTreeWidgetItem] = []
    stack = [tree.topLevelItem(i) for i in reversed(range(tree.topLevelItemCount()))]
    while stack:
        item = stack.pop()
        found.append(item)
        stack.extend(item.child(i) for i in reversed(range(item.childCount())))
    return found
