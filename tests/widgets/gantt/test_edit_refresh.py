"""After a drag, the table and chart update the rows that changed, in place.

No model reset (which would re-lay out every row and lose the user's place): the rows
whose dates moved get a dataChanged, the others are left alone, and the selection and
the scroll position stay where the user had them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QObject, QPointF, Qt
from PySide6.QtGui import QPaintEvent, QRegion
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.commands import AddProject, AddTask, Batch, Command, EditTask, LinkTasks
from app.model import Portfolio
from app.schedule.result import Schedule
from app.store import Store
from tests.widgets.driver import START, stored
from tests.widgets.gantt.conftest import bar, drag, middle, open_gantt
from widgets.main_window import MainWindow
from widgets.models.columns import Column

PHASES, TASKS = 10, 20
DAY_PX = 30  # the chart's default zoom (weeks over days)
CTRL = Qt.KeyboardModifier.ControlModifier


def task_id(phase: int, number: int) -> int:
    """The id of "Task phase.number" (both from 1): each phase row precedes its tasks."""
    return (phase - 1) * (TASKS + 1) + 1 + number


def long_plan() -> Portfolio:
    """Ten phases of twenty one-day tasks, chained inside each phase only; the very last
    takes twenty days, so moving another task a day leaves the project's finish (and so
    the other tasks' slack) as it was."""
    commands: list[Command] = [AddProject("Long", START)]
    links: list[Command] = []
    for phase in range(1, PHASES + 1):
        phase_id = task_id(phase, 0)
        commands.append(AddTask(1, f"Phase {phase}"))
        for number in range(1, TASKS + 1):
            name = f"Task {phase}.{number}"
            days = 20 if (phase, number) == (PHASES, TASKS) else 1
            commands.append(AddTask(1, name, duration_minutes=days * 480, parent_id=phase_id))
            if number > 1:
                links.append(LinkTasks(task_id(phase, number - 1), task_id(phase, number)))
    return Batch((*commands, *links)).apply(Portfolio(), Schedule())


@pytest.fixture
def long_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    path = tmp_path / "long.plansmith"
    Store.create(path, long_plan()).close()
    return open_gantt(qtbot, path)


def text(window: MainWindow, task: int, column: Column) -> str:
    model = window.task_model
    assert model is not None
    return str(model.index_of(task, column).data(Qt.ItemDataRole.DisplayRole))


def test_a_drag_updates_the_moved_rows_in_place_and_keeps_the_users_place(
    qtbot: QtBot, long_window: MainWindow, tmp_path: Path
) -> None:
    window, model, table = long_window, long_window.task_model, long_window.task_view
    assert model is not None
    chart, moved = window.gantt.chart, task_id(6, 10)
    assert model.task_count() == PHASES * (TASKS + 1)
    assert text(window, moved, Column.START).startswith("Fri 2026-01-16")
    chart.scroll_to_task(moved)
    table.select_tasks([moved])
    scrolled = table.verticalScrollBar().value()
    assert scrolled > 0
    untouched = {text(window, t, Column.START) for t in (task_id(2, 5), task_id(9, 20))}
    resets: list[bool] = []
    changed: list[int] = []
    model.modelReset.connect(lambda: resets.append(True))

    def note(first: QModelIndex, last: QModelIndex, *_roles: object) -> None:
        rows = range(first.row(), last.row() + 1)
        changed.extend(model.index(row, 0, first.parent()).internalId() for row in rows)

    model.dataChanged.connect(note)
    start = middle(bar(chart, moved))
    drag(chart, start, start + QPointF(3 * DAY_PX, 0))  # Fri -> Mon
    assert not resets
    assert moved in changed and task_id(6, 20) in changed  # it and its successors
    assert not {task_id(2, 5), task_id(9, 20), task_id(5, 20)} & set(changed)  # other phases
    assert text(window, moved, Column.START).startswith("Mon 2026-01-19")
    assert text(window, task_id(6, 11), Column.START).startswith("Tue 2026-01-20")
    assert text(window, moved, Column.ID) == str(1 + 5 * (TASKS + 1) + 10)
    assert {text(window, t, Column.START) for t in (task_id(2, 5), task_id(9, 20))} == untouched
    assert table.selected_task_ids() == [moved]
    assert table.verticalScrollBar().value() == scrolled
    assert chart.verticalScrollBar().value() == scrolled
    assert bar(chart, moved).x0 == pytest.approx(bar(chart, task_id(6, 11)).x0 - DAY_PX)
    assert stored(tmp_path / "long.plansmith").tasks[moved].constraint_date is not None
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    assert not resets
    assert text(window, moved, Column.START).startswith("Fri 2026-01-16")


