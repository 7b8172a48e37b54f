"""Budget commands: each rule refused with a clear message, and edits kept in the file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.budget.ledger import budget_summary, project_control
from app.commands import AddProject, AddTask, EditError
from app.commands.budget import (
    AddAccount,
    AddBudgetLine,
    AddLedgerEntry,
    AddStandardAccounts,
    AddSupplier,
    DeleteAccount,
    DeleteLedgerEntries,
    DeleteSupplier,
    EditAccount,
    EditLedgerEntry,
    EditSupplier,
    ReviseBudget,
    SetApprovedBudget,
)
from app.document import Document
from app.history import History
from app.model import EntryKind, EntryStatus, Portfolio
from app.store import Store
from tests.app.budget.plans import HARDWARE, LABOUR, invoice, order, with_accounts
from tests.builders import START, apply, small_portfolio

D = Decimal
JAN = date(2026, 1, 5)


@pytest.fixture
def plan() -> Portfolio:
    """Project 1 with the standard chart, suppliers Acme (1) and Globex (2), and PO 1."""
    return apply(with_accounts(small_portfolio()), order("1000", JAN, account_id=HARDWARE))


def refused(portfolio: Portfolio, command: object, message: str) -> None:
    with pytest.raises(EditError, match=message):
        apply(portfolio, command)


# --- amounts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", [1000.0, 1000, "1000", Decimal("NaN"), Decimal("Infinity")])
def test_amounts_must_be_exact_finite_decimals(plan: Portfolio, amount: object) -> None:
    refused(
        plan,
        AddLedgerEntry(1, EntryKind.INVOICE, JAN, amount),  # type: ignore[arg-type]
        "the invoice amount must be",
    )


def test_orders_cannot_be_negative_but_credit_notes_can(plan: Portfolio) -> None:
    refused(plan, order("-5", JAN), "the purchase order amount cannot be negative")
    credited = apply(plan, invoice("-40", JAN, reference="CN-1"))
    assert budget_summary(credited, 1).actual == D(-40)


def test_tax_must_be_a_decimal_too(plan: Portfolio) -> None:
    refused(plan, invoice("10", JAN, tax=1.9), "the invoice tax must be an exact decimal")


# --- settling orders --------------------------------------------------------------------------


def test_an_invoice_settles_only_an_order_of_its_supplier_and_project(plan: Portfolio) -> None:
    refused(plan, invoice("10", JAN, supplier_id=2, settles_id=1), "supplier of order #1")
    refused(plan, invoice("10", JAN, supplier_id=None, settles_id=1), "supplier of order #1")
    other = apply(plan, AddProject("Other", START), AddTask(2, "Work"))
    refused(
        other,
        AddLedgerEntry(2, EntryKind.INVOICE, JAN, D(10), {"supplier_id": 1, "settles_id": 1}),
        "cannot settle order #1 of another project",
    )
    refused(plan, invoice("10", JAN, settles_id=99), "entry 99 is not a purchase order")
    with_invoice = apply(plan, invoice("10", JAN))
    refused(with_invoice, invoice("10", JAN, settles_id=2), "entry 2 is not a purchase order")


def test_only_an_invoice_settles_an_order(plan: Portfolio) -> None:
    expense = AddLedgerEntry(1, EntryKind.EXPENSE, JAN, D(5), {"settles_id": 1})
    refused(plan, expense, "only an invoice can settle a purchase order, not a expense")


def test_a_settled_order_keeps_its_supplier_and_kind(plan: Portfolio) -> None:
    settled = apply(plan, invoice("400", JAN, settles_id=1, reference="INV-7"))
    refused(settled, EditLedgerEntry((1,), {"supplier_id": 2}), "invoice INV-7 settles this order")
    refused(settled, EditLedgerEntry((1,), {"kind": EntryKind.EXPENSE}), "INV-7 settles")
    refused(settled, DeleteLedgerEntries((1,)), "settled by invoice INV-7")
    both = apply(settled, DeleteLedgerEntries((1, 2)))
    assert not both.ledger


def test_entries_must_name_things_of_their_project(plan: Portfolio) -> None:
    other = apply(plan, AddProject("Other", START), AddTask(2, "Work"), AddStandardAccounts(2))
    refused(other, invoice("1", JAN, 4), "task 'Work' belongs to another project")
    refused(other, invoice("1", JAN, account_id=8), "6100 Labour belongs to another project")
    refused(plan, invoice("1", JAN, supplier_id=7), "there is no supplier 7")
    refused(plan, invoice("1", JAN, due_date=date(2026, 1, 1)), "due date 2026-01-01 is before")
    refused(plan, EditLedgerEntry((1,), {"settled": True}), "cannot be edited: settled")
    refused(plan, EditLedgerEntry((42,), {"reference": "x"}), "ledger entry 42 no longer exists")


def test_entries_are_marked_paid_in_one_edit(plan: Portfolio) -> None:
    paid = apply(plan, invoice("5", JAN), invoice("6", JAN))
    paid = apply(paid, EditLedgerEntry((2, 3), {"status": EntryStatus.PAID}))
    assert {paid.ledger[i].status for i in (2, 3)} == {EntryStatus.PAID}
    refused(paid, EditLedgerEntry((2,), {"status": "settled"}), "listed choices")


# --- accounts, lines, suppliers, the approved budget -----------------------------------------


def test_account_rules(plan: Portfolio) -> None:
    refused(plan, AddAccount(1, "6100", "Staff"), "account code 6100 is already 'Labour'")
    refused(plan, AddAccount(1, " ", "Nameless"), "needs a code and a name")
    refused(plan, AddAccount(9, "1", "x"), "there is no project 9")
    sub = apply(plan, AddAccount(1, "6210", "Servers", parent_id=HARDWARE))
    refused(sub, EditAccount(HARDWARE, {"parent_id": 8}), "under its own sub-account")
    refused(sub, EditAccount(8, {"colour": "red"}), "cannot be edited: colour")
    refused(sub, DeleteAccount(HARDWARE), "6200 Hardware has sub-accounts")
    refused(plan, DeleteAccount(HARDWARE), "has ledger entries")
    lined = apply(plan, AddBudgetLine(1, LABOUR, D(10), JAN))
    refused(lined, DeleteAccount(LABOUR), "budget history must stay")
    assert 7 not in apply(plan, DeleteAccount(7)).accounts
    renamed = apply(plan, EditAccount(LABOUR, {"name": "Staff costs"}))
    assert renamed.accounts[LABOUR].name == "Staff costs"


def test_standard_accounts_are_added_once(plan: Portfolio) -> None:
    assert apply(plan, AddStandardAccounts(1)) is plan
    codes = sorted(a.code for a in plan.accounts.values())
    assert codes == ["6100", "6200", "6300", "6400", "6500", "6600", "6900"]


def test_budget_line_rules(plan: Portfolio) -> None:
    refused(plan, AddBudgetLine(1, 99, D(1), JAN), "needs a cost account of its project")
    refused(plan, AddBudgetLine(1, LABOUR, D(1), JAN, period="2026-13"), "YYYY-MM")
    refused(plan, AddBudgetLine(1, LABOUR, D(1), JAN, period="Jan"), "YYYY-MM")
    refused(plan, AddBudgetLine(1, LABOUR, 1.5, JAN), "budget amount must be an exact")  # type: ignore[arg-type]
    refused(plan, ReviseBudget(1, LABOUR, D(-1), JAN), "revised budget cannot be negative")
    cut = apply(plan, AddBudgetLine(1, LABOUR, D(-50), JAN, note="cut"))
    assert cut.budget_lines[1].amount == D(-50)


def test_supplier_rules(plan: Portfolio) -> None:
    refused(plan, AddSupplier("acme"), "already a supplier named 'acme'")
    refused(plan, AddSupplier("Initech", payment_terms_days=-1), "0 to 365 days")
    refused(plan, EditSupplier(2, {"payment_terms_days": 30.5}), "0 to 365 days")
    refused(plan, EditSupplier(2, {"iban": "x"}), "cannot be edited: iban")
    refused(plan, DeleteSupplier(1), "Acme has ledger entries")
    edited = apply(plan, EditSupplier(2, {"contract_ref": "MSA-2026-04", "payment_terms_days": 45}))
    assert edited.suppliers[2].contract_ref == "MSA-2026-04"
    assert 2 not in apply(plan, DeleteSupplier(2)).suppliers


def test_approved_budget_rules(plan: Portfolio) -> None:
    refused(plan, SetApprovedBudget(1, D(100), D(200)), "cannot exceed the approved budget")
    refused(plan, SetApprovedBudget(1, 100.0), "approved budget must be an exact")  # type: ignore[arg-type]
    set_ = apply(plan, SetApprovedBudget(1, D("250000.00"), D("25000")))
    assert (set_.projects[1].approved_budget, set_.projects[1].contingency) == (
        D("250000.00"),
        D(25000),
    )
    kept = apply(set_, SetApprovedBudget(1, D(260000)))
    assert kept.projects[1].contingency == D(25000)


# --- through the document and the file --------------------------------------------------------


@pytest.fixture
def doc(tmp_path: Path) -> Iterator[Document]:
    path = tmp_path / "plan.plansmith"
    Store.create(path, small_portfolio()).close()
    document = Document(Store.open(path))
    yield document
    document.close()


def reopened(document: Document) -> Portfolio:
    with Store.open(document.store.path, read_only=True) as reader:
        return reader.load()


def test_budget_edits_are_committed_exactly_and_undoable(doc: Document) -> None:
    history = History(doc)
    changes = []
    doc.subscribe(changes.append)
    history.do(AddStandardAccounts(1))
    history.do(AddSupplier("Acme", contract_ref="C-1", payment_terms_days=14))
    history.do(AddBudgetLine(1, HARDWARE, D("1234.565"), JAN, task_id=2, period="2026-01"))
    history.do(order("1000.10", JAN, 2, account_id=HARDWARE))
    history.do(invoice("400.005", JAN, 2, settles_id=1, account_id=HARDWARE, tax=D("76.00")))
    assert changes[-1].budget
    stored = reopened(doc)
    assert stored == doc.portfolio
    assert stored.ledger[2].amount == D("400.005") and stored.ledger[2].settles_id == 1
    assert stored.budget_lines[1].amount == D("1234.565")
    control = project_control(stored, 1)
    assert control.total.committed == D("600.095") and control.total.actual == D("400.005")
    history.undo()
    assert project_control(reopened(doc), 1).total.committed == D("1000.10")


def test_a_refused_edit_changes_neither_document_nor_file(doc: Document) -> None:
    doc.execute(AddStandardAccounts(1))
    doc.execute(AddSupplier("Acme"))
    before = doc.portfolio
    with pytest.raises(EditError):
        doc.execute(invoice("1", JAN, settles_id=5))
    assert doc.portfolio is before and reopened(doc) == before
