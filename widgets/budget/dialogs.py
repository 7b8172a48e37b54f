"""The Budget tab's smaller forms: cost account, budget line or revision, approved budget,
supplier. They gather values; the budget commands check them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QSpinBox, QWidget

from app.commands.budget import budgeted
from app.model.budget import CostAccount, Supplier
from widgets.budget.context import (
    BudgetData,
    account_choices,
    from_qdate,
    parse_amount,
    task_choices,
    to_qdate,
)
from widgets.budget.forms import SubmitDialog, choice_combo, date_edit

MAX_TERMS_DAYS = 365


class AccountDialog(SubmitDialog):
    """Add a cost account, or edit one (``account`` given): code, name and parent."""

    def __init__(
        self, data: BudgetData, account: CostAccount | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "Add Cost Account" if account is None else "Edit Cost Account", "accountDialog", parent
        )
        self._account = account
        self.code = QLineEdit(account.code if account else "")
        self.name = QLineEdit(account.name if account else "")
        parents = account_choices(data.portfolio, data.project_id)
        if account is not None:
            parents = [c for c in parents if c[1] != account.id]
        parents[0] = ("(top level)", None)
        self.parent_account = choice_combo(parents, account.parent_id if account else None)
        self.form.addRow("&Code:", self.code)
        self.form.addRow("&Name:", self.name)
        self.form.addRow("&Under:", self.parent_account)

    def values(self) -> dict[str, Any]:
        """Code, name and parent account id."""
        return {
            "code": self.code.text().strip(),
            "name": self.name.text().strip(),
            "parent_id": self.parent_account.currentData(),
        }

    def changes(self) -> dict[str, Any]:
        """The fields that differ from the account edited."""
        values = self.values()
        if self._account is None:
            return values
        return {k: v for k, v in values.items() if getattr(self._account, k) != v}


class BudgetLineDialog(SubmitDialog):
    """A dated budget line, or a revision of an (account, task, month) to a new total.

    Budget history is never overwritten: both add a line, the revision the difference.
    """

    def __init__(
        self, data: BudgetData, revise: bool, account_id: int | None, parent: QWidget | None = None
    ) -> None:
        title = "Revise Budget" if revise else "Add Budget Line"
        super().__init__(title, "budgetLineDialog", parent)
        self._data, self.revise = data, revise
        self.account = choice_combo(
            account_choices(data.portfolio, data.project_id, False), account_id
        )
        self.task = choice_combo(task_choices(data.portfolio, data.project_id))
        self.period = QLineEdit()
        self.period.setPlaceholderText("YYYY-MM, blank for the whole project")
        self.amount = QLineEdit()
        self.entry_date = date_edit()
        self.entry_date.setDate(to_qdate(date.today()))
        self.note = QLineEdit()
        self.note.setPlaceholderText("why: approval, change request...")
        self.current = QLabel()
        self.current.setObjectName("currentBudget")
        self._lay_out()

    def _lay_out(self) -> None:
        form = self.form
        form.addRow("A&ccount:", self.account)
        form.addRow("&Task or phase:", self.task)
        form.addRow("&Month:", self.period)
        if self.revise:
            form.addRow("Budgeted now:", self.current)
        form.addRow("&New budget:" if self.revise else "&Amount:", self.amount)
        form.addRow("&Dated:", self.entry_date)
        form.addRow("N&ote:", self.note)
        for combo in (self.account, self.task):
            combo.currentIndexChanged.connect(self._show_current)
        self.period.textChanged.connect(self._show_current)
        self._show_current()

    def _show_current(self, *_args: object) -> None:
        """What the chosen (account, task, month) is budgeted at now, every revision summed."""
        account = self.account.currentData()
        if account is None:
            self.current.setText("—")
            return
        period = self.period.text().strip() or None
        amount = budgeted(
            self._data.portfolio, self._data.project_id, account, self.task.currentData(), period
        )
        self.current.setText(f"{self._data.money(amount)} {self._data.project.currency}")

    def values(self) -> dict[str, Any]:
        """Account, task, month, amount (or new total), date and note.

        Raises:
            ValueError: the amount is not money.
        """
        return {
            "account_id": self.account.currentData(),
            "task_id": self.task.currentData(),
            "period": self.period.text().strip() or None,
            "amount": parse_amount(self.amount.text(), "New budget" if self.revise else "Amount"),
            "entry_date": from_qdate(self.entry_date.date()),
            "note": self.note.text().strip(),
        }


class ApprovedBudgetDialog(SubmitDialog):
    """The project's approved budget and contingency reserve."""

    def __init__(self, data: BudgetData, parent: QWidget | None = None) -> None:
        super().__init__("Approved Budget", "approvedBudgetDialog", parent)
        project = data.project
        self.approved = QLineEdit(data.money(project.approved_budget))
        self.contingency = QLineEdit(data.money(project.contingency))
        self.form.addRow(f"&Approved budget ({project.currency}):", self.approved)
        self.form.addRow(f"&Contingency reserve ({project.currency}):", self.contingency)

    def values(self) -> tuple[Decimal, Decimal]:
        """(approved budget, contingency).

        Raises:
            ValueError: either is not money.
        """
        return (
            parse_amount(self.approved.text(), "Approved budget"),
            parse_amount(self.contingency.text(), "Contingency reserve"),
        )


class SupplierDialog(SubmitDialog):
    """Add a supplier, or edit one: name, contact, e-mail, contract, payment terms."""

    def __init__(self, supplier: Supplier | None, parent: QWidget | None = None) -> None:
        super().__init__(
            "Add Supplier" if supplier is None else "Edit Supplier", "supplierDialog", parent
        )
        self._supplier = supplier
        start = supplier or Supplier(0, "")
        self.name = QLineEdit(start.name)
        self.contact = QLineEdit(start.contact)
        self.email = QLineEdit(start.email)
        self.contract_ref = QLineEdit(start.contract_ref)
        self.terms = QSpinBox()
        self.terms.setRange(0, MAX_TERMS_DAYS)
        self.terms.setSuffix(" days")
        self.terms.setValue(start.payment_terms_days)
        for label, widget in (
            ("&Name:", self.name),
            ("&Contact:", self.contact),
            ("&E-mail:", self.email),
            ("Contract &ref:", self.contract_ref),
            ("&Payment terms:", self.terms),
        ):
            self.form.addRow(label, widget)

    def values(self) -> dict[str, Any]:
        """Every field as a Supplier holds it."""
        return {
            "name": self.name.text().strip(),
            "contact": self.contact.text().strip(),
            "email": self.email.text().strip(),
            "contract_ref": self.contract_ref.text().strip(),
            "payment_terms_days": self.terms.value(),
        }

    def changes(self) -> dict[str, Any]:
        """The fields that differ from the supplier edited."""
        values = self.values()
        if self._supplier is None:
            return values
        return {k: v for k, v in values.items() if getattr(self._supplier, k) != v}
