"""ProjectListModel: the model contract, renames as commands, and following the Document."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.commands import AddProject, Command, DeleteProject, EditProject
from app.document import Document
from widgets.models.project_list_model import PROJECT_ID_ROLE, ProjectListModel


def test_lists_projects_and_follows_adds_and_deletes(
    document: Document, qtmodeltester: ModelTester
) -> None:
    model = ProjectListModel(document, lambda c: bool(document.execute(c)))
    qtmodeltester.check(model, force_py=True)
    document.execute(AddProject("Intranet", datetime(2026, 2, 2, 8, 0)))
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Website", "Intranet"]
    assert model.index(1, 0).data(PROJECT_ID_ROLE) == 2
    document.execute(DeleteProject(1))
    assert model.rowCount() == 1
    assert model.project_id(0) == 2 and model.row_of(1) == -1


def test_tooltip_shows_the_scheduled_span(document: Document) -> None:
    model = ProjectListModel(document, lambda c: True)
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Mon 2026-01-05 to Mon 2026-01-12"


def test_rename_builds_a_command(document: Document, qtbot: QtBot) -> None:
    sink: list[Command] = []
    model = ProjectListModel(document, lambda c: sink.append(c) is None)
    assert model.setData(model.index(0, 0), "Web shop")
    assert sink == [EditProject(1, {"name": "Web shop"}, label="Rename project")]
    with qtbot.waitSignal(model.editRefused):
        assert not model.setData(model.index(0, 0), "  ")
    assert not model.setData(model.index(0, 0), "Website")  # unchanged: no edit
    assert len(sink) == 1


def test_renames_show_up(document: Document, qtbot: QtBot) -> None:
    model = ProjectListModel(document, lambda c: True)
    with qtbot.waitSignal(model.dataChanged):
        document.execute(EditProject(1, {"name": "Web shop"}))
    assert model.index(0, 0).data() == "Web shop"
    model.detach()
    document.execute(EditProject(1, {"name": "Elsewhere"}))
    assert model.index(0, 0).data() == "Web shop"
