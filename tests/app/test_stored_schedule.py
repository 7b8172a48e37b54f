"""The computed schedule kept in the file: reused at open only while it is current."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.commands import EditTask, LinkTasks
from app.demo import write_demo
from app.document import Document
from app.schedule import schedule
from app.store import Store
from benchmarks.synthetic import write_synthetic
from tests.builders import small_portfolio


def stamp(path: Path) -> str | None:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT engine FROM schedule_stamp").fetchone()
    return row[0] if row else None


def open_doc(path: Path, read_only: bool = False) -> Document:
    return Document(Store.open(path, read_only=read_only))


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.plansmith"
    write_demo(path)
    return path


def test_a_stored_schedule_reads_back_equal_to_a_computed_one(demo: Path) -> None:
    document = open_doc(demo)
    document.store_schedule()
    document.close()
    reader = open_doc(demo, read_only=True)
    try:
        fresh = schedule(reader.portfolio)
        assert reader.schedule.engine is None  # read from the file, not computed
        assert reader.schedule.tasks == fresh.tasks
        assert reader.schedule.projects == fresh.projects
    finally:
        reader.close()


def test_synthetic_records_survive_the_round_trip_exactly(tmp_path: Path) -> None:
    path = write_synthetic(tmp_path / "s.plansmith", 2000)
    document = open_doc(path)
    computed = document.schedule
    document.close()  # close stores the results it computed at open
    again = open_doc(path, read_only=True)
    try:
        assert again.schedule.engine is None
        assert again.schedule.tasks == computed.tasks
        assert again.schedule.projects == computed.projects
    finally:
        again.close()


def test_an_edit_marks_the_results_stale_in_its_own_transaction(tmp_path: Path) -> None:
    path = tmp_path / "plan.plansmith"
    Store.create(path, small_portfolio()).close()
    document = open_doc(path)
    document.flush_schedule()
    assert stamp(path) is not None
    document.execute(LinkTasks(1, 2))
    assert stamp(path) is None and document.schedule_unsaved
    # A crash now: the edit is in the file, the old results are not trusted.
    crashed = open_doc(path, read_only=True)
    try:
        assert crashed.schedule.engine is not None  # computed afresh, not read back
        assert crashed.schedule.tasks == document.schedule.tasks
    finally:
        crashed.close()
    document.flush_schedule()
    assert stamp(path) is not None and not document.schedule_unsaved
    document.close()


def test_results_of_another_engine_are_not_trusted(demo: Path) -> None:
    document = open_doc(demo)
    document.store_schedule()
    document.close()
    with sqlite3.connect(demo) as conn:
        conn.execute("UPDATE schedule_stamp SET engine = 'an older plansmith'")
    reader = open_doc(demo, read_only=True)
    try:
        assert reader.schedule.engine is not None
    finally:
        reader.close()


def test_verify_replaces_stored_dates_that_differ_and_says_so(demo: Path) -> None:
    document = open_doc(demo)
    document.store_schedule()
    task_id = next(t for t, d in document.schedule.tasks.items() if not d.summary)
    document.close()
    with sqlite3.connect(demo) as conn:  # a hand-edited file
        conn.execute(
            "UPDATE schedule_results SET start = '2001-01-01T08:00:00' WHERE task_id = ?",
            [task_id],
        )
    document = open_doc(demo)
    try:
        assert document.schedule.tasks[task_id].start.year == 2001
        changes = []
        document.subscribe(changes.append)
        document.verify_schedule()
        assert document.schedule.tasks[task_id].start.year != 2001
        assert task_id in changes[0].tasks
        document.flush_schedule()
    finally:
        document.close()
    reader = open_doc(demo, read_only=True)
    try:
        assert reader.schedule.engine is None
        assert reader.schedule.tasks[task_id].start.year != 2001
    finally:
        reader.close()


def test_the_first_edit_after_a_stored_open_is_scheduled_in_full(demo: Path) -> None:
    document = open_doc(demo)
    document.store_schedule()
    document.close()
    document = open_doc(demo)
    try:
        leaf = next(
            t
            for t, d in document.schedule.tasks.items()
            if not d.summary and document.portfolio.tasks[t].actual_start is None
        )
        task = document.portfolio.tasks[leaf]
        document.execute(EditTask((leaf,), {"duration_minutes": task.duration_minutes + 480}))
        assert document.schedule.tasks == schedule(document.portfolio).tasks
    finally:
        document.close()
