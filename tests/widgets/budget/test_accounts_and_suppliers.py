"""The Accounts and Suppliers sections driven through their buttons and forms."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.budget.ledger import WarningCode
from tests.widgets.budget.helpers import (
    budget_tab,
    click,
    open_window,
    opened_dialog,
    pick,
    press_ok,
    problem,
    type_text,
)
from tests.widgets.driver import stored, write_plan
from widgets.budget.accounts_panel import OVER_COLOR, AccountsPanel
from widgets.budget.dialogs import (
    AccountDialog,
    ApprovedBudgetDialog,
    BudgetLineDialog,
    SupplierDialog,
)
from widgets.budget.entry_dialog import EntryDialog
from widgets.main_window import MainWindow


def figures(panel: AccountsPanel, account_id: int | None, label: str = "") -> list[str]:
    """The texts of an account's row: label, budget, committed, actual, forecast, variance."""
    item = panel.account_item(account_id, label)
    assert item is not None, f"no row for account {account_id} {label}"
    return [item.text(c) for c in range(6)]


def account_id(path: Path, code: str) -> int:
    return next(a.id for a in stored(path).accounts.values() if a.code == code)


def budget_line(qtbot: QtBot, window: MainWindow, key: str, account: str, amount: str) -> None:
    """Add Budget Line or Revise Budget on ``account`` with ``amount``."""
    panel = window.budget_view.accounts
    click(qtbot, panel.buttons[key])
    dialog = opened_dialog(qtbot, window, BudgetLineDialog)
    pick(dialog.account, account)
    type_text(qtbot, dialog.amount, amount)
    type_text(qtbot, dialog.note, "steering committee")
    press_ok(qtbot, dialog)


def test_standard_accounts_budget_lines_revision_and_approval(qtbot: QtBot, tmp_path: Path) -> None:
    path = write_plan(tmp_path / "plain.plansmith")
    window = open_window(qtbot, path)
    view = budget_tab(qtbot, window, "Accounts")
    panel = view.accounts
    assert not panel.buttons["add_line"].isEnabled()  # no account yet to budget on
    click(qtbot, panel.buttons["standard"])
    assert sorted(a.code for a in stored(path).accounts.values()) == [
        "6100",
        "6200",
        "6300",
        "6400",
        "6500",
        "6600",
        "6900",
    ]
    hardware = account_id(path, "6200")
    assert figures(panel, hardware)[0] == "6200  Hardware"

    budget_line(qtbot, window, "add_line", "6200", "5000")
    assert figures(panel, hardware)[1] == "5000.00"
    budget_line(qtbot, window, "revise", "6200", "4000")
    lines = sorted(b.amount for b in stored(path).budget_lines.values())
    assert lines == [Decimal(-1000), Decimal(5000)]  # the history is kept, never overwritten
    assert figures(panel, hardware)[1] == "4000.00"
    assert figures(panel, None, "Total")[1] == "4000.00"

    click(qtbot, panel.buttons["approved"])
    dialog = opened_dialog(qtbot, window, ApprovedBudgetDialog)
    type_text(qtbot, dialog.approved, "3000")
    type_text(qtbot, dialog.contingency, "3500")
    press_ok(qtbot, dialog)
    assert "cannot exceed the approved budget" in problem(qtbot, window)
    assert stored(path).projects[1].approved_budget == 0  # refused: nothing changed
    type_text(qtbot, dialog.contingency, "300")
    press_ok(qtbot, dialog)
    project = stored(path).projects[1]
    assert (project.approved_budget, project.contingency) == (Decimal(3000), Decimal(300))
    assert "Approved 3000.00" in view.header.text()
    codes = [w.code for w in view.warnings.warnings()]
    assert WarningCode.BUDGET_OVER_APPROVED in codes


