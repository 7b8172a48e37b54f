"""Task Assignments... (units, work and duration follow the task type) and Brief a Person...
(a person's tasks across projects, exported as iCalendar)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from icalendar import Calendar
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.widgets.driver import click_cell as click_task_cell
from tests.widgets.driver import stored
from tests.widgets.resources.helpers import click, open_window, opened_dialog, type_into
from widgets.models.columns import Column
from widgets.resources.assignments_dialog import UNITS, WORK, AssignmentsDialog
from widgets.resources.briefing_dialog import BriefingDialog, export_briefing

SPEC, SAM = 1, 1
BEN, ERP_TASK, PORTAL_TASK = 2, 21, 111


def test_units_work_and_duration_follow_the_fixed_units_rule(
    qtbot: QtBot, clash_file: Path
) -> None:
    window = open_window(qtbot, clash_file)
    click_task_cell(qtbot, window.task_view, SPEC, Column.NAME)
    window.actions["task_assignments"].trigger()
    dialog = opened_dialog(qtbot, window, AssignmentsDialog)
    assert dialog.table.item(0, 0).text() == "Sam"
    assert (dialog.table.item(0, UNITS).text(), dialog.table.item(0, WORK).text()) == (
        "100%",
        "40h",
    )
    cells = dialog.table.model()

    type_into(qtbot, dialog.table, cells.index(0, UNITS), "50%")  # fixed units: duration moves
    assert window.document.portfolio.tasks[SPEC].duration_minutes == 10 * 480
    assert dialog.duration.text() == "10"
    assert dialog.table.item(0, WORK).text() == "40h"

    type_into(qtbot, dialog.table, cells.index(0, WORK), "20h")  # work: duration moves
    assert window.document.portfolio.tasks[SPEC].duration_minutes == 5 * 480

    dialog.duration.setFocus()
    qtbot.keyClick(dialog.duration, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.duration, "2")
    qtbot.keyClick(dialog.duration, Qt.Key.Key_Return)  # duration: work moves
    assert dialog.table.item(0, WORK).text() == "8h"
    assert dialog.table.item(0, UNITS).text() == "50%"

    kept = stored(clash_file)
    assignment = next(a for a in kept.assignments.values() if a.task_id == SPEC)
    assert (assignment.units, assignment.work_minutes) == (0.5, 8 * 60)
    assert kept.tasks[SPEC].duration_minutes == 2 * 480


def test_unreadable_units_are_refused(qtbot: QtBot, clash_file: Path) -> None:
    window = open_window(qtbot, clash_file)
    click_task_cell(qtbot, window.task_view, SPEC, Column.NAME)
    window.actions["task_assignments"].trigger()
    dialog = opened_dialog(qtbot, window, AssignmentsDialog)
    steps = window.undo_stack.count()

    type_into(qtbot, dialog.table, dialog.table.model().index(0, UNITS), "half")

    assert window.undo_stack.count() == steps
    assert dialog.table.item(0, UNITS).text() == "100%"
    assert "half" in window.statusBar().currentMessage()


def test_remove_and_assign_again(qtbot: QtBot, clash_file: Path) -> None:
    window = open_window(qtbot, clash_file)
    click_task_cell(qtbot, window.task_view, SPEC, Column.NAME)
    window.actions["task_assignments"].trigger()
    dialog = opened_dialog(qtbot, window, AssignmentsDialog)

    dialog.table.selectRow(0)
    click(qtbot, dialog.remove_button)
    assert dialog.table.rowCount() == 0
    assert not [a for a in stored(clash_file).assignments.values() if a.task_id == SPEC]

    assert dialog.resource_choice.currentText() == "Sam"
    click(qtbot, dialog.assign_button)
    assert dialog.table.item(0, 0).text() == "Sam"
    assert [
        a.resource_id for a in stored(clash_file).assignments.values() if a.task_id == SPEC
    ] == [SAM]


def test_brief_ben_for_the_clash_week_and_export_it(
    qtbot: QtBot, demo_file: Path, tmp_path: Path
) -> None:
    window = open_window(qtbot, demo_file)
    window.actions["brief_person"].trigger()
    dialog = opened_dialog(qtbot, window, BriefingDialog)

    dialog.choose_person(BEN)
    dialog.set_period(date(2026, 11, 23), date(2026, 11, 27))

    assert dialog.briefing is not None
    rows = [
        (dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text())
        for r in range(dialog.table.rowCount())
    ]
    assert ("ERP roll-out", "Interface specification") in rows
    assert ("Customer portal relaunch", "Solution architecture and API design") in rows
    assert dialog.summary.text().startswith("Ben Okafor: ")
    assert dialog.export_button.isEnabled()

    written = export_briefing(dialog.briefing, tmp_path / "ben")

    assert written == tmp_path / "ben.ics"
    calendar = Calendar.from_ical(written.read_bytes())
    events = {str(e.get("summary")): e for e in calendar.walk("VEVENT")}
    assert len(events) == len(rows)
    spec = events["ERP roll-out: Interface specification"]
    assert spec.decoded("dtend") == datetime(2026, 11, 27, 17, 0)
    assert "Work:" in str(spec.get("description"))
    assert f"task-{PORTAL_TASK}-resource-{BEN}@plansmith" in {
        str(e.get("uid")) for e in events.values()
    }
    assert ERP_TASK in {item.task_id for item in dialog.briefing.items}
