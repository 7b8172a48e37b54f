"""Edits whose reschedule runs on in the background: the window answers at once, shows
the plan as it was and says it is rescheduling; the edit lands when its dates are ready.

The worker here is a real thread held by a gate, so the "still rescheduling" moment is
seen for certain (on a real plan it lasts while 10k tasks are rescheduled).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app.commands import EditError
from app.document import Offload, Rescheduled
from app.model import ConstraintKind
from tests.widgets.driver import stored, type_into_cell
from tests.widgets.gantt.conftest import bar, drag, middle, open_gantt
from widgets.gantt.chart_view import GanttChartView
from widgets.main_window import MainWindow
from widgets.models.columns import Column

DAY_PX = 30
CTRL = Qt.KeyboardModifier.ControlModifier


class Gate:
    """A worker thread that runs nothing until ``open``."""

    def __init__(self) -> None:
        self.executor = ThreadPoolExecutor(max_workers=1)
        self.event = threading.Event()

    def submit(self, work: Callable[[], Rescheduled]) -> Future[Rescheduled]:
        return self.executor.submit(lambda: (self.event.wait(10), work())[1])

    def open(self) -> None:
        self.event.set()


@pytest.fixture
def gate() -> Iterator[Gate]:
    found = Gate()
    yield found
    found.open()
    found.executor.shutdown(wait=True)


@pytest.fixture
def window(qtbot: QtBot, plan_file: Path, gate: Gate) -> MainWindow:
    """The window, its edits rescheduled on ``gate``'s worker and never waited for."""
    shown = open_gantt(qtbot, plan_file)
    assert shown.document is not None
    shown.document.offload(Offload(gate.submit, 0.0, shown.schedule_upkeep.editReady.emit))
    shown.gantt.chart.scroll_to_task(1)
    return shown


def shown(window: MainWindow, task_id: int, column: Column) -> str:
    """What the table shows in a task's cell."""
    model = window.task_model
    assert model is not None
    return model.index_of(task_id, column).data()


def test_a_drop_shows_rescheduling_then_lands_with_its_dates(
    qtbot: QtBot, window: MainWindow, plan_file: Path, gate: Gate
) -> None:
    chart: GanttChartView = window.gantt.chart
    design = bar(chart, 1)
    code_start = shown(window, 3, Column.START)
    past_its_end = QPointF(design.x1 + DAY_PX, middle(design).y()).toPoint()
    drag(chart, middle(design), middle(design))  # a click: the row is selected, as after a drag
    empty = chart.viewport().grab().toImage().pixelColor(past_its_end)
    drag(chart, middle(design), middle(design) + QPointF(2 * DAY_PX, 0))
    document = window.document
    assert document is not None and document.pending
    qtbot.waitUntil(window.busy_label.isVisible)  # once it has taken a moment
    # The window shows the plan as it was, the dropped bar drawn where it was dropped,
    # and the file holds it: nothing is committed before its dates are known.
    assert chart.viewport().grab().toImage().pixelColor(past_its_end) != empty
    assert shown(window, 3, Column.START) == code_start
    assert stored(plan_file).tasks[1].constraint is ConstraintKind.ASAP
    assert "Start No Earlier Than" in window.statusBar().currentMessage()
    gate.open()
    qtbot.waitUntil(lambda: not document.pending)
    assert not window.busy_label.isVisible()
    task = stored(plan_file).tasks[1]
    assert task.constraint is ConstraintKind.START_NO_EARLIER_THAN
    assert task.constraint_date == datetime(2026, 1, 7, 8)
    assert shown(window, 3, Column.START) != code_start  # the successor moved with it
    assert bar(chart, 1).x0 == pytest.approx(design.x0 + 2 * DAY_PX)
    assert window.undo_stack.count() == 1
    qtbot.keyClick(window.task_view, Qt.Key.Key_Z, CTRL)
    gate.open()
    qtbot.waitUntil(lambda: not document.pending)
    assert stored(plan_file).tasks[1].constraint is ConstraintKind.ASAP
    assert shown(window, 3, Column.START) == code_start


def test_undo_pressed_while_rescheduling_lands_the_edit_then_undoes_it(
    qtbot: QtBot, window: MainWindow, plan_file: Path, gate: Gate
) -> None:
    chart = window.gantt.chart
    start = middle(bar(chart, 1))
    drag(chart, start, start + QPointF(2 * DAY_PX, 0))
    assert window.document is not None and window.document.pending
    gate.open()  # the dates are ready, but the window has not landed them yet
    qtbot.keyClick(window.task_view, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.document is not None and not window.document.pending)
    assert stored(plan_file).tasks[1].constraint is ConstraintKind.ASAP
    assert window.undo_stack.index() == 0 and window.undo_stack.count() == 1
    qtbot.keyClick(window.task_view, Qt.Key.Key_Y, CTRL)
    qtbot.waitUntil(lambda: window.document is not None and not window.document.pending)
    assert stored(plan_file).tasks[1].constraint is ConstraintKind.START_NO_EARLIER_THAN


