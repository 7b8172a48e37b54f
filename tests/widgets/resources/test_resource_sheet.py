"""The Resources tab: the shared pool edited in place, through the one door."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
)
from pytestqt.qtbot import QtBot

from app.budget.costing import task_costs
from app.model.resource import RateUnit, ResourceType
from tests.widgets.driver import stored
from tests.widgets.resources.helpers import click, click_cell, click_tab, open_window, type_into
from widgets.main_window import MainWindow
from widgets.resources.sheet_edits import SheetColumn
from widgets.resources.sheet_view import ResourceSheet

BEN, INTERFACE_SPEC, ERP = 2, 21, 1  # demo ids: Ben Okafor, his ERP task, the ERP project


def sheet_tab(qtbot: QtBot, window: MainWindow) -> ResourceSheet:
    click_tab(qtbot, window.views, "Resources")
    return window.resource_views.sheet


def ben_cell(sheet: ResourceSheet, column: SheetColumn):
    return sheet.model.index(sheet.model.row_of(BEN), column)


def test_typing_a_day_rate_sets_the_hourly_rate_and_the_task_costs(
    qtbot: QtBot, demo_file: Path
) -> None:
    window = open_window(qtbot, demo_file)
    sheet = sheet_tab(qtbot, window)
    before = task_costs(window.document.portfolio, ERP)[INTERFACE_SPEC]
    assert ben_cell(sheet, SheetColumn.STANDARD_RATE).data() == "125.00/h"

    type_into(qtbot, sheet.table, ben_cell(sheet, SheetColumn.STANDARD_RATE), "1200/d")

    assert ben_cell(sheet, SheetColumn.STANDARD_RATE).data() == "1200.00/d"
    ben = window.document.portfolio.resources[BEN]
    assert (ben.standard_rate, ben.standard_rate_unit) == (Decimal(150), RateUnit.DAY)
    after = task_costs(window.document.portfolio, ERP)[INTERFACE_SPEC]
    hours = sum(
        a.work_minutes
        for a in window.document.portfolio.task_assignments(INTERFACE_SPEC)
        if a.resource_id == BEN
    ) / Decimal(60)
    assert hours == 80 and after - before == hours * (150 - 125)
    kept = stored(demo_file).resources[BEN]
    assert (kept.standard_rate, kept.standard_rate_unit) == (Decimal(150), RateUnit.DAY)
    window.undo_stack.undo()
    assert ben_cell(sheet, SheetColumn.STANDARD_RATE).data() == "125.00/h"


def test_an_unreadable_rate_is_refused_and_nothing_changes(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    sheet = sheet_tab(qtbot, window)
    steps = window.undo_stack.count()

    type_into(qtbot, sheet.table, ben_cell(sheet, SheetColumn.STANDARD_RATE), "95/fortnight")

    box = window.findChild(QMessageBox, "problemBox")
    assert box is not None and box.isVisible()
    assert "Std. Rate" in box.text() and "fortnight" in box.text()
    assert window.undo_stack.count() == steps
    assert ben_cell(sheet, SheetColumn.STANDARD_RATE).data() == "125.00/h"
    assert stored(demo_file).resources[BEN].standard_rate == Decimal("125.00")


def test_a_negative_max_units_is_refused_by_the_command(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    sheet = sheet_tab(qtbot, window)

    type_into(qtbot, sheet.table, ben_cell(sheet, SheetColumn.MAX_UNITS), "50%")
    assert window.document.portfolio.resources[BEN].max_units == 0.5
    type_into(qtbot, sheet.table, ben_cell(sheet, SheetColumn.NAME), "Ben, Okafor")

    box = window.findChild(QMessageBox, "problemBox")
    assert box is not None and "cannot contain" in box.text()
    assert stored(demo_file).resources[BEN].name == "Ben Okafor"
    assert stored(demo_file).resources[BEN].max_units == 0.5


def test_calendar_and_supplier_are_chosen_from_lists(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    sheet = sheet_tab(qtbot, window)
    index = ben_cell(sheet, SheetColumn.CALENDAR)
    click_cell(qtbot, sheet.table, index)
    qtbot.keyClick(sheet.table, Qt.Key.Key_F2)
    combo = sheet.table.indexWidget(index) or sheet.table.focusWidget()
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())][:2] == ["(none)", "Standard"]
    qtbot.keyClicks(combo, "Part")  # type-ahead picks the item, as a user would

    assert window.document.portfolio.resources[BEN].calendar_id == 2
    assert stored(demo_file).resources[BEN].calendar_id == 2
    assert index.data() == "Part-time (Mon-Wed)"
    assert not sheet.table.isPersistentEditorOpen(index)


def test_add_and_delete_a_resource(qtbot: QtBot, demo_file: Path) -> None:
    window = open_window(qtbot, demo_file)
    sheet = sheet_tab(qtbot, window)
    count = sheet.model.rowCount()

    click(qtbot, sheet.add_button)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text().startswith("New resource")
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "Zoe Tester")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sheet.table.state() != QAbstractItemView.State.EditingState)

    assert sheet.model.rowCount() == count + 1
    zoe = next(r for r in stored(demo_file).resources.values() if r.name == "Zoe Tester")
    assert zoe.type is ResourceType.WORK and zoe.project_id is None
    click_cell(qtbot, sheet.table, sheet.model.index(sheet.model.row_of(zoe.id), 0))
    click(qtbot, sheet.delete_button)
    assert sheet.model.rowCount() == count
    assert zoe.id not in stored(demo_file).resources
