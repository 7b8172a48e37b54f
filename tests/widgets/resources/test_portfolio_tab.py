"""The Portfolio tab: status lines, sorting and filtering, priority edited in place,
opening a project, and the timeline."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox, QSpinBox
from pytestqt.qtbot import QtBot

from app.resources.dashboard import Status
from tests.widgets.driver import stored
from tests.widgets.resources.helpers import (
    click_cell,
    click_tab,
    double_click_cell,
    open_window,
)
from widgets.main_window import MainWindow
from widgets.portfolio.dashboard_model import STATUS_COLORS, DashColumn
from widgets.portfolio.view import PortfolioView

ERP, NETWORK, PORTAL = 1, 2, 3


def portfolio_tab(qtbot: QtBot, window: MainWindow) -> PortfolioView:
    click_tab(qtbot, window.views, "Portfolio")
    return window.portfolio_view


def shown_names(view: PortfolioView) -> list[str]:
    return [view.proxy.index(r, DashColumn.NAME).data() for r in range(view.proxy.rowCount())]


def test_every_project_has_a_status_line(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    view = portfolio_tab(qtbot, window)

    assert sorted(shown_names(view)) == [
        "Customer portal relaunch",
        "ERP roll-out",
        "Network and server upgrade",
    ]
    portal = view.project_row(PORTAL)
    status = portal.siblingAtColumn(DashColumn.STATUS)
    assert status.data() == "At risk"
    assert status.data(Qt.ItemDataRole.BackgroundRole) == STATUS_COLORS[Status.AT_RISK]
    assert status.data(Qt.ItemDataRole.ToolTipRole).startswith("At risk:\n• ")
    assert portal.siblingAtColumn(DashColumn.BUDGET).data() == "190,000 EUR"
    assert portal.siblingAtColumn(DashColumn.LOAD).data()
    assert [bar.project_id for bar in view.timeline.timeline.bars] == [ERP, NETWORK, PORTAL]
    assert view.timeline.timeline.links


def test_filter_and_sort(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    view = portfolio_tab(qtbot, window)

    qtbot.keyClicks(view.filter_edit, "upgrade")
    assert shown_names(view) == ["Network and server upgrade"]
    view.filter_edit.clear()
    view.status_choice.setCurrentIndex(view.status_choice.findText("At risk"))
    assert shown_names(view) == ["Customer portal relaunch"]
    view.status_choice.setCurrentIndex(0)

    header = view.table.horizontalHeader()
    finish = header.sectionViewportPosition(DashColumn.FINISH) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(finish, 5))
    first = shown_names(view)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(finish, 5))
    assert shown_names(view) == list(reversed(first))
    assert first[0] == "Customer portal relaunch"  # finishes first, in March 2027


def test_priority_is_changed_in_place_and_kept(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    view = portfolio_tab(qtbot, window)
    cell = view.project_row(PORTAL).siblingAtColumn(DashColumn.PRIORITY)

    click_cell(qtbot, view.table, cell)
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QSpinBox) and editor.maximum() == 1000
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "900")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.table.state() != QAbstractItemView.State.EditingState)

    assert window.document.portfolio.projects[PORTAL].priority == 900
    assert stored(demo_file).projects[PORTAL].priority == 900
    assert view.project_row(PORTAL).siblingAtColumn(DashColumn.PRIORITY).data() == "900"
    assert view.proxy.index(0, DashColumn.NAME).data() == "Customer portal relaunch"
    assert view.timeline.timeline.bars[0].project_id == PORTAL  # the timeline follows
    window.undo_stack.undo()
    assert stored(demo_file).projects[PORTAL].priority == 500


def test_a_priority_out_of_range_is_refused(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    view = portfolio_tab(qtbot, window)
    cell = view.project_row(ERP).siblingAtColumn(DashColumn.PRIORITY)

    assert not view.model.setData(view.proxy.mapToSource(cell), "urgent")

    box = window.findChild(QMessageBox, "problemBox")
    assert box is not None and "whole number" in box.text()
    assert stored(demo_file).projects[ERP].priority == 500


def test_double_click_opens_the_project_in_the_task_tab(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    view = portfolio_tab(qtbot, window)
    assert window.current_project_id == ERP

    double_click_cell(qtbot, view.table, view.project_row(PORTAL))

    assert window.current_project_id == PORTAL
    assert window.views.currentWidget().isAncestorOf(window.task_view)


def test_double_click_on_a_timeline_bar_opens_its_project(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    view = portfolio_tab(qtbot, window)
    timeline = view.timeline
    row = [bar.project_id for bar in timeline.timeline.bars].index(NETWORK)
    point = timeline.bar_rect(row).center().toPoint()
    assert "Network and server upgrade" in (
        timeline.describe_at(timeline.bar_rect(row).center()) or ""
    )

    qtbot.mouseDClick(timeline, Qt.MouseButton.LeftButton, pos=point)

    assert window.current_project_id == NETWORK
    assert window.views.currentWidget().isAncestorOf(window.task_view)
