"""Commands on the budget side: accounts, budget lines, suppliers and the ledger.

Money must arrive as Decimal (the UI parses text with ``app.model.money.money``): a float
would already have lost cents, so it is refused rather than converted. Budget lines are
never edited or deleted: a revision is a new dated line, so the budget's history stays
auditable. Ledger rules: an invoice may settle only a purchase order of the same project
and supplier; an order that invoices settle keeps its kind, project and supplier; an
account, task or supplier named by an entry must exist (and belong to its project).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from app.budget.accounts import standard_accounts
from app.budget.ledger import project_lines
from app.commands.base import EditError, check_fields, updated, with_items, without
from app.model.budget import (
    BudgetLine,
    CostAccount,
    EntryKind,
    EntryStatus,
    LedgerEntry,
    Supplier,
)
from app.model.money import ZERO
from app.model.portfolio import Portfolio
from app.schedule.result import Schedule

ACCOUNT_FIELDS = {"code", "name", "parent_id"}
SUPPLIER_FIELDS = {"name", "contact", "email", "contract_ref", "payment_terms_days"}
ENTRY_FIELDS = {
    "kind",
    "entry_date",
    "amount",
    "account_id",
    "task_id",
    "supplier_id",
    "reference",
    "description",
    "tax",
    "status",
    "due_date",
    "settles_id",
}


# --- shared checks ----------------------------------------------------------------------------


def check_amount(value: object, what: str, *, negative: bool = False) -> Decimal:
    """``value`` as a finite Decimal, or an EditError saying what was wrong with it."""
    if not isinstance(value, Decimal):
        raise EditError(
            f"{what} must be an exact decimal amount, not {type(value).__name__} {value!r}"
        )
    if not value.is_finite():
        raise EditError(f"{what} must be a finite amount, not {value}")
    if value < ZERO and not negative:
        raise EditError(f"{what} cannot be negative ({value})")
    return value


def _project(portfolio: Portfolio, project_id: int) -> None:
    if project_id not in portfolio.projects:
        raise EditError(f"there is no project {project_id}")


def _task_in(portfolio: Portfolio, task_id: int | None, project_id: int) -> None:
    if task_id is None:
        return
    task = portfolio.tasks.get(task_id)
    if task is None:
        raise EditError(f"there is no task {task_id}")
    if task.project_id != project_id:
        raise EditError(f"task {task.name!r} belongs to another project")


def _account_in(portfolio: Portfolio, account_id: int | None, project_id: int) -> None:
    if account_id is None:
        return
    account = portfolio.accounts.get(account_id)
    if account is None:
        raise EditError(f"there is no cost account {account_id}")
    if account.project_id != project_id:
        raise EditError(f"account {account.code} {account.name} belongs to another project")


def _period(period: str | None) -> None:
    if period is None:
        return
    parts = period.split("-")
    ok = len(parts) == 2 and len(parts[0]) == 4 and len(parts[1]) == 2
    if not ok or not all(p.isdigit() for p in parts) or not 1 <= int(parts[1]) <= 12:
        raise EditError(f"a budget month is written YYYY-MM, e.g. 2026-03, not {period!r}")


# --- accounts ---------------------------------------------------------------------------------


def check_account(portfolio: Portfolio, account: CostAccount) -> None:
    """Raise EditError unless the account has a code and name unique in its project and a
    parent of the same project that is not below it."""
    _project(portfolio, account.project_id)
    if not account.code.strip() or not account.name.strip():
        raise EditError("a cost account needs a code and a name")
    code = account.code.strip().casefold()
    for other in portfolio.accounts.values():
        same_project = other.id != account.id and other.project_id == account.project_id
        if same_project and other.code.strip().casefold() == code:
            raise EditError(f"account code {account.code} is already {other.name!r}")
    parent = account.parent_id
    seen = {account.id}
    while parent is not None:
        if parent in seen:
            raise EditError(f"account {account.code} cannot be placed under its own sub-account")
        _account_in(portfolio, parent, account.project_id)
        seen.add(parent)
        parent = portfolio.accounts[parent].parent_id


def _put_account(portfolio: Portfolio, account: CostAccount) -> Portfolio:
    candidate = updated(portfolio, accounts=with_items(portfolio.accounts, {account.id: account}))
    check_account(candidate, account)
    return candidate


@dataclass(frozen=True)
class AddAccount:
    """Add a cost account (optionally under a parent account) to a project's chart."""

    project_id: int
    code: str
    name: str
    parent_id: int | None = None
    label: str = "Add cost account"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Create the account after checking code, name and parent."""
        account = CostAccount(
            portfolio.next_id("accounts"),
            self.project_id,
            self.code.strip(),
            self.name.strip(),
            self.parent_id,
        )
        return _put_account(portfolio, account)


@dataclass(frozen=True)
class AddStandardAccounts:
    """Give a project the standard chart (Labour 6100 ... Contingency 6900).

    Codes the project already has are skipped, so applying it twice changes nothing.
    """

    project_id: int
    label: str = "Add standard accounts"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Add the missing standard accounts."""
        _project(portfolio, self.project_id)
        taken = {a.code for a in portfolio.accounts.values() if a.project_id == self.project_id}
        fresh = standard_accounts(self.project_id, portfolio.next_id("accounts"))
        missing = [a for a in fresh if a.code not in taken]
        if not missing:
            return portfolio
        added = {a.id: a for a in missing}
        return updated(portfolio, accounts=with_items(portfolio.accounts, added))