def test_sub_account_and_over_budget_row_marked(qtbot: QtBot, budget_file: Path) -> None:
    window = open_window(qtbot, budget_file)
    view = budget_tab(qtbot, window, "Accounts")
    panel = view.accounts
    external = account_id(budget_file, "6500")
    assert panel.select_account(external)
    click(qtbot, panel.buttons["add_account"])
    dialog = opened_dialog(qtbot, window, AccountDialog)
    assert dialog.parent_account.currentData() == external  # proposed: the selected account
    type_text(qtbot, dialog.code, "6510")
    type_text(qtbot, dialog.name, "Implementation partner")
    press_ok(qtbot, dialog)
    partner = account_id(budget_file, "6510")
    assert stored(budget_file).accounts[partner].parent_id == external
    parent_item = panel.account_item(external)
    assert (
        parent_item is not None and parent_item.child(0).text(0) == "6510  Implementation partner"
    )

    budget_line(qtbot, window, "add_line", "6510", "100")
    ledger = budget_tab(qtbot, window, "Ledger").ledger
    click(qtbot, ledger.add_button)
    entry = opened_dialog(qtbot, window, EntryDialog)
    pick(entry.kind, "Invoice")
    pick(entry.account, "6510")
    type_text(qtbot, entry.amount, "150")
    press_ok(qtbot, entry)
    budget_tab(qtbot, window, "Accounts")
    row = panel.account_item(partner)
    assert row is not None
    assert figures(panel, partner)[3:] == ["150.00", "150.00", "-50.00"]
    assert row.foreground(5).color() == OVER_COLOR
    assert "overspends its budget" in row.toolTip(0)
    assert figures(panel, external)[3] == "150.00"  # rolled up into the parent
    ok_row = panel.account_item(account_id(budget_file, "6100"))
    assert ok_row is not None and ok_row.foreground(5).color() != OVER_COLOR

    warning = next(w for w in view.warnings.warnings() if w.account_id == partner)
    panel.tree.setCurrentItem(panel.account_item(None, "Total"))
    item = view.warnings.item(view.warnings.warnings().index(warning))
    assert item.text().startswith("6510 Implementation partner: ")
    qtbot.mouseClick(
        view.warnings.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.warnings.visualItemRect(item).center(),
    )
    assert view.sections.currentWidget() is panel
    assert panel.selected_account() == partner


def test_suppliers_added_and_edited_with_orders_open(qtbot: QtBot, budget_file: Path) -> None:
    window = open_window(qtbot, budget_file)
    panel = budget_tab(qtbot, window, "Suppliers").suppliers
    click(qtbot, panel.add_button)
    dialog = opened_dialog(qtbot, window, SupplierDialog)
    type_text(qtbot, dialog.name, "Other Ltd")
    press_ok(qtbot, dialog)
    assert "already a supplier named" in problem(qtbot, window)
    type_text(qtbot, dialog.name, "Northwind Cabling")
    type_text(qtbot, dialog.contact, "Nina North")
    type_text(qtbot, dialog.contract_ref, "FW-2026-12")
    dialog.terms.setValue(45)
    press_ok(qtbot, dialog)
    supplier = next(s for s in stored(budget_file).suppliers.values() if s.name.startswith("North"))
    assert (supplier.contact, supplier.contract_ref, supplier.payment_terms_days) == (
        "Nina North",
        "FW-2026-12",
        45,
    )
    row = panel.supplier_item("Northwind Cabling")
    assert row is not None and row.text(4) == "45 days"

    other = panel.supplier_item("Other Ltd")
    assert other is not None
    assert [other.text(6), other.text(7)] == ["0.00", "70.00"]  # nothing spent, 70 open
    order = other.child(0)
    assert order.text(0) == "Purchase order PO-OTHER"
    assert [order.text(5), order.text(6), order.text(7)] == ["70.00", "0.00", "70.00"]

    panel.tree.setCurrentItem(order)  # Edit works from any row of the supplier
    click(qtbot, panel.edit_button)
    dialog = opened_dialog(qtbot, window, SupplierDialog)
    assert dialog.name.text() == "Other Ltd"
    dialog.terms.setValue(10)
    press_ok(qtbot, dialog)
    assert stored(budget_file).suppliers[2].payment_terms_days == 10
