"""The column-mapping step of a task-list import: guesses, choices, and what OK allows."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from app.io.delimited import TASK_COLUMNS
from widgets.io.import_wizard import IGNORE, ImportWizard, mapping_problem


@dataclass
class Preview:
    """A table preview as ``app.io.delimited.preview_table`` gives it (the same fields)."""

    header: list[str]
    rows: list[list[object]]
    guessed: dict[str, str | None]
    columns: tuple[str, ...] = field(default=TASK_COLUMNS)


def finance_export() -> Preview:
    """A sheet from a finance tool: its own headers, one the core could not place."""
    return Preview(
        header=["Task", "Begin", "Days", "Depends on", "Owner", "Kostenstelle"],
        rows=[
            ["Kick-off", "2026-03-02", 1, "", "Ann", "4711"],
            ["Design", "2026-03-03", 5, "1", "Ben", "4711"],
            ["Build", "2026-03-10", 10, "2", "Cleo", "4712"],
        ],
        guessed={
            "Task": "Name",
            "Begin": "Start",
            "Days": "Duration (days)",
            "Depends on": "Predecessors",
            "Owner": "Resources",
            "Kostenstelle": None,
        },
    )


@pytest.fixture
def wizard(qtbot: QtBot) -> ImportWizard:
    dialog = ImportWizard(finance_export(), "plan.xlsx")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Pick an entry as a user does from the keyboard: focus the combo, type its name."""
    combo.setFocus()
    qtbot.keyClicks(combo, text)
    assert combo.currentText() == text


def test_guesses_are_preselected_and_unknown_columns_ignored(wizard: ImportWizard) -> None:
    assert wizard.combo_for("Task").currentText() == "Name"
    assert wizard.combo_for("Begin").currentText() == "Start"
    assert wizard.combo_for("Kostenstelle").currentText() == IGNORE
    assert wizard.mapping() == finance_export().guessed
    assert wizard.ok_button.isEnabled()
    assert not wizard.problem.isVisible()


def test_every_target_and_ignore_are_offered(wizard: ImportWizard) -> None:
    combo = wizard.combo_for("Owner")
    offered = [combo.itemText(i) for i in range(combo.count())]
    assert offered == [IGNORE, *TASK_COLUMNS]


def test_the_preview_shows_the_first_rows_under_source_and_target(
    qtbot: QtBot, wizard: ImportWizard
) -> None:
    model = wizard.table.model()
    assert (model.rowCount(), model.columnCount()) == (3, 6)
    assert model.index(1, 0).data() == "Design"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Task\n→ Name"
    assert model.headerData(5, Qt.Orientation.Horizontal) == f"Kostenstelle\n→ {IGNORE}"
    choose(qtbot, wizard.combo_for("Owner"), IGNORE)
    assert model.headerData(4, Qt.Orientation.Horizontal) == f"Owner\n→ {IGNORE}"


def test_two_columns_for_one_target_block_ok_until_resolved(
    qtbot: QtBot, wizard: ImportWizard
) -> None:
    choose(qtbot, wizard.combo_for("Kostenstelle"), "Start")
    assert not wizard.ok_button.isEnabled()
    assert wizard.problem.isVisible()
    assert (
        wizard.problem.text()
        == f"“Begin” and “Kostenstelle” both fill Start; set one of them to {IGNORE}."
    )
    choose(qtbot, wizard.combo_for("Begin"), IGNORE)
    assert wizard.ok_button.isEnabled()
    assert not wizard.problem.isVisible()
    assert wizard.mapping()["Kostenstelle"] == "Start"
    assert wizard.mapping()["Begin"] is None


def test_without_a_names_column_ok_stays_off(qtbot: QtBot, wizard: ImportWizard) -> None:
    choose(qtbot, wizard.combo_for("Task"), IGNORE)
    assert not wizard.ok_button.isEnabled()
    assert "task names" in wizard.problem.text()


def test_ok_accepts_with_the_chosen_mapping(qtbot: QtBot, wizard: ImportWizard) -> None:
    choose(qtbot, wizard.combo_for("Kostenstelle"), "Notes")
    with qtbot.waitSignal(wizard.accepted):
        qtbot.mouseClick(wizard.ok_button, Qt.MouseButton.LeftButton)
    assert wizard.mapping()["Kostenstelle"] == "Notes"


def test_mapping_problem_names_the_clash() -> None:
    targets = ("Name", "Start")
    assert mapping_problem({"A": "Name", "B": None}, targets) == ""
    assert "both fill Name" in mapping_problem({"A": "Name", "B": "Name"}, targets)
    assert "task names" in mapping_problem({"A": "Start"}, targets)


def test_screenshot_of_the_wizard(qtbot: QtBot, wizard: ImportWizard, tmp_path: Path) -> None:
    choose(qtbot, wizard.combo_for("Kostenstelle"), "Start")
    wizard.resize(860, 620)
    qtbot.wait(20)
    image = wizard.grab()
    assert image.save(str(tmp_path / "import_wizard.png"))
    image.save("/tmp/import_wizard.png")  # for a person to look at after the run
    assert image.width() == 860