@dataclass(frozen=True)
class EditAccount:
    """Rename, recode or move a cost account."""

    account_id: int
    changes: Mapping[str, Any]
    label: str = "Edit cost account"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Replace the fields after checking them."""
        check_fields(self.changes, ACCOUNT_FIELDS, "account")
        account = portfolio.accounts.get(self.account_id)
        if account is None:
            raise EditError(f"there is no cost account {self.account_id}")
        return _put_account(portfolio, replace(account, **self.changes))


@dataclass(frozen=True)
class DeleteAccount:
    """Delete a cost account that holds no money and has no sub-accounts."""

    account_id: int
    label: str = "Delete cost account"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Remove it, unless budget lines, ledger entries or sub-accounts still use it."""
        account = portfolio.accounts.get(self.account_id)
        if account is None:
            raise EditError(f"there is no cost account {self.account_id}")
        name = f"{account.code} {account.name}"
        if any(a.parent_id == account.id for a in portfolio.accounts.values()):
            raise EditError(f"account {name} has sub-accounts; delete or move them first")
        if any(b.account_id == account.id for b in portfolio.budget_lines.values()):
            raise EditError(f"account {name} has budget lines; its budget history must stay")
        if any(e.account_id == account.id for e in portfolio.ledger.values()):
            raise EditError(f"account {name} has ledger entries; move them to another account")
        return updated(portfolio, accounts=without(portfolio.accounts, {account.id}))


# --- budget lines and the approved budget -----------------------------------------------------


def check_line(portfolio: Portfolio, line: BudgetLine) -> None:
    """Raise EditError unless the line's account, task, month and amount are valid."""
    _project(portfolio, line.project_id)
    check_amount(line.amount, "a budget amount", negative=True)
    if line.account_id not in portfolio.accounts:
        raise EditError("a budget line needs a cost account of its project")
    _account_in(portfolio, line.account_id, line.project_id)
    _task_in(portfolio, line.task_id, line.project_id)
    _period(line.period)
    if not isinstance(line.entry_date, date):
        raise EditError("a budget line needs the date it was entered")


@dataclass(frozen=True)
class AddBudgetLine:
    """Budget ``amount`` to an account (optionally a task or phase and a month).

    A revision is a new line with the change (negative to cut), dated when it was made;
    the budget is the sum of the lines, and older lines are never overwritten.
    """

    project_id: int
    account_id: int
    amount: Decimal
    entry_date: date
    task_id: int | None = None
    period: str | None = None
    note: str = ""
    label: str = "Add budget line"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Append the dated line."""
        line = BudgetLine(
            portfolio.next_id("budget_lines"),
            self.project_id,
            self.account_id,
            self.amount,
            self.entry_date,
            self.task_id,
            self.period,
            self.note.strip(),
        )
        check_line(portfolio, line)
        return updated(portfolio, budget_lines=with_items(portfolio.budget_lines, {line.id: line}))


def budgeted(
    portfolio: Portfolio,
    project_id: int,
    account_id: int,
    task_id: int | None = None,
    period: str | None = None,
) -> Decimal:
    """What the lines give one (account, task, month) so far, every revision summed."""
    return sum(
        (
            b.amount
            for b in project_lines(portfolio, project_id)
            if (b.account_id, b.task_id, b.period) == (account_id, task_id, period)
        ),
        ZERO,
    )


@dataclass(frozen=True)
class ReviseBudget:
    """Set an (account, task, month)'s budget to ``new_amount`` by adding a dated line
    with the difference, so the revision and its reason stay on record."""

    project_id: int
    account_id: int
    new_amount: Decimal
    entry_date: date
    task_id: int | None = None
    period: str | None = None
    note: str = ""
    label: str = "Revise budget"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Add the difference as a line (no line when nothing changes)."""
        check_amount(self.new_amount, "the revised budget")
        _project(portfolio, self.project_id)
        before = budgeted(portfolio, self.project_id, self.account_id, self.task_id, self.period)
        if self.new_amount == before:
            return portfolio
        return AddBudgetLine(
            self.project_id,
            self.account_id,
            self.new_amount - before,
            self.entry_date,
            self.task_id,
            self.period,
            self.note or f"revised from {before} to {self.new_amount}",
        ).apply(portfolio, schedule)


