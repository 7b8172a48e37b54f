"""A Document whose long reschedules run on a worker thread (``Document.offload``).

The worker is a real thread; a gate holds it until the test lets it finish, so the
"still running" state is observed for certain rather than by luck of timing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from app.commands import EditError, EditTask, LinkTasks, SetPredecessors
from app.document import Change, Document, Offload, Rescheduled
from app.model import DurationUnit
from app.store import Store
from tests.builders import small_portfolio


class GatedWorker:
    """Runs each reschedule on a thread once ``release`` is called; counts ``ready`` calls."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1)
        self.gate = threading.Event()
        self.ready_calls = 0
        self.ran_on: list[str] = []

    def submit(self, work: Callable[[], Rescheduled]) -> Future[Rescheduled]:
        def gated() -> Rescheduled:
            self.gate.wait(10)
            self.ran_on.append(threading.current_thread().name)
            return work()

        return self._executor.submit(gated)

    def ready(self) -> None:
        self.ready_calls += 1

    def offload(self, wait: float = 0.0) -> Offload:
        return Offload(self.submit, wait, self.ready)

    def finish(self) -> None:
        """Let the held reschedule run, and wait until it is done."""
        self.gate.set()
        self._executor.submit(lambda: None).result(10)

    def close(self) -> None:
        self.gate.set()
        self._executor.shutdown(wait=True)


@pytest.fixture
def worker() -> Iterator[GatedWorker]:
    found = GatedWorker()
    yield found
    found.close()


@pytest.fixture
def doc(tmp_path: Path, worker: GatedWorker) -> Iterator[Document]:
    path = tmp_path / "plan.plansmith"
    Store.create(path, small_portfolio()).close()
    document = Document(Store.open(path))
    document.execute(LinkTasks(1, 2))  # before offloading: the plan's first edit is ordinary
    document.offload(worker.offload())
    yield document
    document.close()


def stored(document: Document):  # type: ignore[no-untyped-def]
    with Store.open(document.store.path, read_only=True) as reader:
        return reader.load()


LONGER = EditTask((1,), {"duration_minutes": 3 * 480, "duration_unit": DurationUnit.DAYS})


def test_an_edit_still_rescheduling_changes_nothing_until_it_lands(
    doc: Document, worker: GatedWorker
) -> None:
    changes: list[Change] = []
    doc.subscribe(changes.append)
    before, before_start = doc.portfolio, doc.schedule.tasks[2].start
    assert doc.execute(LONGER) == Change()
    assert doc.pending
    # Views keep reading a consistent state, the one before the edit; the file too.
    assert doc.portfolio is before and doc.schedule.tasks[2].start == before_start
    assert stored(doc) == before and changes == []
    worker.finish()
    assert worker.ready_calls == 1 and worker.ran_on[0] != threading.current_thread().name
    change = doc.settle()
    assert not doc.pending
    assert change.tasks >= {1, 2} and changes == [change]
    assert doc.schedule.tasks[2].start.isoformat() == "2026-01-08T08:00:00"
    assert stored(doc) == doc.portfolio != before


def test_a_quick_reschedule_returns_as_an_ordinary_edit(doc: Document, worker: GatedWorker) -> None:
    doc.offload(worker.offload(wait=10.0))
    worker.gate.set()
    change = doc.execute(LONGER)
    assert not doc.pending and 2 in change.tasks and worker.ready_calls == 0
    assert stored(doc) == doc.portfolio


def test_the_next_edit_lands_the_pending_one_first(doc: Document, worker: GatedWorker) -> None:
    doc.execute(LONGER)
    worker.gate.set()  # the second edit waits for the first, then runs its own
    doc.offload(worker.offload(wait=10.0))
    doc.execute(EditTask((3,), {"name": "Acceptance"}))
    assert doc.portfolio.tasks[1].duration_minutes == 3 * 480
    assert doc.portfolio.tasks[3].name == "Acceptance"
    assert stored(doc) == doc.portfolio


def test_a_pending_edit_that_cannot_be_scheduled_is_dropped(
    doc: Document, worker: GatedWorker
) -> None:
    doc.execute(LinkTasks(2, 3))
    worker.finish()
    doc.settle()
    before = doc.portfolio
    worker.gate.clear()
    doc.execute(SetPredecessors(1, "3"))  # a loop: found on the worker
    worker.finish()
    with pytest.raises(EditError, match="loop"):
        doc.settle()
    assert not doc.pending and doc.portfolio is before and stored(doc) == before
    doc.execute(EditTask((3,), {"name": "Still editable"}))
    worker.finish()
    doc.settle()
    assert stored(doc).tasks[3].name == "Still editable"


def test_closing_lands_a_pending_edit(tmp_path: Path, worker: GatedWorker) -> None:
    path = tmp_path / "plan.plansmith"
    Store.create(path, small_portfolio()).close()
    document = Document(Store.open(path))
    document.offload(worker.offload())
    document.execute(LONGER)
    assert document.pending
    worker.gate.set()
    document.close()
    with Store.open(path, read_only=True) as reader:
        assert reader.load().tasks[1].duration_minutes == 3 * 480
        assert reader.load_schedule(reader.load()) is not None  # and its dates are stored
