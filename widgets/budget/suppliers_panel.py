"""The Suppliers section: each supplier with this project's orders, the invoices that
settle them, and what is still open.

Per-order figures are ``Control.orders``; a supplier's totals are ``project_control``
over that supplier's entries, so they follow the same rules as the project's.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.budget.ledger import project_control
from app.commands.budget import AddSupplier, EditSupplier
from app.model.budget import EntryKind, LedgerEntry, Supplier
from widgets.budget.context import KIND_NAMES, BudgetData, Host, order_label
from widgets.budget.dialogs import SupplierDialog

HEADERS = (
    "Supplier / entry",
    "Date",
    "Contact",
    "Contract",
    "Terms",
    "Ordered",
    "Invoiced / spent",
    "Open on order",
)
MONEY_COLUMNS = (5, 6, 7)
SUPPLIER_ROLE = int(Qt.ItemDataRole.UserRole) + 1
ENTRY_ROLE = int(Qt.ItemDataRole.UserRole) + 2
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class SuppliersPanel(QWidget):
    """Suppliers with their orders, invoices and open amounts for the shown project."""

    def __init__(self, host: Host, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suppliersPanel")
        self._host = host
        self._data: BudgetData | None = None
        self.tree = QTreeWidget()
        self.tree.setObjectName("supplierTree")
        self.tree.setHeaderLabels(HEADERS)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.tree.itemDoubleClicked.connect(lambda item, _c: self.edit_supplier(item))
        self.add_button = QPushButton("Add &Supplier...")
        self.add_button.setObjectName("addSupplier")
        self.edit_button = QPushButton("&Edit Supplier...")
        self.edit_button.setObjectName("editSupplier")
        self.add_button.clicked.connect(self.add_supplier)
        self.edit_button.clicked.connect(lambda: self.edit_supplier(self.tree.currentItem()))
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)

    def refresh(self, data: BudgetData) -> None:
        """Rebuild the tree from the snapshot; suppliers with this project's entries first."""
        self._data = data
        self.tree.clear()
        entries = data.entries()
        by_supplier: dict[int, list[LedgerEntry]] = {}
        for entry in entries:
            if entry.supplier_id is not None:
                by_supplier.setdefault(entry.supplier_id, []).append(entry)
        suppliers = sorted(
            data.portfolio.suppliers.values(),
            key=lambda s: (s.id not in by_supplier, s.name.casefold()),
        )
        for supplier in suppliers:
            self._supplier_row(data, supplier, by_supplier.get(supplier.id, []))
        for button in (self.add_button, self.edit_button):
            button.setEnabled(not data.read_only)

    def _supplier_row(self, data: BudgetData, supplier: Supplier, mine: list[LedgerEntry]) -> None:
        terms = f"{supplier.payment_terms_days} days"
        spent, still_open = "", ""
        if mine:  # cost control over this supplier's entries alone
            control = project_control(data.portfolio, data.project_id, entries=mine, lines=[])
            spent, still_open = (
                data.money(control.total.actual),
                data.money(control.total.committed),
            )
        texts = [supplier.name, "", supplier.contact, supplier.contract_ref, terms, ""]
        item = QTreeWidgetItem([*texts, spent, still_open])
        item.setData(0, SUPPLIER_ROLE, supplier.id)
        _align(item)
        font = QFont()
        font.setBold(True)
        item.setFont(0, font)
        self.tree.addTopLevelItem(item)
        orders = {e.id for e in mine if e.kind is EntryKind.PURCHASE_ORDER}
        for entry in mine:
            if entry.id in orders:
                order = self._entry_row(data, item, entry)
                for invoice in (e for e in mine if e.settles_id == entry.id):
                    self._entry_row(data, order, invoice)
            elif entry.settles_id not in orders:
                self._entry_row(data, item, entry)
        item.setExpanded(bool(mine))

    def _entry_row(
        self, data: BudgetData, above: QTreeWidgetItem, entry: LedgerEntry
    ) -> QTreeWidgetItem:
        """An order (with what is open on it), or an invoice or expense."""
        balance = data.control.orders.get(entry.id)
        name = f"{KIND_NAMES[entry.kind]} {order_label(entry)}"
        day = entry.entry_date.isoformat()
        if balance is not None:
            figures = [data.money(f) for f in (entry.amount, balance.invoiced, balance.open)]
        else:
            figures = ["", data.money(entry.amount), ""]
        item = QTreeWidgetItem([name, day, "", "", "", *figures])
        item.setData(0, ENTRY_ROLE, entry.id)
        _align(item)
        above.addChild(item)
        item.setExpanded(True)
        return item

    def add_supplier(self) -> None:
        """Open the supplier form for a new supplier."""
        dialog = SupplierDialog(None, self)
        dialog.on_submit(lambda: self._host.perform(AddSupplier(**dialog.values())))
        self._host.open_dialog(dialog)

    def edit_supplier(self, item: QTreeWidgetItem | None) -> None:
        """Open the supplier form on the supplier of a row."""
        while item is not None and item.parent() is not None:
            item = item.parent()
        supplier_id = item.data(0, SUPPLIER_ROLE) if item is not None else None
        data = self._data
        if data is None or data.read_only or supplier_id not in data.portfolio.suppliers:
            return
        dialog = SupplierDialog(data.portfolio.suppliers[supplier_id], self)
        dialog.on_submit(
            lambda: (
                not dialog.changes()
                or self._host.perform(EditSupplier(supplier_id, dialog.changes()))
            )
        )
        self._host.open_dialog(dialog)

    def supplier_item(self, name: str) -> QTreeWidgetItem | None:
        """A supplier's row by name."""
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item.text(0) == name:
                return item
        return None


def _align(item: QTreeWidgetItem) -> None:
    for column in MONEY_COLUMNS:
        item.setTextAlignment(column, _RIGHT)