@dataclass(frozen=True)
class SetApprovedBudget:
    """Set a project's approved budget total and (optionally) its contingency reserve."""

    project_id: int
    approved_budget: Decimal
    contingency: Decimal | None = None
    label: str = "Set approved budget"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Replace the project's two figures after checking them."""
        _project(portfolio, self.project_id)
        project = portfolio.projects[self.project_id]
        approved = check_amount(self.approved_budget, "the approved budget")
        reserve = project.contingency if self.contingency is None else self.contingency
        check_amount(reserve, "the contingency reserve")
        if approved and reserve > approved:
            raise EditError(
                f"the contingency reserve {reserve} cannot exceed the approved budget {approved}"
            )
        changed = replace(project, approved_budget=approved, contingency=reserve)
        return updated(portfolio, projects=with_items(portfolio.projects, {project.id: changed}))


# --- suppliers --------------------------------------------------------------------------------


def check_supplier(portfolio: Portfolio, supplier: Supplier) -> None:
    """Raise EditError unless the supplier has a unique name and sensible payment terms."""
    if not supplier.name.strip():
        raise EditError("a supplier needs a name")
    for other in portfolio.suppliers.values():
        if other.id != supplier.id and other.name.casefold() == supplier.name.casefold():
            raise EditError(f"there is already a supplier named {supplier.name!r}")
    terms = supplier.payment_terms_days
    if not isinstance(terms, int) or isinstance(terms, bool) or not 0 <= terms <= 365:
        raise EditError(f"{supplier.name}: payment terms are 0 to 365 days, not {terms!r}")


@dataclass(frozen=True)
class AddSupplier:
    """Add a supplier (name, contact, contract reference, payment terms in days)."""

    name: str
    contact: str = ""
    email: str = ""
    contract_ref: str = ""
    payment_terms_days: int = 30
    label: str = "Add supplier"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Create the supplier after checking it."""
        supplier = Supplier(
            portfolio.next_id("suppliers"),
            self.name.strip(),
            self.contact.strip(),
            self.email.strip(),
            self.contract_ref.strip(),
            self.payment_terms_days,
        )
        check_supplier(portfolio, supplier)
        return updated(
            portfolio, suppliers=with_items(portfolio.suppliers, {supplier.id: supplier})
        )


@dataclass(frozen=True)
class EditSupplier:
    """Change a supplier's details."""

    supplier_id: int
    changes: Mapping[str, Any]
    label: str = "Edit supplier"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Replace the fields after checking them."""
        check_fields(self.changes, SUPPLIER_FIELDS, "supplier")
        supplier = portfolio.suppliers.get(self.supplier_id)
        if supplier is None:
            raise EditError(f"there is no supplier {self.supplier_id}")
        supplier = replace(supplier, **self.changes)
        check_supplier(portfolio, supplier)
        return updated(
            portfolio, suppliers=with_items(portfolio.suppliers, {supplier.id: supplier})
        )


@dataclass(frozen=True)
class DeleteSupplier:
    """Delete a supplier that no ledger entry or resource names."""

    supplier_id: int
    label: str = "Delete supplier"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Remove it, unless the ledger or a resource still refers to it."""
        supplier = portfolio.suppliers.get(self.supplier_id)
        if supplier is None:
            raise EditError(f"there is no supplier {self.supplier_id}")
        if any(e.supplier_id == supplier.id for e in portfolio.ledger.values()):
            raise EditError(f"{supplier.name} has ledger entries; they must keep their supplier")
        if any(r.supplier_id == supplier.id for r in portfolio.resources.values()):
            raise EditError(f"{supplier.name} supplies resources; change those first")
        return updated(portfolio, suppliers=without(portfolio.suppliers, {supplier.id}))


# --- the ledger -------------------------------------------------------------------------------


def check_entry(portfolio: Portfolio, entry: LedgerEntry) -> None:
    """Raise EditError unless a ledger entry is consistent with the portfolio around it."""
    _project(portfolio, entry.project_id)
    if not isinstance(entry.kind, EntryKind) or not isinstance(entry.status, EntryStatus):
        raise EditError("an entry's kind and status must be one of the listed choices")
    if not isinstance(entry.entry_date, date):
        raise EditError("a ledger entry needs a date")
    credit = not entry.kind.is_commitment  # credit notes and refunds are negative actuals
    check_amount(entry.amount, f"the {_kind(entry)} amount", negative=credit)
    check_amount(entry.tax, f"the {_kind(entry)} tax", negative=credit)
    if entry.due_date is not None and entry.due_date < entry.entry_date:
        raise EditError(f"the due date {entry.due_date} is before the entry date")
    _account_in(portfolio, entry.account_id, entry.project_id)
    _task_in(portfolio, entry.task_id, entry.project_id)
    if entry.supplier_id is not None and entry.supplier_id not in portfolio.suppliers:
        raise EditError(f"there is no supplier {entry.supplier_id}")
    _check_settles(portfolio, entry)


