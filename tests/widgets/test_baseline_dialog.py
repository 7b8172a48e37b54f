"""Project > Set Baseline: a user saves baseline 1, then clears it, then undoes that."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.commands.baselines import saved_baselines
from tests.widgets.driver import stored
from widgets.dialogs.baseline import BaselineDialog
from widgets.main import build_window
from widgets.main_window import MainWindow


def _window(qtbot: QtBot, plan_file: Path) -> MainWindow:
    window = build_window(plan_file)
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _open_dialog(qtbot: QtBot, window: MainWindow) -> BaselineDialog:
    window.actions["set_baseline"].trigger()
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, BaselineDialog)
    return dialog


def test_save_and_clear_a_baseline_from_the_menu(qtbot: QtBot, plan_file: Path) -> None:
    window = _window(qtbot, plan_file)
    dialog = _open_dialog(qtbot, window)
    assert not dialog.clear_button.isEnabled()  # nothing saved yet
    dialog.number_box.setCurrentIndex(1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved_baselines(stored(plan_file), 1) == [1]
    assert "Saved baseline 1" in window.statusBar().currentMessage()

    dialog = _open_dialog(qtbot, window)
    assert dialog.number_box.itemText(1) == "Baseline 1 (saved)"
    dialog.number_box.setCurrentIndex(1)
    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    assert saved_baselines(stored(plan_file), 1) == []
    window.actions["undo"].trigger()
    assert saved_baselines(stored(plan_file), 1) == [1]
