"""The window opens on a file's stored schedule, checks it, and stores results when idle."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.commands import EditTask
from app.document import Document
from app.schedule import schedule
from app.store import Store
from tests.widgets.driver import write_plan
from widgets.main import build_window
from widgets.main_window import MainWindow


def stamped(path: Path) -> bool:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM schedule_stamp").fetchone()[0] == 1


def file_with_stored_schedule(tmp_path: Path) -> Path:
    path = write_plan(tmp_path / "plan.plansmith")
    document = Document(Store.open(path))
    document.store_schedule()
    document.close()
    assert stamped(path)
    return path


def open_window(qtbot: QtBot, path: Path) -> MainWindow:
    window = build_window(path)
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def first_leaf(document: Document) -> int:
    return next(t for t, d in document.schedule.tasks.items() if not d.summary)


def test_the_stored_schedule_is_shown_then_checked_in_the_background(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(qtbot, file_with_stored_schedule(tmp_path))
    document = window.document
    assert document is not None
    assert not document.schedule_verified  # the dates on screen came from the file
    qtbot.waitUntil(lambda: document.schedule_verified, timeout=10_000)
    assert document.schedule.engine is not None  # the next edit can be incremental
    assert document.schedule.tasks == schedule(document.portfolio).tasks


def test_an_edit_before_the_check_finishes_is_scheduled_in_full(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(qtbot, file_with_stored_schedule(tmp_path))
    document = window.document
    assert document is not None and not document.schedule_verified
    leaf = first_leaf(document)
    minutes = document.portfolio.tasks[leaf].duration_minutes + 480
    assert window.perform(EditTask((leaf,), {"duration_minutes": minutes}))
    assert document.schedule_verified
    window.schedule_upkeep.wait_for_verify()  # the stale check is dropped, not adopted
    assert document.schedule.tasks == schedule(document.portfolio).tasks


def test_results_are_written_when_the_user_pauses(qtbot: QtBot, tmp_path: Path) -> None:
    path = file_with_stored_schedule(tmp_path)
    window = open_window(qtbot, path)
    document = window.document
    assert document is not None
    window.schedule_upkeep.wait_for_verify()
    leaf = first_leaf(document)
    minutes = document.portfolio.tasks[leaf].duration_minutes + 480
    assert window.perform(EditTask((leaf,), {"duration_minutes": minutes}))
    assert not stamped(path)  # the edit is in the file; its results are not yet
    assert window.schedule_upkeep.flush_timer.isActive()
    qtbot.waitUntil(lambda: stamped(path), timeout=5_000)
    assert not document.schedule_unsaved
    with Store.open(path, read_only=True) as reader:
        again = reader.load_schedule(reader.load())
    assert again is not None and again.tasks == document.schedule.tasks


def test_closing_the_window_stores_results_still_pending(qtbot: QtBot, tmp_path: Path) -> None:
    path = file_with_stored_schedule(tmp_path)
    window = open_window(qtbot, path)
    document = window.document
    assert document is not None
    leaf = first_leaf(document)
    minutes = document.portfolio.tasks[leaf].duration_minutes + 960
    assert window.perform(EditTask((leaf,), {"duration_minutes": minutes}))
    expected = document.schedule.tasks[leaf]
    window.close()
    assert stamped(path)
    with Store.open(path, read_only=True) as reader:
        again = reader.load_schedule(reader.load())
    assert again is not None and again.tasks[leaf] == expected
