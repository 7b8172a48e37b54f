"""The ledger of the Budget tab driven as a user would, on a real file: every edit must
reach the file, a refused one must change nothing, and Ctrl+Z must undo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit
from pytestqt.qtbot import QtBot

from app.commands.budget import AddLedgerEntry
from app.commands.tasks import EditTask
from app.model.budget import EntryKind, EntryStatus
from tests.widgets.budget.conftest import ACME, INTRANET_ORDER, OTHER, OTHER_ORDER
from tests.widgets.budget.helpers import (
    budget_tab,
    cell,
    click,
    click_tab,
    commit_editor,
    items,
    no_problem,
    open_ledger_editor,
    open_window,
    opened_dialog,
    pick,
    press_ok,
    problem,
    type_into_ledger,
    type_text,
)
from tests.widgets.driver import stored
from widgets.budget.entry_dialog import EntryDialog
from widgets.budget.ledger_model import LedgerColumn
from widgets.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


def add_entry(
    qtbot: QtBot, window: MainWindow, kind: str, amount: str, **picks: str
) -> EntryDialog:
    """Press Add Entry, choose the kind and the named pickers, type the amount, press OK."""
    click(qtbot, window.budget_view.ledger.add_button)
    dialog = opened_dialog(qtbot, window, EntryDialog)
    pick(dialog.kind, kind)
    for name, text in picks.items():
        pick(getattr(dialog, name), text)
    type_text(qtbot, dialog.amount, amount)
    press_ok(qtbot, dialog)
    return dialog


def test_order_and_settling_invoice_through_the_ui(qtbot: QtBot, budget_file: Path) -> None:
    window = open_window(qtbot, budget_file)
    panel = budget_tab(qtbot, window, "Ledger").ledger
    assert panel.model.rowCount() == 1  # Other Ltd's order on this project

    add_entry(qtbot, window, "Purchase order", "1000", supplier="Acme", account="6400")
    order = max(stored(budget_file).ledger)
    saved = stored(budget_file).ledger[order]
    assert (saved.kind, saved.amount, saved.supplier_id) == (EntryKind.PURCHASE_ORDER, 1000, ACME)
    assert cell(panel, order, LedgerColumn.AMOUNT) == "1000.00"
    assert cell(panel, order, LedgerColumn.OPEN) == "1000.00"
    assert cell(panel, order, LedgerColumn.ACCOUNT) == "6400 Cloud services"

    click(qtbot, panel.add_button)
    dialog = opened_dialog(qtbot, window, EntryDialog)
    pick(dialog.kind, "Invoice")
    pick(dialog.supplier, "Acme")
    # Only this project's orders from the invoice's supplier: not Intranet's, not Other's.
    assert [dialog.settles.itemData(i) for i in range(dialog.settles.count())] == [None, order]
    pick(dialog.settles, f"#{order}")
    type_text(qtbot, dialog.amount, "400")
    type_text(qtbot, dialog.tax, "76")
    press_ok(qtbot, dialog)
    assert window._dialog is None  # closed: the edit was made

    invoice = max(stored(budget_file).ledger)
    saved = stored(budget_file).ledger[invoice]
    assert (saved.kind, saved.settles_id, saved.amount, saved.tax) == (
        EntryKind.INVOICE,
        order,
        Decimal(400),
        Decimal(76),
    )
    assert cell(panel, order, LedgerColumn.OPEN) == "600.00"
    assert cell(panel, invoice, LedgerColumn.SETTLES) == f"#{order}"
    assert panel.table.currentIndex().data(Qt.ItemDataRole.UserRole + 1) == invoice
    # The table's own picker offers the same orders as the form.
    settles = panel.model.index(panel.model.row_of(invoice), LedgerColumn.SETTLES)
    offered = [value for _, value in panel.model.choices(settles)]
    assert offered == [None, order]
    assert INTRANET_ORDER not in offered and OTHER_ORDER not in offered
    assert "actual <b>400.00</b>, open on orders <b>670.00</b>" in panel.totals.text()


def test_amount_edited_in_the_table_refused_when_invalid_and_undone(
    qtbot: QtBot, budget_file: Path
) -> None:
    window = open_window(qtbot, budget_file)
    panel = budget_tab(qtbot, window, "Ledger").ledger
    add_entry(qtbot, window, "Purchase order", "1000", supplier="Acme")
    order = max(stored(budget_file).ledger)

    type_into_ledger(qtbot, panel, order, LedgerColumn.AMOUNT, "1200.50")
    assert cell(panel, order, LedgerColumn.AMOUNT) == "1200.50"
    assert stored(budget_file).ledger[order].amount == Decimal("1200.50")
    assert "Committed 1270.50" in window.budget_view.header.text()  # 1200.50 + Other's 70

    type_into_ledger(qtbot, panel, order, LedgerColumn.AMOUNT, "12x")
    assert "Net amount" in problem(qtbot, window)
    assert cell(panel, order, LedgerColumn.AMOUNT) == "1200.50"
    assert stored(budget_file).ledger[order].amount == Decimal("1200.50")

    type_into_ledger(qtbot, panel, order, LedgerColumn.AMOUNT, "-5")
    assert "cannot be negative" in problem(qtbot, window)  # the command's own reason
    assert stored(budget_file).ledger[order].amount == Decimal("1200.50")

    qtbot.keyClick(panel.table, Qt.Key.Key_Z, CTRL)
    assert cell(panel, order, LedgerColumn.AMOUNT) == "1000.00"
    assert stored(budget_file).ledger[order].amount == Decimal(1000)
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, CTRL)  # and the order itself
    assert panel.model.row_of(order) == -1
    assert order not in stored(budget_file).ledger


def test_a_form_with_a_bad_amount_stays_open_and_changes_nothing(
    qtbot: QtBot, budget_file: Path
) -> None:
    window = open_window(qtbot, budget_file)
    budget_tab(qtbot, window, "Ledger")
    before = stored(budget_file).ledger
    dialog = add_entry(qtbot, window, "Expense", "twelve")
    assert "Amount: 'twelve' is not an amount of money" in problem(qtbot, window)
    assert dialog.isVisible()  # what was typed is kept for correcting
    assert stored(budget_file).ledger == before
    type_text(qtbot, dialog.amount, "12")
    press_ok(qtbot, dialog)
    assert window._dialog is None and no_problem(window)
    assert len(stored(budget_file).ledger) == len(before) + 1


def test_filter_delete_and_edit_form(qtbot: QtBot, budget_file: Path) -> None:
    window = open_window(qtbot, budget_file)
    panel = budget_tab(qtbot, window, "Ledger").ledger
    add_entry(qtbot, window, "Expense", "30", supplier="Acme")
    expense = max(stored(budget_file).ledger)

    pick(panel.kind, "Expense")
    assert panel.proxy.rowCount() == 1
    assert "<b>1</b> of 2 entries shown: actual <b>30.00</b>" in panel.totals.text()
    pick(panel.kind, "All kinds")
    type_text(qtbot, panel.search, "other")
    assert panel.proxy.rowCount() == 1 and "open on orders <b>70.00</b>" in panel.totals.text()
    panel.search.clear()

    panel.select_entry(expense)
    click(qtbot, panel.edit_button)
    dialog = opened_dialog(qtbot, window, EntryDialog)
    assert dialog.amount.text() == "30.00" and items(dialog.settles) == ["(none)"]
    type_text(qtbot, dialog.reference, "TAXI-7")
    press_ok(qtbot, dialog)
    assert stored(budget_file).ledger[expense].reference == "TAXI-7"
    assert stored(budget_file).ledger[expense].amount == Decimal(30)

    editor = open_ledger_editor(qtbot, panel, expense, LedgerColumn.STATUS)
    assert isinstance(editor, QComboBox) and items(editor) == ["Open", "Approved", "Paid"]
    pick(editor, "Paid")
    commit_editor(qtbot, panel, editor)
    assert stored(budget_file).ledger[expense].status is EntryStatus.PAID
    editor = open_ledger_editor(qtbot, panel, expense, LedgerColumn.SUPPLIER)
    assert isinstance(editor, QComboBox) and editor.currentText() == "Acme Hosting"
    pick(editor, "(none)")
    commit_editor(qtbot, panel, editor)
    assert stored(budget_file).ledger[expense].supplier_id is None
    editor = open_ledger_editor(qtbot, panel, expense, LedgerColumn.DATE)
    assert isinstance(editor, QDateEdit)
    editor.setDate(QDate(2026, 2, 3))
    commit_editor(qtbot, panel, editor)
    assert stored(budget_file).ledger[expense].entry_date == date(2026, 2, 3)
    type_into_ledger(qtbot, panel, expense, LedgerColumn.DUE, "2026-01-01")
    assert "before the entry date" in problem(qtbot, window)
    type_into_ledger(qtbot, panel, expense, LedgerColumn.DUE, "2026-03-01")
    assert cell(panel, expense, LedgerColumn.DUE) == "2026-03-01"

    panel.select_entry(expense)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert expense not in stored(budget_file).ledger
    assert panel.model.rowCount() == 1


def test_hidden_tab_waits_and_task_edits_refresh_it(qtbot: QtBot, budget_file: Path) -> None:
    window = open_window(qtbot, budget_file)
    view = window.budget_view
    assert view.data is None  # never shown: nothing computed
    command = AddLedgerEntry(
        1,
        EntryKind.EXPENSE,
        stored(budget_file).projects[1].start.date(),
        Decimal(5),
        {"task_id": 1},
    )
    assert window.perform(command)
    assert view.data is None and view.ledger.model.rowCount() == 0
    panel = budget_tab(qtbot, window, "Ledger").ledger
    assert panel.model.rowCount() == 2
    assert cell(panel, 2 + 1, LedgerColumn.TASK) == "1 Design"

    assert window.perform(EditTask((1,), {"name": "Wireframes"}))  # a task change, no money
    assert cell(panel, 3, LedgerColumn.TASK) == "1 Wireframes"
    click_tab(qtbot, window.views, window.views.tabText(0))
    assert window.perform(EditTask((1,), {"name": "Mock-ups"}))
    assert view.data is None  # hidden again: only marked stale
    budget_tab(qtbot, window, "Ledger")
    assert cell(panel, 3, LedgerColumn.TASK) == "1 Mock-ups"


def test_read_only_file_offers_no_edits(qtbot: QtBot, budget_file: Path) -> None:
    window = open_window(qtbot, budget_file, read_only=True)
    panel = budget_tab(qtbot, window, "Ledger").ledger
    assert not panel.add_button.isEnabled() and not panel.delete_button.isEnabled()
    index = panel.model.index(0, LedgerColumn.AMOUNT)
    assert not index.flags() & Qt.ItemFlag.ItemIsEditable
    assert not window.budget_view.accounts.buttons["standard"].isEnabled()


def test_over_invoiced_order_warning_jumps_to_the_order(qtbot: QtBot, budget_file: Path) -> None:
    window = open_window(qtbot, budget_file)
    view = budget_tab(qtbot, window, "Accounts")
    invoice = AddLedgerEntry(
        1,
        EntryKind.INVOICE,
        stored(budget_file).projects[1].start.date(),
        Decimal(90),
        {"supplier_id": OTHER, "settles_id": OTHER_ORDER},
    )
    assert window.perform(invoice)  # 90 invoiced on an order of 70
    warning = next(w for w in view.warnings.warnings() if w.entry_id == OTHER_ORDER)
    item = view.warnings.item(view.warnings.warnings().index(warning))
    assert "20.00 EUR more than ordered" in item.text()
    view.warnings.scrollToItem(item)
    pos = view.warnings.visualItemRect(item).center()
    qtbot.mouseClick(view.warnings.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert view.sections.currentWidget() is view.ledger
    assert view.ledger.selected_ids() == [OTHER_ORDER]
    assert cell(view.ledger, OTHER_ORDER, LedgerColumn.OPEN) == "0.00"
