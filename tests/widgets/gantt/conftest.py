"""Driving the Gantt chart as a user would: presses, moves and releases on its viewport.

``qtbot.mouseMove`` sends no moves while a button is held (pytest-qt #260, QT-NOTES 9), so
drags post ``QMouseEvent``s with explicit buttons straight to the chart's viewport.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.widgets.test_main_window import show
from widgets.gantt.chart_view import GanttChartView
from widgets.gantt.interaction import BarHit
from widgets.main import build_window
from widgets.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton
NO_BUTTON = Qt.MouseButton.NoButton


def open_gantt(qtbot: QtBot, path: Path, height: int = 600) -> MainWindow:
    """The window on ``path``, shown 1400 px wide, with no today line to paint over bars."""
    built = build_window(path)
    assert built is not None
    built.resize(1400, height)
    shown = show(qtbot, built)
    shown.gantt.chart.today = None
    return shown


@pytest.fixture
def window(qtbot: QtBot, plan_file: Path) -> MainWindow:
    return open_gantt(qtbot, plan_file)


@pytest.fixture
def chart(window: MainWindow) -> GanttChartView:
    view = window.gantt.chart
    view.scroll_to_task(1)
    return view


def bar(chart: GanttChartView, task_id: int) -> BarHit:
    found = chart.bar_at(task_id)
    assert found is not None, f"task {task_id} has no bar on screen"
    return found


def middle(hit: BarHit) -> QPointF:
    return QPointF((hit.x0 + hit.x1) / 2, hit.top + hit.height / 2)


def send_mouse(
    chart: GanttChartView,
    kind: QEvent.Type,
    pos: QPointF,
    button: Qt.MouseButton = LEFT,
    buttons: Qt.MouseButton = LEFT,
) -> None:
    viewport = chart.viewport()
    global_pos = QPointF(viewport.mapToGlobal(pos.toPoint()))
    event = QMouseEvent(kind, pos, global_pos, button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, event)


def drag(
    chart: GanttChartView, start: QPointF, end: QPointF, via: tuple[QPointF, ...] = ()
) -> None:
    """Press at ``start``, move in steps (through ``via``) with the button held, release."""
    send_mouse(chart, QEvent.Type.MouseButtonPress, start)
    here = start
    for corner in (*via, end):
        for step in range(1, 7):
            point = here + (corner - here) * (step / 6)
            send_mouse(chart, QEvent.Type.MouseMove, point, NO_BUTTON, LEFT)
        here = corner
    send_mouse(chart, QEvent.Type.MouseButtonRelease, end, LEFT, NO_BUTTON)


def double_click(chart: GanttChartView, pos: QPointF) -> None:
    send_mouse(chart, QEvent.Type.MouseButtonPress, pos)
    send_mouse(chart, QEvent.Type.MouseButtonRelease, pos, LEFT, NO_BUTTON)
    send_mouse(chart, QEvent.Type.MouseButtonDblClick, pos)
    send_mouse(chart, QEvent.Type.MouseButtonRelease, pos, LEFT, NO_BUTTON)


def ctrl_wheel(chart: GanttChartView, pos: QPointF, notches: int) -> None:
    viewport = chart.viewport()
    event = QWheelEvent(
        pos,
        QPointF(viewport.mapToGlobal(pos.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        NO_BUTTON,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)
