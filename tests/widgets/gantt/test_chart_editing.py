"""Every chart gesture, driven on the real window, must reach the model and the file.

Each test presses, moves and releases the mouse on the chart's viewport where the bars
are painted, then reads the file back through a separate read-only connection.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from app.model import ConstraintKind, LinkKind
from tests.widgets.driver import stored, type_into_cell
from tests.widgets.gantt.conftest import bar, double_click, drag, middle, send_mouse
from widgets.gantt.chart_view import GanttChartView
from widgets.gantt.link_dialog import LinkDialog
from widgets.gantt.task_dialog import TaskDialog
from widgets.main_window import MainWindow
from widgets.models.columns import Column

CTRL = Qt.KeyboardModifier.ControlModifier
DAY_PX = 30  # the default zoom, weeks over days


def test_dragging_a_bar_moves_the_task_with_a_constraint_and_undo_redo_reach_the_file(
    qtbot: QtBot, window: MainWindow, chart: GanttChartView, plan_file: Path
) -> None:
    design = bar(chart, 1)
    start = middle(design)
    drag(chart, start, start + QPointF(2 * DAY_PX, 0))
    task = stored(plan_file).tasks[1]
    assert task.constraint is ConstraintKind.START_NO_EARLIER_THAN
    assert task.constraint_date == datetime(2026, 1, 7, 8)
    assert chart.document is not None
    assert chart.document.schedule.tasks[3].start == datetime(2026, 1, 12, 8)  # successor moved
    assert "Start No Earlier Than" in window.statusBar().currentMessage()
    assert bar(chart, 1).x0 == pytest.approx(design.x0 + 2 * DAY_PX)  # repainted where it now is
    assert window.undo_stack.count() == 1
    qtbot.keyClick(window.task_view, Qt.Key.Key_Z, CTRL)
    assert stored(plan_file).tasks[1].constraint is ConstraintKind.ASAP
    assert bar(chart, 1).x0 == pytest.approx(design.x0)
    qtbot.keyClick(window.task_view, Qt.Key.Key_Y, CTRL)
    assert stored(plan_file).tasks[1].constraint_date == datetime(2026, 1, 7, 8)


def test_a_drag_shorter_than_the_threshold_changes_nothing(
    window: MainWindow, chart: GanttChartView, plan_file: Path
) -> None:
    start = middle(bar(chart, 1))
    drag(chart, start, start + QPointF(2, 0))
    assert window.undo_stack.count() == 0
    assert stored(plan_file).tasks[1].constraint is ConstraintKind.ASAP


def test_dragging_the_right_end_changes_the_duration(
    window: MainWindow, chart: GanttChartView, plan_file: Path
) -> None:
    design = bar(chart, 1)
    end = QPointF(design.x1 - 2, design.top + design.height / 2)
    drag(chart, end, end + QPointF(DAY_PX, 0))  # Wed -> Thu
    assert stored(plan_file).tasks[1].duration_minutes == 4 * 480
    assert bar(chart, 1).x1 > design.x1
    window.actions["undo"].trigger()
    assert stored(plan_file).tasks[1].duration_minutes == 3 * 480


def test_dragging_the_progress_handle_sets_percent_complete(
    window: MainWindow, chart: GanttChartView, plan_file: Path
) -> None:
    design = bar(chart, 1)
    handle = QPointF(design.x0 + 1, design.top + design.height * 0.8)
    target = design.x0 + (design.x1 - design.x0) / 2
    drag(chart, handle, QPointF(target, handle.y()))
    assert stored(plan_file).tasks[1].percent_complete == 50
    assert bar(chart, 1).progress_x == pytest.approx(target)


def test_dragging_from_one_bar_onto_another_links_them_finish_to_start(
    window: MainWindow, chart: GanttChartView, plan_file: Path
) -> None:
    launch = bar(chart, 5)
    before = set(stored(plan_file).links)
    start = middle(bar(chart, 1))
    down = QPointF(start.x(), middle(launch).y())  # off its own row first, as MS Project
    drag(chart, start, middle(launch), via=(down,))
    new = [link for key, link in stored(plan_file).links.items() if key not in before]
    assert [(k.predecessor_id, k.successor_id, k.kind) for k in new] == [(1, 5, LinkKind.FS)]
    window.actions["undo"].trigger()
    assert set(stored(plan_file).links) == before


def test_double_clicking_a_link_edits_its_type_and_lag_then_deletes_it(
    qtbot: QtBot, window: MainWindow, chart: GanttChartView, plan_file: Path
) -> None:
    frame = chart.frame()
    assert frame is not None
    routes = {link_id: found for link_id, found, _ in chart.visible_routes(frame)}
    (x, y), _ = routes[1].points[0], routes[1].points[1]  # Design -> Code leaves Design's end
    point = QPointF(x + 3 - chart.x_offset, y - chart.rows.offset)
    double_click(chart, point)
    dialog = window.gantt.dialog
    assert isinstance(dialog, LinkDialog)
    dialog.findChild(QComboBox).setCurrentIndex(1)  # Start-to-Start
    lag = dialog.findChild(QLineEdit, "lag")
    lag.setText("1d")
    dialog.accept()
    link = stored(plan_file).links[1]
    assert (link.kind, link.lag_minutes) == (LinkKind.SS, 480)
    qtbot.waitUntil(lambda: window.gantt.dialog is None)
    frame = chart.frame()
    assert frame is not None
    ss = {link_id: found for link_id, found, _ in chart.visible_routes(frame)}[1]
    x, y = ss.points[1]  # the corner left of both starts
    double_click(chart, QPointF(x - chart.x_offset, y + 4 - chart.rows.offset))
    dialog = window.gantt.dialog
    assert isinstance(dialog, LinkDialog)
    dialog.delete_button.click()
    assert 1 not in stored(plan_file).links


def test_double_clicking_a_bar_opens_task_information_and_ok_is_one_undo_step(
    window: MainWindow, chart: GanttChartView, plan_file: Path
) -> None:
    double_click(chart, middle(bar(chart, 3)))
    dialog = window.gantt.dialog
    assert isinstance(dialog, TaskDialog)
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "General",
        "Predecessors",
        "Resources",
        "Advanced",
        "Notes",
        "Cost",
    ]
    dialog.name.setText("Write code")
    dialog.duration.setText("4d")
    dialog.resources.setText("Ada")
    dialog.notes.setPlainText("Pair on the tricky parts")
    dialog.constraint.setCurrentIndex(dialog.constraint.findText("Must Start On"))
    dialog.fixed_cost.setText("1200")
    dialog.accept()
    saved = stored(plan_file)
    task = saved.tasks[3]
    assert (task.name, task.duration_minutes, task.notes) == (
        "Write code",
        4 * 480,
        "Pair on the tricky parts",
    )
    assert task.constraint is ConstraintKind.MUST_START_ON
    assert str(task.fixed_cost) == "1200"
    assert [saved.resources[a.resource_id].name for a in saved.task_assignments(3)] == ["Ada"]
    assert window.undo_stack.count() == 1
    window.actions["undo"].trigger()
    assert stored(plan_file).tasks[3].name == "Code"
    assert stored(plan_file).task_assignments(3) == []


def test_a_refused_task_information_stays_open_and_says_why(
    window: MainWindow, chart: GanttChartView, plan_file: Path
) -> None:
    double_click(chart, middle(bar(chart, 3)))
    dialog = window.gantt.dialog
    assert isinstance(dialog, TaskDialog)
    dialog.duration.setText("soon")
    dialog.accept()
    assert dialog.isVisible()
    assert "duration" in dialog.problem.text()
    assert window.undo_stack.count() == 0


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_the_context_menu_marks_progress_and_clears_a_constraint(
    window: MainWindow, chart: GanttChartView, plan_file: Path
) -> None:
    point = middle(bar(chart, 4)).toPoint()
    global_pos = chart.viewport().mapToGlobal(point)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, global_pos)
    QApplication.sendEvent(chart.viewport(), event)
    menu = chart.context_menu
    assert menu is not None
    actions = {a.text(): a for a in menu.actions()}
    assert "Task &Information..." in actions
    assert not actions["&Clear Date Constraint"].isEnabled()
    actions["100% Complete"].trigger()
    assert stored(plan_file).tasks[4].percent_complete == 100
    menu.close()
    start = middle(bar(chart, 4))
    drag(chart, start, start + QPointF(DAY_PX, 0))
    assert stored(plan_file).tasks[4].constraint is ConstraintKind.START_NO_EARLIER_THAN
    point = middle(bar(chart, 4)).toPoint()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, chart.viewport().mapToGlobal(point)
    )
    QApplication.sendEvent(chart.viewport(), event)
    menu = chart.context_menu
    assert menu is not None
    clear = next(a for a in menu.actions() if a.text() == "&Clear Date Constraint")
    assert clear.isEnabled()
    clear.trigger()
    assert stored(plan_file).tasks[4].constraint is ConstraintKind.ASAP
    menu.close()


def test_a_table_edit_repaints_the_chart(
    qtbot: QtBot, window: MainWindow, chart: GanttChartView, plan_file: Path
) -> None:
    before = bar(chart, 1)
    type_into_cell(qtbot, window.task_view, 1, Column.DURATION, "5d")
    after = bar(chart, 1)
    assert after.x1 - after.x0 > before.x1 - before.x0
    assert stored(plan_file).tasks[1].duration_minutes == 5 * 480


def test_a_read_only_file_cannot_be_dragged(qtbot: QtBot, plan_file: Path) -> None:
    from tests.widgets.gantt.conftest import show
    from widgets.main import build_window

    window = build_window(plan_file, read_only=True)
    assert window is not None
    show(qtbot, window)
    chart = window.gantt.chart
    chart.scroll_to_task(1)
    start = middle(bar(chart, 1))
    drag(chart, start, start + QPointF(3 * DAY_PX, 0))
    assert window.undo_stack.count() == 0
    assert stored(plan_file).tasks[1].constraint is ConstraintKind.ASAP
    box = window.findChild(QMessageBox, "problemBox")
    assert box is None or not box.isVisible()


def test_clicking_a_bar_selects_its_row_in_the_table(
    window: MainWindow, chart: GanttChartView
) -> None:
    point = middle(bar(chart, 4))
    send_mouse(chart, QEvent.Type.MouseButtonPress, point)
    send_mouse(
        chart,
        QEvent.Type.MouseButtonRelease,
        point,
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.NoButton,
    )
    assert window.task_view.current_task_id() == 4
    assert window.task_view.selected_task_ids() == [4]