def test_an_edit_moving_most_rows_refreshes_every_row_and_names_the_tasks_once(
    qtbot: QtBot, long_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ``BULK_TASKS`` changed rows, the table re-reads every row (cheaper than
    sorting thousands of tasks into spans); the chart still learns which tasks moved."""
    from widgets.models import task_tree_model

    monkeypatch.setattr(task_tree_model, "BULK_TASKS", 5)
    window, model = long_window, long_window.task_model
    assert model is not None
    chart, moved = window.gantt.chart, task_id(6, 10)
    chart.scroll_to_task(moved)
    assert text(window, task_id(6, 11), Column.ID) == str(1 + 5 * (TASKS + 1) + 11)
    untouched = text(window, task_id(2, 5), Column.START)
    told: list[object] = []
    spans: list[tuple[int, int]] = []
    model.tasksChanged.connect(told.append)
    model.dataChanged.connect(lambda first, last, *_: spans.append((first.row(), last.row())))
    start = middle(bar(chart, moved))
    drag(chart, start, start + QPointF(3 * DAY_PX, 0))  # Fri -> Mon
    assert len(told) == 1 and moved in told[0] and task_id(6, 20) in told[0]  # type: ignore[operator]
    assert task_id(2, 5) not in told[0]  # type: ignore[operator]
    assert (0, PHASES - 1) in spans and (0, TASKS - 1) in spans  # whole top level, whole phases
    assert text(window, task_id(6, 11), Column.START).startswith("Tue 2026-01-20")
    assert text(window, task_id(6, 11), Column.ID) == str(1 + 5 * (TASKS + 1) + 11)
    assert text(window, task_id(2, 5), Column.START) == untouched
    assert bar(chart, moved).x0 == pytest.approx(bar(chart, task_id(6, 11)).x0 - DAY_PX)


def test_a_new_task_is_counted_and_numbered(qtbot: QtBot, long_window: MainWindow) -> None:
    window, table = long_window, long_window.task_view
    before = text(window, task_id(2, 1), Column.ID)
    table.select_tasks([task_id(1, 3)])
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Insert)
    assert window.task_model is not None
    assert window.task_model.task_count() == PHASES * (TASKS + 1) + 1
    count = window.findChild(QLabel, "countLabel")
    assert isinstance(count, QLabel) and count.text() == "211 tasks"
    assert text(window, task_id(2, 1), Column.ID) == str(int(before) + 1)


class PaintSpy(QObject):
    """Collects the regions a widget is asked to paint."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.region = QRegion()
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(event, QPaintEvent):
            self.region += event.region()
        return False


def test_the_table_repaints_the_rows_an_edit_changed(qtbot: QtBot, long_window: MainWindow) -> None:
    """After an edit only the band of changed rows is repainted, and every changed row
    on screen is in it (a row left out would show a stale date)."""
    window, table, moved = long_window, long_window.task_view, task_id(6, 10)
    model = window.task_model
    assert model is not None
    table.scrollTo(model.index_of(task_id(6, 12)))
    qtbot.wait(50)
    spy = PaintSpy(table.viewport())
    assert window.perform(EditTask((moved,), {"duration_minutes": 2 * 480}))  # successors move
    qtbot.waitUntil(lambda: not spy.region.isEmpty())
    qtbot.wait(50)
    changed = [task_id(6, 0), moved, task_id(6, 11), task_id(6, 12)]
    for task in changed:
        row = table.visualRect(model.index_of(task))
        assert table.viewport().rect().intersects(row), f"task {task} not on screen"
        assert spy.region.contains(row.center()), f"task {task} was not repainted"
    assert not spy.region.contains(table.visualRect(model.index_of(task_id(5, 20))).center())
    assert text(window, task_id(6, 11), Column.START).startswith("Tue 2026-01-20")
