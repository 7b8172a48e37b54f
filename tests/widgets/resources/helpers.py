"""Driving the resource and portfolio tabs as a user would."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QLineEdit,
    QRadioButton,
    QTabWidget,
)
from pytestqt.qtbot import QtBot

from tests.widgets.test_main_window import show
from widgets.main import build_window
from widgets.main_window import MainWindow

D = TypeVar("D", bound=QDialog)


def open_window(qtbot: QtBot, path: Path) -> MainWindow:
    """The main window on ``path``, shown and active."""
    window = build_window(path)
    assert window is not None
    window.resize(1400, 860)
    return show(qtbot, window)


def click_tab(qtbot: QtBot, tabs: QTabWidget, title: str) -> None:
    """Click a tab by its title."""
    bar = tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i).replace("&", "") == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a button with the mouse (a check box or radio button on its indicator, since
    a click beside its label misses it)."""
    assert button.isEnabled(), f"{button.text()!r} is disabled"
    if isinstance(button, (QCheckBox, QRadioButton)):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
        return
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def opened_dialog(qtbot: QtBot, window: MainWindow, kind: type[D]) -> D:
    """The dialog of ``kind`` the window opened (window-modal, not blocking)."""
    qtbot.waitUntil(lambda: isinstance(window._dialog, kind) and window._dialog.isVisible())
    dialog = window._dialog
    assert isinstance(dialog, kind)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def cell_point(view: QAbstractItemView, index: QModelIndex) -> QPoint:
    """The centre of a cell in viewport coordinates, scrolled into view."""
    assert index.isValid()
    view.scrollTo(index)
    return view.visualRect(index).center()


def click_cell(qtbot: QtBot, view: QAbstractItemView, index: QModelIndex) -> None:
    """Click a cell."""
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell_point(view, index))


def double_click_cell(qtbot: QtBot, view: QAbstractItemView, index: QModelIndex) -> None:
    """Double-click a cell (Qt wants the press before the double-click)."""
    point = cell_point(view, index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def type_into(qtbot: QtBot, view: QAbstractItemView, index: QModelIndex, text: str) -> None:
    """Click a cell, press F2, replace the text and press Return."""
    click_cell(qtbot, view, index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), f"no text editor opened, focus is on {editor!r}"
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
