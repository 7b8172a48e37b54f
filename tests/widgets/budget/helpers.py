"""Driving the Budget tab as a user would: click its tab, press its buttons, fill its forms."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.widgets.test_main_window import show
from widgets.budget.forms import SubmitDialog
from widgets.budget.ledger_model import LedgerColumn
from widgets.budget.ledger_panel import LedgerPanel
from widgets.budget.view import BudgetView
from widgets.main import build_window
from widgets.main_window import MainWindow

D = TypeVar("D", bound=QDialog)


def open_window(qtbot: QtBot, path: Path, read_only: bool = False) -> MainWindow:
    """The main window on ``path``, shown and active."""
    window = build_window(path, read_only)
    assert window is not None
    window.resize(1300, 800)
    return show(qtbot, window)


def click_tab(qtbot: QtBot, tabs: QTabWidget, title: str) -> None:
    """Click a tab by its title."""
    bar = tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i).replace("&", "") == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def budget_tab(qtbot: QtBot, window: MainWindow, section: str = "Accounts") -> BudgetView:
    """Click the Budget tab, then one of its sections."""
    click_tab(qtbot, window.views, "Budget")
    view = window.budget_view
    click_tab(qtbot, view.sections, section)
    return view


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a button with the mouse."""
    assert button.isEnabled(), f"{button.text()!r} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def opened_dialog(qtbot: QtBot, window: MainWindow, kind: type[D]) -> D:
    """The dialog of ``kind`` the window opened (window-modal, not blocking)."""
    qtbot.waitUntil(lambda: isinstance(window._dialog, kind) and window._dialog.isVisible())
    dialog = window._dialog
    assert isinstance(dialog, kind)
    return dialog


def pick(combo: QComboBox, text: str) -> None:
    """Choose the item whose label starts with ``text`` (labels may be indented)."""
    index = next(
        (i for i in range(combo.count()) if combo.itemText(i).strip().startswith(text)), -1
    )
    assert index >= 0, f"{text!r} not offered: {items(combo)}"
    combo.setCurrentIndex(index)


def items(combo: QComboBox) -> list[str]:
    """Every label a combo offers."""
    return [combo.itemText(i).strip() for i in range(combo.count())]


def type_text(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Replace a field's text by typing."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, text)


def press_ok(qtbot: QtBot, dialog: SubmitDialog) -> None:
    """Click a form's OK button; once the form closes, its window is active again.

    The offscreen platform has no window manager to hand activation back to the main
    window when a dialog goes, so the test does what the desktop would.
    """
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    if not dialog.isVisible():
        window = dialog.parentWidget().window()
        qtbot.waitUntil(lambda: getattr(window, "_dialog", None) is None)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)


def problem(qtbot: QtBot, window: MainWindow) -> str:
    """The text of the problem box shown, which is then closed."""
    box = window.findChild(QMessageBox, "problemBox")
    assert box is not None and box.isVisible(), "no problem was shown"
    text = box.text()
    box.done(0)
    window.activateWindow()  # no window manager offscreen to hand activation back
    qtbot.waitUntil(window.isActiveWindow)
    return text


def no_problem(window: MainWindow) -> bool:
    """True when no problem box is showing."""
    box = window.findChild(QMessageBox, "problemBox")
    return box is None or not box.isVisible()


def cell(panel: LedgerPanel, entry_id: int, column: LedgerColumn) -> str:
    """What the ledger table shows in an entry's cell."""
    index = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(entry_id), column))
    assert index.isValid(), f"entry {entry_id} is not shown"
    return str(index.data(Qt.ItemDataRole.DisplayRole))


def open_ledger_editor(
    qtbot: QtBot, panel: LedgerPanel, entry_id: int, column: LedgerColumn
) -> QWidget:
    """Click a ledger cell and press F2; returns the editor that opened."""
    table = panel.table
    if not table.window().isActiveWindow():  # a message box just closed (see press_ok)
        table.window().activateWindow()
        qtbot.waitUntil(table.window().isActiveWindow)
    index = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(entry_id), column))
    table.scrollTo(index)
    center: QPoint = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and table.state() == table.State.EditingState
    return editor


def commit_editor(qtbot: QtBot, panel: LedgerPanel, editor: QWidget) -> None:
    """Press Return in a cell editor and wait until the table has taken the value."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.state() != panel.table.State.EditingState)


def type_into_ledger(
    qtbot: QtBot, panel: LedgerPanel, entry_id: int, column: LedgerColumn, text: str
) -> None:
    """Click a ledger cell, press F2, replace its text and press Return."""
    editor = open_ledger_editor(qtbot, panel, entry_id, column)
    assert isinstance(editor, QLineEdit), f"no text editor opened, focus is on {editor!r}"
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, text)
    commit_editor(qtbot, panel, editor)
