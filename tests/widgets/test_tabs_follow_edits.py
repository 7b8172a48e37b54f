"""Tabs not on screen skip the work of an edit, and still show it when the user turns to them.

Each test stretches a bar in the Gantt chart (a real drag on its viewport), checks the
hidden tab did not recompute, then clicks the tab and reads the new figures on screen.
The plan is ``clash_plan()``: Sam (80/h) works 5 days on "Spec" (project Alpha) and 5
days on "Build" (project Beta), both in the week of Mon 5 Jan 2026.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPointF
from pytestqt.qtbot import QtBot

from app.store import Store
from tests.widgets.budget.helpers import click_tab, open_window
from tests.widgets.gantt.conftest import bar, drag
from tests.widgets.resources.conftest import clash_plan
from widgets.main_window import MainWindow
from widgets.portfolio.dashboard_model import DashColumn

SPEC, ALPHA, SAM = 1, 1, 1
DAY_PX = 30  # the chart's default zoom (weeks over days)
SIX_DAYS = 6 * 480


@pytest.fixture
def clash_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    path = tmp_path / "clash.plansmith"
    Store.create(path, clash_plan()).close()
    window = open_window(qtbot, path)
    window.gantt.chart.today = None
    return window


def stretch_spec_by_a_day(qtbot: QtBot, window: MainWindow) -> None:
    """Drag the right end of Spec's bar over the weekend to Monday, on the Gantt tab: one
    more working day."""
    click_tab(qtbot, window.views, "Gantt")
    chart = window.gantt.chart
    chart.scroll_to_task(SPEC)
    spec = bar(chart, SPEC)
    end = QPointF(spec.x1 - 2, spec.top + spec.height / 2)
    drag(chart, end, end + QPointF(3 * DAY_PX, 0))
    document = window.document
    assert document is not None
    assert document.portfolio.tasks[SPEC].duration_minutes == SIX_DAYS


def test_budget_tab_shows_the_cost_of_a_bar_stretched_while_it_was_hidden(
    qtbot: QtBot, clash_window: MainWindow
) -> None:
    window = clash_window
    click_tab(qtbot, window.views, "Budget")
    budget = window.budget_view
    assert budget.data is not None
    before = budget.header.text()
    assert "Forecast <b>3200.00</b>" in before  # 5 days x 8 h x 80
    stretch_spec_by_a_day(qtbot, window)
    assert budget.data is None  # marked stale, not recomputed while hidden
    click_tab(qtbot, window.views, "Budget")
    assert budget.data is not None
    assert "Forecast <b>3840.00</b>" in budget.header.text()  # 6 days x 8 h x 80
    assert budget.data.schedule is window.document.schedule  # type: ignore[union-attr]


def test_usage_tab_shows_work_moved_into_the_next_week(
    qtbot: QtBot, clash_window: MainWindow
) -> None:
    window = clash_window
    click_tab(qtbot, window.views, "Resource Usage")
    usage = window.resource_views.usage
    usage.finish_edit.setDate(QDate(2026, 1, 16))  # the user widens the range to two weeks
    row = usage.model.row_of(SAM)
    assert usage.model.columnCount() == 2
    assert usage.model.data(usage.model.index(row, 0)) == "80h"  # Spec and Build
    assert usage.model.data(usage.model.index(row, 1)) in ("", "0h")
    usage_before = usage.model.usage
    stretch_spec_by_a_day(qtbot, window)
    assert usage.model.usage is usage_before  # hidden: not recomputed
    click_tab(qtbot, window.views, "Resource Usage")
    assert usage.model.usage is not usage_before
    assert usage.model.data(usage.model.index(row, 1)) == "8h"  # Spec's sixth day


def test_portfolio_tab_shows_the_new_finish(qtbot: QtBot, clash_window: MainWindow) -> None:
    window = clash_window
    click_tab(qtbot, window.views, "Portfolio")
    portfolio = window.portfolio_view
    finish = portfolio.project_row(ALPHA).siblingAtColumn(DashColumn.FINISH)
    assert "2026-01-09" in finish.data()  # Fri
    stretch_spec_by_a_day(qtbot, window)
    finish = portfolio.project_row(ALPHA).siblingAtColumn(DashColumn.FINISH)
    assert "2026-01-09" in finish.data()  # hidden: still the old line
    click_tab(qtbot, window.views, "Portfolio")
    finish = portfolio.project_row(ALPHA).siblingAtColumn(DashColumn.FINISH)
    assert "2026-01-12" in finish.data()  # the next Monday


def test_resource_sheet_fits_its_columns_when_first_shown(
    qtbot: QtBot, clash_window: MainWindow
) -> None:
    sheet = clash_window.resource_views.sheet
    header = sheet.table.horizontalHeader()
    assert header.sectionSize(0) == header.defaultSectionSize()  # not measured at open
    click_tab(qtbot, clash_window.views, "Resources")
    assert header.sectionSize(0) != header.defaultSectionSize()
    assert sheet.model.data(sheet.model.index(0, 0)) == "Sam"


def test_an_open_files_objects_are_left_out_of_garbage_collections(
    clash_window: MainWindow,
) -> None:
    """Frozen while the file is open (a full collection would walk every task), and
    handed back to the collector when it closes."""
    document = clash_window.document
    assert document is not None
    assert gc.get_freeze_count() > 0
    portfolio = document.portfolio
    assert all(found is not portfolio for found in gc.get_objects())  # not walked
    clash_window.close()
    assert gc.get_freeze_count() == 0
