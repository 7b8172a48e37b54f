"""The budget side: cost accounts, budget lines, suppliers and ledger entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from app.model.frozen import quick_init


@quick_init
@dataclass(frozen=True, slots=True)
class CostAccount:
    """A node of a project's chart of accounts (Labour, Hardware, ...), with finance's code."""

    id: int
    project_id: int
    code: str
    name: str
    parent_id: int | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class BudgetLine:
    """An amount budgeted to an account, optionally for a task and a month.

    Changes are new dated lines (a revision adds a line), never an overwrite, so the
    budget's history stays auditable.
    """

    id: int
    project_id: int
    account_id: int
    amount: Decimal
    entry_date: date
    task_id: int | None = None
    period: str | None = None  # "YYYY-MM"
    note: str = ""


@quick_init
@dataclass(frozen=True, slots=True)
class Supplier:
    """An external supplier or contractor."""

    id: int
    name: str
    contact: str = ""
    email: str = ""
    contract_ref: str = ""
    payment_terms_days: int = 30


class EntryKind(StrEnum):
    """Commitments (orders) reserve money; actuals (invoices, expenses) spend it."""

    PURCHASE_ORDER = "purchase_order"
    INVOICE = "invoice"
    EXPENSE = "expense"
    TIMESHEET = "timesheet"

    @property
    def is_commitment(self) -> bool:
        """Purchase orders commit money; everything else is actual spend."""
        return self is EntryKind.PURCHASE_ORDER


class EntryStatus(StrEnum):
    """Where an entry is in its approval and payment life."""

    OPEN = "open"
    APPROVED = "approved"
    PAID = "paid"


@quick_init
@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """A purchase order, invoice, expense or timesheet cost. ``amount`` is net of ``tax``."""

    id: int
    project_id: int
    kind: EntryKind
    entry_date: date
    amount: Decimal
    account_id: int | None = None
    task_id: int | None = None
    supplier_id: int | None = None
    reference: str = ""
    description: str = ""
    tax: Decimal = Decimal(0)
    status: EntryStatus = EntryStatus.OPEN
    due_date: date | None = None
    settles_id: int | None = None  # the purchase order an invoice settles
