"""Project > Level Resources... and Clear Levelling: one undoable edit each."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.resources.levelling import LevelOptions, level_resources
from app.resources.usage import resource_usage
from tests.widgets.driver import stored
from tests.widgets.resources.helpers import click, open_window, opened_dialog
from widgets.main_window import MainWindow
from widgets.models.columns import Column
from widgets.resources.levelling_dialog import LevelDialog

SPEC, BUILD = 1, 2


def over_allocations(window: MainWindow, resource_ids: list[int] | None = None) -> int:
    document = window.document
    assert document is not None
    spans = document.schedule.projects.values()
    first = min(s.start for s in spans)
    last = max(s.finish for s in spans)
    usage = resource_usage(document.portfolio, document.schedule, "day", first, last, resource_ids)
    return len(usage.over_allocations())


def level_dialog(qtbot: QtBot, window: MainWindow) -> LevelDialog:
    project_menu = next(m for m in window.menus if m.title() == "&Project")
    assert window.actions["level_resources"] in project_menu.actions()
    window.actions["level_resources"].trigger()
    return opened_dialog(qtbot, window, LevelDialog)


def test_levelling_all_projects_resolves_the_clash_and_undoes_in_one_step(
    qtbot: QtBot, clash_file: Path
) -> None:
    window = open_window(qtbot, clash_file)
    document = window.document
    assert document is not None
    starts_before = {t: document.schedule.tasks[t].start for t in (SPEC, BUILD)}
    assert over_allocations(window) == 5
    dialog = level_dialog(qtbot, window)
    assert dialog.this_project.isChecked()
    click(qtbot, dialog.all_projects)
    assert dialog.options().project_ids is None
    steps = window.undo_stack.count()

    click(qtbot, dialog.level_button)

    assert dialog.report.text() == "Levelled: no over-allocation is left in the scope."
    assert over_allocations(window) == 0
    assert window.undo_stack.count() == steps + 1
    starts = sorted(document.schedule.tasks[t].start.date() for t in (SPEC, BUILD))
    assert starts == [date(2026, 1, 5), date(2026, 1, 12)]  # one waits for the other
    assert sum(stored(clash_file).tasks[t].leveling_delay_minutes for t in (SPEC, BUILD)) > 0
    delays = {t: _leveling_delay_cell(window, t) for t in (SPEC, BUILD)}
    assert sorted(delays.values()) == ["", "5d"]  # one task waits a working week
    dialog.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.task_view.setFocus()

    qtbot.keyClick(window.task_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {t: document.schedule.tasks[t].start for t in (SPEC, BUILD)} == starts_before
    assert all(stored(clash_file).tasks[t].leveling_delay_minutes == 0 for t in (SPEC, BUILD))
    assert over_allocations(window) == 5

    window.undo_stack.redo()
    assert over_allocations(window) == 0
    window.actions["clear_levelling"].trigger()
    assert {t: document.schedule.tasks[t].start for t in (SPEC, BUILD)} == starts_before
    assert all(stored(clash_file).tasks[t].leveling_delay_minutes == 0 for t in (SPEC, BUILD))


def test_within_slack_leaves_the_clash_and_reports_it(qtbot: QtBot, clash_file: Path) -> None:
    window = open_window(qtbot, clash_file)
    dialog = level_dialog(qtbot, window)
    click(qtbot, dialog.all_projects)
    click(qtbot, dialog.within_slack)
    assert dialog.options().within_slack
    steps = window.undo_stack.count()

    click(qtbot, dialog.level_button)

    assert over_allocations(window) == 5
    assert window.undo_stack.count() == steps
    text = dialog.report.text()
    assert text.startswith("Nothing was changed, but 1 task(s) could not be resolved")
    assert "Beta: 1 Build" in text


def test_levelling_the_demo_reports_the_tasks_it_could_not_resolve(
    qtbot: QtBot, demo_file: Path
) -> None:
    window = open_window(qtbot, demo_file)
    document = window.document
    assert document is not None
    expected = level_resources(document.portfolio, LevelOptions()).unresolved
    before = over_allocations(window)
    dialog = level_dialog(qtbot, window)
    click(qtbot, dialog.all_projects)

    click(qtbot, dialog.level_button)

    text = dialog.report.text()
    assert f"{len(expected)} task(s) could not be resolved" in text
    assert "ERP roll-out: 1.4 Steering committee set-up" in text  # started: cannot move
    assert "Solution architecture and API design" not in text  # Ben's clash is resolved
    assert over_allocations(window) < before


def _leveling_delay_cell(window: MainWindow, task_id: int) -> str:
    """The Leveling Delay column of a task, in whichever project shows it."""
    document = window.document
    assert document is not None
    window.select_project(document.portfolio.tasks[task_id].project_id)
    model = window.task_view.task_model()
    assert model is not None
    index = model.index_of(task_id).siblingAtColumn(Column.LEVELING_DELAY)
    return str(model.data(index, Qt.ItemDataRole.DisplayRole))
