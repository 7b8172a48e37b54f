"""What every part of the Budget tab reads: one snapshot of the project's money, and the
window services it edits through.

The tab computes ``project_control`` once per refresh and hands the same snapshot to the
ledger, the accounts, the suppliers and the warnings, so they can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog

from app.budget.accounts import depth, project_accounts, tree_order
from app.budget.earned_value import EacMethod
from app.budget.ledger import Control, account_label
from app.commands import Command
from app.model.budget import EntryKind, LedgerEntry
from app.model.money import format_money, money
from app.model.portfolio import Portfolio
from app.model.project import Project
from app.schedule.result import Schedule

#: A combo box's choices: (what the user reads, the value it stands for). Qt stores a str
#: enum as a plain str, so readers turn a chosen value back into its enum.
Choices = list[tuple[str, object]]
NONE_CHOICE = "(none)"

KIND_NAMES = {
    EntryKind.PURCHASE_ORDER: "Purchase order",
    EntryKind.INVOICE: "Invoice",
    EntryKind.EXPENSE: "Expense",
    EntryKind.TIMESHEET: "Timesheet",
}


class Host(Protocol):
    """The window services the tab uses: the one door for edits and the user's messages."""

    def perform(self, command: Command) -> bool: ...

    def show_problem(self, message: str) -> None: ...

    def show_message(self, message: str) -> None: ...

    def open_dialog(self, dialog: QDialog) -> None: ...


@dataclass(frozen=True)
class BudgetData:
    """One consistent snapshot of a project's money, shared by every panel of the tab."""

    portfolio: Portfolio
    schedule: Schedule
    project: Project
    control: Control
    read_only: bool
    baseline: int = 0
    method: EacMethod = EacMethod.CPI

    @property
    def project_id(self) -> int:
        """The project shown."""
        return self.project.id

    def money(self, amount: Decimal) -> str:
        """An amount with the project's currency digits (format_money: parses back)."""
        return format_money(amount, self.project.currency_digits)

    def entries(self) -> list[LedgerEntry]:
        """The project's ledger entries, oldest first (ties in the order entered)."""
        found = [e for e in self.portfolio.ledger.values() if e.project_id == self.project_id]
        return sorted(found, key=lambda e: (e.entry_date, e.id))


def parse_amount(text: str, what: str) -> Decimal:
    """Typed money as an exact Decimal; the ValueError names the field for the user."""
    try:
        return money(text)
    except ValueError as exc:
        raise ValueError(f"{what}: {text.strip()!r} is not an amount of money") from exc


def order_label(entry: LedgerEntry) -> str:
    """How an order is named in pickers and messages: its reference, else its number."""
    return entry.reference or f"#{entry.id}"


def account_choices(portfolio: Portfolio, project_id: int, none: bool = True) -> Choices:
    """The project's accounts as a tree (sub-accounts indented), optionally "(none)" first."""
    accounts = dict(portfolio.accounts)
    found: Choices = [(NONE_CHOICE, None)] if none else []
    for account in tree_order(project_accounts(portfolio, project_id)):
        indent = "    " * depth(accounts, account.id)
        found.append((indent + account_label(portfolio, account.id), account.id))
    return found


def task_choices(portfolio: Portfolio, project_id: int) -> Choices:
    """The project's tasks in outline order, by WBS code and name."""
    found: Choices = [(NONE_CHOICE, None)]
    for task in portfolio.walk(project_id):
        found.append((f"{portfolio.wbs(task.id)} {task.name}", task.id))
    return found


def supplier_choices(portfolio: Portfolio) -> Choices:
    """Every supplier by name (suppliers are shared by the portfolio's projects)."""
    ordered = sorted(portfolio.suppliers.values(), key=lambda s: (s.name.casefold(), s.id))
    return [(NONE_CHOICE, None), *((s.name, s.id) for s in ordered)]


def order_choices(portfolio: Portfolio, project_id: int, supplier_id: int | None) -> Choices:
    """Orders an invoice may settle: this project's purchase orders from its supplier.

    The same rule is enforced by the ledger commands; the picker only offers what they
    would accept, so the user is not led into a refusal.
    """
    found: Choices = [(NONE_CHOICE, None)]
    if supplier_id is None:
        return found
    for entry in sorted(portfolio.ledger.values(), key=lambda e: (e.entry_date, e.id)):
        ours = entry.project_id == project_id and entry.supplier_id == supplier_id
        if ours and entry.kind is EntryKind.PURCHASE_ORDER:
            found.append((f"{order_label(entry)} ({entry.entry_date.isoformat()})", entry.id))
    return found


def kind_choices() -> Choices:
    """The entry kinds by their readable names."""
    return [(name, kind) for kind, name in KIND_NAMES.items()]


def to_qdate(day: date) -> QDate:
    """A Python date for a date editor."""
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    """A date editor's date as a Python date."""
    return date(day.year(), day.month(), day.day())