def _kind(entry: LedgerEntry) -> str:
    return entry.kind.value.replace("_", " ")


def _check_settles(portfolio: Portfolio, entry: LedgerEntry) -> None:
    """An invoice settles only an order of its own project and supplier."""
    if entry.settles_id is None:
        return
    if entry.kind is not EntryKind.INVOICE:
        raise EditError(f"only an invoice can settle a purchase order, not a {_kind(entry)}")
    order = portfolio.ledger.get(entry.settles_id)
    if order is None or order.kind is not EntryKind.PURCHASE_ORDER:
        raise EditError(f"entry {entry.settles_id} is not a purchase order")
    ref = order.reference or f"#{order.id}"
    if order.project_id != entry.project_id:
        raise EditError(f"the invoice cannot settle order {ref} of another project")
    if entry.supplier_id is None or entry.supplier_id != order.supplier_id:
        raise EditError(f"the invoice must come from the supplier of order {ref}")


def _check_settlers(portfolio: Portfolio, order: LedgerEntry) -> None:
    """Re-check the invoices that settle ``order`` after it changed."""
    for entry in portfolio.ledger.values():
        if entry.settles_id == order.id and entry.id != order.id:
            try:
                _check_settles(portfolio, entry)
            except EditError as exc:
                ref = entry.reference or f"#{entry.id}"
                raise EditError(f"invoice {ref} settles this order: {exc}") from exc


def _put_entries(portfolio: Portfolio, entries: Mapping[int, LedgerEntry]) -> Portfolio:
    candidate = updated(portfolio, ledger=with_items(portfolio.ledger, entries))
    for entry in entries.values():
        check_entry(candidate, entry)
        _check_settlers(candidate, entry)
    return candidate


@dataclass(frozen=True)
class AddLedgerEntry:
    """Record a purchase order, invoice, expense or timesheet cost (amount net of tax)."""

    project_id: int
    kind: EntryKind
    entry_date: date
    amount: Decimal
    fields: Mapping[str, Any] = field(default_factory=dict)
    label: str = "Add ledger entry"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Create the entry after checking it against its project, supplier and order."""
        check_fields(self.fields, ENTRY_FIELDS - {"kind", "entry_date", "amount"}, "ledger entry")
        entry = LedgerEntry(
            portfolio.next_id("ledger"), self.project_id, self.kind, self.entry_date, self.amount
        )
        entry = replace(entry, **self.fields)
        return _put_entries(portfolio, {entry.id: entry})

    def new_entry_id(self, portfolio: Portfolio) -> int:
        """The id ``apply`` will give the entry (for selecting it, or settling it)."""
        return portfolio.next_id("ledger")


@dataclass(frozen=True)
class EditLedgerEntry:
    """Change fields of one or more ledger entries (one undo step), e.g. mark them paid."""

    entry_ids: tuple[int, ...]
    changes: Mapping[str, Any]
    label: str = "Edit ledger entry"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Replace the fields, then check every changed entry and the invoices on it."""
        check_fields(self.changes, ENTRY_FIELDS, "ledger entry")
        changed: dict[int, LedgerEntry] = {}
        for entry_id in self.entry_ids:
            entry = portfolio.ledger.get(entry_id)
            if entry is None:
                raise EditError(f"ledger entry {entry_id} no longer exists")
            changed[entry_id] = replace(entry, **self.changes)
        return _put_entries(portfolio, changed)


@dataclass(frozen=True)
class DeleteLedgerEntries:
    """Delete ledger entries; an order can go only with the invoices that settle it."""

    entry_ids: tuple[int, ...]
    label: str = "Delete ledger entries"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Remove the entries, refusing to orphan an invoice's order."""
        doomed = {e for e in self.entry_ids if e in portfolio.ledger}
        for entry in portfolio.ledger.values():
            if entry.settles_id in doomed and entry.id not in doomed:
                order = portfolio.ledger[entry.settles_id]
                raise EditError(
                    f"order {order.reference or f'#{order.id}'} is settled by invoice "
                    f"{entry.reference or f'#{entry.id}'}; delete or unlink the invoice first"
                )
        if not doomed:
            return portfolio
        return updated(portfolio, ledger=without(portfolio.ledger, doomed))
