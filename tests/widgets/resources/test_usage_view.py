"""The Resource Usage tab: the demo's over-allocation, in red, and the tasks behind it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from tests.widgets.resources.helpers import (
    click,
    click_tab,
    double_click_cell,
    open_window,
    opened_dialog,
    type_into,
)
from widgets.main_window import MainWindow
from widgets.resources.cell_tasks import CellTasksDialog
from widgets.resources.sheet_edits import SheetColumn
from widgets.resources.usage_model import OVER_COLOR
from widgets.resources.usage_view import UsageView

BEN = 2
#: Ben's two clashing tasks: ERP "Interface specification" and portal "Solution architecture".
ERP_TASK, PORTAL_TASK, PORTAL = 21, 111, 3


def usage_tab(qtbot: QtBot, window: MainWindow) -> UsageView:
    click_tab(qtbot, window.views, "Resource Usage")
    return window.resource_views.usage


def show_days(view: UsageView, first: date, last: date) -> None:
    """Pick Days and a range, as a user does with the chooser and the date fields."""
    view.period.setCurrentIndex(view.period.findData("day"))
    view.start_edit.setDate(QDate(first.year, first.month, first.day))
    view.finish_edit.setDate(QDate(last.year, last.month, last.day))


def test_ben_is_over_allocated_in_red_across_two_projects(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    view = usage_tab(qtbot, window)
    show_days(view, date(2026, 11, 23), date(2026, 11, 27))

    row = view.model.row_of(BEN)
    assert view.model.columnCount() == 5
    assert view.model.headerData(row, Qt.Orientation.Vertical) == "Ben Okafor"
    for column in range(5):
        index = view.model.index(row, column)
        cell = view.model.cell(index)
        assert cell is not None and cell.over_allocated
        assert cell.work_minutes > cell.capacity_minutes == 480
        assert index.data(Qt.ItemDataRole.BackgroundRole) == OVER_COLOR
        assert set(cell.task_ids) == {ERP_TASK, PORTAL_TASK}
    view.select_resource(BEN)
    assert view.histogram.row is not None and view.histogram.row.name == "Ben Okafor"


def test_double_click_lists_the_tasks_and_jumps_to_one(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    view = usage_tab(qtbot, window)
    show_days(view, date(2026, 11, 23), date(2026, 11, 27))

    double_click_cell(qtbot, view.table, view.model.index(view.model.row_of(BEN), 2))
    dialog = opened_dialog(qtbot, window, CellTasksDialog)
    names = [dialog.tasks.item(i).text() for i in range(dialog.tasks.count())]
    assert any(n.startswith("ERP roll-out: Interface specification") for n in names)
    assert any(n.startswith("Customer portal relaunch: Solution architecture") for n in names)
    dialog.tasks.setCurrentRow(next(i for i, n in enumerate(names) if "Customer portal" in n))
    click(qtbot, dialog.go_button)

    assert window.current_project_id == PORTAL
    assert window.views.currentWidget().isAncestorOf(window.task_view)
    model = window.task_model
    assert model is not None
    assert model.task_id(window.task_view.currentIndex()) == PORTAL_TASK


def test_a_change_while_hidden_is_shown_when_the_tab_comes_back(
    qtbot: QtBot, demo_file: Path
) -> None:
    window = open_window(qtbot, demo_file)
    view = usage_tab(qtbot, window)
    show_days(view, date(2026, 11, 23), date(2026, 11, 27))
    shown = view.model.usage
    click_tab(qtbot, window.views, "Resources")
    sheet = window.resource_views.sheet
    type_into(
        qtbot,
        sheet.table,
        sheet.model.index(sheet.model.row_of(BEN), SheetColumn.MAX_UNITS),
        "200%",
    )
    assert view.model.usage is shown  # hidden: not recomputed

    click_tab(qtbot, window.views, "Resource Usage")
    cell = view.model.cell(view.model.index(view.model.row_of(BEN), 0))
    assert cell is not None and cell.capacity_minutes == 960 and not cell.over_allocated


def test_the_tab_opens_on_the_portfolio_span_by_week(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    view = usage_tab(qtbot, window)

    assert view.start_edit.date() == QDate(2026, 9, 7)
    assert view.finish_edit.date() == QDate(2027, 4, 19)
    assert view.period_kind == "week"
    assert view.model.columnCount() == 33
    assert view.model.headerData(11, Qt.Orientation.Horizontal) == "W48\n23 Nov 26"
    assert "over-allocated" in view.summary.text()
