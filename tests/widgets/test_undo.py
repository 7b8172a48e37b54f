"""Undo by snapshot on a real Document: one step per edit, applied once, committed each way."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from app.commands import AddTask, Command, DeleteTasks, EditTask, SetPredecessors
from app.document import Document
from app.model import Portfolio
from app.schedule.result import Schedule
from app.store import Store, StoreError
from tests.widgets.driver import stored
from widgets.editing import Editor
from widgets.undo import SnapshotCommand


class Counting:
    """A command that counts how often it is applied."""

    def __init__(self, inner: Command) -> None:
        self.inner = inner
        self.label = inner.label
        self.applied = 0

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        self.applied += 1
        return self.inner.apply(portfolio, schedule)


@pytest.fixture
def problems() -> list[str]:
    return []


@pytest.fixture
def editor(document: Document, problems: list[str], qapp: object) -> Editor:
    return Editor(document, QUndoStack(), problems.append)


def test_an_edit_is_applied_once_and_pushed_once(
    editor: Editor, document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real_replace = document.replace
    monkeypatch.setattr(document, "replace", lambda p: calls.append("replace") or real_replace(p))
    command = Counting(EditTask((1,), {"name": "Wireframes"}, label="Rename task"))
    assert editor.perform(command)
    assert calls == ["replace"]  # push() called redo(), which did not apply it again
    assert command.applied == 1
    assert editor.stack.count() == 1
    assert editor.stack.undoText() == "Rename task"


def test_undo_and_redo_each_commit_to_the_file(
    editor: Editor, document: Document, plan_file: Path
) -> None:
    editor.perform(EditTask((1,), {"name": "Wireframes"}))
    editor.perform(AddTask(1, "Deploy", after_id=5))
    assert len(stored(plan_file).tasks) == 6
    editor.stack.undo()
    assert len(stored(plan_file).tasks) == 5
    editor.stack.undo()
    assert stored(plan_file).tasks[1].name == "Design"
    assert document.portfolio == stored(plan_file)
    editor.stack.redo()
    editor.stack.redo()
    assert stored(plan_file).tasks[1].name == "Wireframes"
    assert len(stored(plan_file).tasks) == 6


def test_a_refused_edit_is_reported_and_not_pushed(
    editor: Editor, problems: list[str], plan_file: Path
) -> None:
    before = stored(plan_file)
    assert not editor.perform(EditTask((1,), {"percent_complete": 140}))
    assert not editor.perform(SetPredecessors(1, "5"))  # would close a loop
    assert editor.stack.count() == 0
    assert "between 0 and 100" in problems[0]
    assert "loop" in problems[1]
    assert stored(plan_file) == before


def test_an_edit_that_changes_nothing_is_not_a_step(editor: Editor) -> None:
    assert not editor.perform(DeleteTasks((99,)))  # no such task: the same portfolio back
    assert editor.stack.count() == 0


def test_a_failed_undo_is_reported_and_dropped(
    editor: Editor, document: Document, problems: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    editor.perform(EditTask((1,), {"name": "Wireframes"}, label="Rename task"))

    def disk_full(new: object) -> None:
        raise StoreError("the disk is full")

    monkeypatch.setattr(document, "replace", disk_full)
    editor.stack.undo()
    assert problems == ["Undo Rename task failed: the disk is full"]
    assert editor.stack.count() == 0  # the step is gone, not left half done
    assert document.portfolio.tasks[1].name == "Wireframes"


def test_read_only_document_refuses_edits(
    plan_file: Path, problems: list[str], qapp: object
) -> None:
    document = Document(Store.open(plan_file, read_only=True))
    try:
        editor = Editor(document, QUndoStack(), problems.append)
        assert not editor.perform(EditTask((1,), {"name": "Wireframes"}))
        assert "read-only" in problems[0]
    finally:
        document.close()


def test_snapshots_do_not_keep_the_portfolios_cached_indexes(
    editor: Editor, document: Document
) -> None:
    document.portfolio.wbs(1)  # builds the outline caches on the current snapshot
    before = document.portfolio
    assert "_outline" in vars(before)
    editor.perform(EditTask((1,), {"name": "Wireframes"}))
    step = editor.stack.command(0)
    assert isinstance(step, SnapshotCommand)
    assert "_outline" not in vars(step.before)
    assert step.before.tasks is before.tasks  # the data itself is shared, not copied
    editor.stack.undo()
    assert document.portfolio.tasks[1].name == "Design"
    assert document.portfolio.wbs(3) == "2.1"