def test_a_drop_whose_reschedule_fails_says_why_and_leaves_nothing_to_undo(
    qtbot: QtBot, window: MainWindow, plan_file: Path, gate: Gate
) -> None:
    chart = window.gantt.chart
    before = stored(plan_file)
    launch, design = middle(bar(chart, 5)), middle(bar(chart, 1))
    # Launch follows Design through Code and Review: linking Launch -> Design is a loop,
    # which only the scheduler (on the worker) finds.
    drag(chart, launch, design, via=(QPointF(launch.x(), design.y()),))
    assert window.document is not None and window.document.pending
    gate.open()
    qtbot.waitUntil(lambda: window.document is not None and not window.document.pending)
    box = window.findChild(QMessageBox, "problemBox")
    assert box is not None and "loop" in box.text()
    assert window.undo_stack.count() == 0
    assert stored(plan_file) == before
    assert not window.busy_label.isVisible()


def test_save_as_while_rescheduling_copies_the_dropped_edit(
    qtbot: QtBot,
    window: MainWindow,
    gate: Gate,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chart = window.gantt.chart
    start = middle(bar(chart, 1))
    drag(chart, start, start + QPointF(2 * DAY_PX, 0))
    assert window.document is not None and window.document.pending
    gate.open()
    copy = tmp_path / "copy.plansmith"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    window.actions["save_as"].trigger()  # before the window has landed the edit itself
    assert stored(copy).tasks[1].constraint is ConstraintKind.START_NO_EARLIER_THAN
    assert not window.busy_label.isVisible()


def test_a_second_drop_while_the_first_reschedules_applies_after_it(
    qtbot: QtBot, window: MainWindow, plan_file: Path, gate: Gate
) -> None:
    chart = window.gantt.chart
    design, review = middle(bar(chart, 1)), middle(bar(chart, 4))
    drag(chart, design, design + QPointF(2 * DAY_PX, 0))
    assert window.document is not None and window.document.pending
    gate.open()  # the first drop's dates are ready; the window has not landed them yet
    drag(chart, review, review + QPointF(DAY_PX, 0))  # lands the first, then makes its own
    qtbot.waitUntil(lambda: window.document is not None and not window.document.pending)
    tasks = stored(plan_file).tasks
    assert tasks[1].constraint_date == datetime(2026, 1, 7, 8)
    assert tasks[4].constraint is ConstraintKind.START_NO_EARLIER_THAN
    assert window.undo_stack.count() == 2
    qtbot.keyClick(window.task_view, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.document is not None and not window.document.pending)
    tasks = stored(plan_file).tasks
    assert tasks[4].constraint is ConstraintKind.ASAP and tasks[1].constraint_date is not None


def test_a_typed_duration_shows_at_once_and_its_dates_when_it_lands(
    qtbot: QtBot, window: MainWindow, plan_file: Path, gate: Gate
) -> None:
    code_start = shown(window, 3, Column.START)
    type_into_cell(qtbot, window.task_view, 1, Column.DURATION, "5d")
    assert window.document is not None and window.document.pending
    assert shown(window, 1, Column.DURATION) == "5d"  # what the user typed, not the old 3d
    assert shown(window, 3, Column.START) == code_start  # its dates follow when it lands
    assert stored(plan_file).tasks[1].duration_minutes == 3 * 480
    gate.open()
    qtbot.waitUntil(lambda: window.document is not None and not window.document.pending)
    assert shown(window, 1, Column.DURATION) == "5d"
    assert shown(window, 3, Column.START) != code_start
    assert stored(plan_file).tasks[1].duration_minutes == 5 * 480


def test_an_edit_whose_reschedule_fails_shows_the_plan_as_it_was(
    qtbot: QtBot, window: MainWindow, plan_file: Path, gate: Gate
) -> None:
    def failing(work: Callable[[], Rescheduled]) -> Future[Rescheduled]:
        def fail() -> Rescheduled:
            gate.event.wait(10)
            raise EditError("the calendar has no working time")

        return gate.executor.submit(fail)

    assert window.document is not None
    window.document.offload(Offload(failing, 0.0, window.schedule_upkeep.editReady.emit))
    type_into_cell(qtbot, window.task_view, 1, Column.DURATION, "5d")
    assert shown(window, 1, Column.DURATION) == "5d"
    gate.open()
    qtbot.waitUntil(lambda: window.document is not None and not window.document.pending)
    box = window.findChild(QMessageBox, "problemBox")
    assert box is not None and "no working time" in box.text()
    assert shown(window, 1, Column.DURATION) == "3d"  # back to what the file holds
    assert window.undo_stack.count() == 0
    assert stored(plan_file).tasks[1].duration_minutes == 3 * 480
