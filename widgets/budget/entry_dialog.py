"""The ledger entry form: a purchase order, invoice, expense or timesheet cost.

It only gathers values; AddLedgerEntry and EditLedgerEntry decide what is allowed. Its
"settles" picker offers only this project's orders from the chosen supplier, and only
for an invoice, because those are the only ones the ledger accepts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from app.model.budget import EntryKind, EntryStatus, LedgerEntry
from app.model.money import ZERO
from widgets.budget.context import (
    BudgetData,
    account_choices,
    from_qdate,
    kind_choices,
    order_choices,
    parse_amount,
    supplier_choices,
    task_choices,
    to_qdate,
)
from widgets.budget.forms import SubmitDialog, choice_combo, date_edit, fill_combo


class EntryDialog(SubmitDialog):
    """Add a ledger entry, or edit one (``entry`` given)."""

    def __init__(
        self, data: BudgetData, entry: LedgerEntry | None, parent: QWidget | None = None
    ) -> None:
        title = "Add Ledger Entry" if entry is None else "Edit Ledger Entry"
        super().__init__(title, "entryDialog", parent)
        self._data, self._entry = data, entry
        portfolio, project_id = data.portfolio, data.project_id
        start = entry or LedgerEntry(0, project_id, EntryKind.PURCHASE_ORDER, date.today(), ZERO)
        self.kind = choice_combo(kind_choices(), start.kind)
        self.entry_date = date_edit()
        self.entry_date.setDate(to_qdate(start.entry_date))
        self.supplier = choice_combo(supplier_choices(portfolio), start.supplier_id)
        self.reference = QLineEdit(start.reference)
        self.description = QLineEdit(start.description)
        self.account = choice_combo(account_choices(portfolio, project_id), start.account_id)
        self.task = choice_combo(task_choices(portfolio, project_id), start.task_id)
        self.amount = QLineEdit(data.money(start.amount) if entry is not None else "")
        self.amount.setPlaceholderText("net of tax, e.g. 1250.00")
        self.tax = QLineEdit(data.money(start.tax) if entry is not None else "")
        self.tax.setPlaceholderText("0.00")
        self.status = choice_combo([(s.value.capitalize(), s) for s in EntryStatus], start.status)
        self.has_due = QCheckBox("Due date:")
        self.due_date = date_edit()
        self.settles = choice_combo([])
        self._lay_out(start)

    def _lay_out(self, start: LedgerEntry) -> None:
        form = self.form
        for label, widget in (
            ("&Kind:", self.kind),
            ("&Date:", self.entry_date),
            ("&Supplier:", self.supplier),
            ("&Reference:", self.reference),
            ("D&escription:", self.description),
            ("A&ccount:", self.account),
            ("&Task:", self.task),
            ("&Amount (net):", self.amount),
            ("Ta&x:", self.tax),
            ("Stat&us:", self.status),
        ):
            form.addRow(label, widget)
        form.addRow(self.has_due, self.due_date)
        form.addRow("Settles &order:", self.settles)
        self.has_due.setChecked(start.due_date is not None)
        self.due_date.setEnabled(start.due_date is not None)
        self.due_date.setDate(to_qdate(start.due_date or start.entry_date))
        self.has_due.toggled.connect(self.due_date.setEnabled)
        self.kind.currentIndexChanged.connect(self._refresh_orders)
        self.supplier.currentIndexChanged.connect(self._refresh_orders)
        self._refresh_orders(keep=start.settles_id)

    def _refresh_orders(self, *_args: object, keep: object = None) -> None:
        """Offer the supplier's orders of this project, and only to an invoice."""
        invoice = self.kind.currentData() == EntryKind.INVOICE
        supplier = self.supplier.currentData()
        current = keep if keep is not None else self.settles.currentData()
        choices = order_choices(self._data.portfolio, self._data.project_id, supplier)
        fill_combo(self.settles, choices if invoice else choices[:1], current)
        self.settles.setEnabled(invoice and len(choices) > 1)

    def values(self) -> dict[str, Any]:
        """Every field as a LedgerEntry holds it.

        Raises:
            ValueError: the amount or tax is not money; the message names the field.
        """
        return {
            "kind": EntryKind(self.kind.currentData()),
            "entry_date": from_qdate(self.entry_date.date()),
            "amount": parse_amount(self.amount.text(), "Amount"),
            "supplier_id": self.supplier.currentData(),
            "reference": self.reference.text().strip(),
            "description": self.description.text().strip(),
            "account_id": self.account.currentData(),
            "task_id": self.task.currentData(),
            "tax": parse_amount(self.tax.text(), "Tax"),
            "status": EntryStatus(self.status.currentData()),
            "due_date": from_qdate(self.due_date.date()) if self.has_due.isChecked() else None,
            "settles_id": self.settles.currentData(),
        }

    def changes(self) -> dict[str, Any]:
        """Only the fields that differ from the entry edited (all of them for a new one)."""
        values = self.values()
        if self._entry is None:
            return values
        return {k: v for k, v in values.items() if getattr(self._entry, k) != v}
