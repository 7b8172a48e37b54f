"""The demo portfolio's over-budget project in the Budget tab, rendered to PNG."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontInfo, QFontMetrics, QImage
from pytestqt.qtbot import QtBot

from app.budget.ledger import Severity, WarningCode
from app.demo import write_demo
from tests.widgets.budget.helpers import budget_tab, open_window
from tests.widgets.test_screenshot import count_pixels
from widgets.budget.accounts_panel import OVER_COLOR
from widgets.main_window import MainWindow

OVER_PROJECT = "Network and server upgrade"


@pytest.fixture
def demo_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    """The demo file open, its over-budget project chosen in the project list."""
    path = tmp_path / "demo.plansmith"
    write_demo(path)
    window = open_window(qtbot, path)
    model = window.project_view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == OVER_PROJECT)
    rect = window.project_view.visualRect(model.index(row, 0))
    qtbot.mouseClick(window.project_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_project().name == OVER_PROJECT
    return window


def test_over_budget_project_reads_as_over_budget(
    qtbot: QtBot, demo_window: MainWindow, tmp_path: Path
) -> None:
    assert QFontMetrics(QFont()).inFontUcs4(ord("A")) and QFontInfo(QFont()).family()
    view = budget_tab(qtbot, demo_window, "Accounts")
    assert "forecast over budget" in view.header.text()
    first = view.warnings.warnings()[0]
    assert (first.severity, first.code) == (Severity.ERROR, WarningCode.FORECAST_OVER_RESERVE)
    over = [
        view.accounts.tree.topLevelItem(r).text(0)
        for r in range(view.accounts.tree.topLevelItemCount())
        if view.accounts.tree.topLevelItem(r).foreground(0).color() == OVER_COLOR
    ]
    assert over == ["6100  Labour", "6200  Hardware", "6300  Software licences", "Total"]

    target = tmp_path / "budget_tab.png"
    assert demo_window.grab().save(str(target))
    image = QImage(str(target))
    assert (image.width(), image.height()) == (demo_window.width(), demo_window.height())
    assert count_pixels(image, OVER_COLOR, tolerance=60) > 300  # red figures and header


def test_task_warning_jumps_to_the_task_and_section_switches_refresh(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    view = budget_tab(qtbot, demo_window, "Ledger")
    assert view.ledger.model.rowCount() == 6
    warning = next(w for w in view.warnings.warnings() if w.task_id is not None)
    row = view.warnings.warnings().index(warning)
    item = view.warnings.item(row)
    view.warnings.scrollToItem(item)
    rect = view.warnings.visualItemRect(item)
    qtbot.mouseClick(view.warnings.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert not view.isVisible()  # the tab holding the task table came up
    table = demo_window.task_view
    assert table.isVisible()
    assert table.currentIndex().internalId() == warning.task_id
