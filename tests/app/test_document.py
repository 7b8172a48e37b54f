"""Document and History on a real store: every edit committed, undo and redo too."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.commands import EditError, EditTask, IndentTasks, LinkTasks, SetPredecessors
from app.document import Change, Document
from app.history import History
from app.model import DurationUnit
from app.store import Store
from tests.builders import small_portfolio


@pytest.fixture
def doc(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.plansmith"
    Store.create(path, small_portfolio()).close()
    document = Document(Store.open(path))
    yield document
    document.close()


def stored(document: Document):  # type: ignore[no-untyped-def]
    with Store.open(document.store.path, read_only=True) as reader:
        return reader.load()


def test_an_edit_is_committed_at_once_and_rescheduled(doc: Document) -> None:
    changes: list[Change] = []
    doc.subscribe(changes.append)
    doc.execute(LinkTasks(1, 2))
    doc.execute(EditTask((1,), {"duration_minutes": 3 * 480, "duration_unit": DurationUnit.DAYS}))
    assert stored(doc) == doc.portfolio
    assert doc.schedule.tasks[2].start.isoformat() == "2026-01-08T08:00:00"
    assert 2 in changes[-1].tasks and not changes[-1].structure
    assert doc.schedule_unsaved  # results follow when the user pauses (flush_schedule)
    doc.flush_schedule()
    rows = doc.store.db.execute("SELECT start FROM schedule_results WHERE task_id = 2").fetchone()
    assert rows[0] == "2026-01-08T08:00:00"


def test_a_loop_is_refused_and_nothing_changes(doc: Document) -> None:
    doc.execute(LinkTasks(1, 2))
    doc.execute(LinkTasks(2, 3))
    before = doc.portfolio
    with pytest.raises(EditError, match="loop"):
        doc.execute(SetPredecessors(1, "3"))
    assert doc.portfolio is before
    assert stored(doc) == before


def test_undo_and_redo_are_committed_edits(doc: Document) -> None:
    history = History(doc)
    history.do(IndentTasks((2,)))
    assert doc.portfolio.is_summary(1)
    change = history.undo()
    assert change.structure
    assert not doc.portfolio.is_summary(1)
    assert stored(doc) == doc.portfolio == small_portfolio()
    history.redo()
    assert stored(doc).is_summary(1)
    assert history.can_undo and not history.can_redo


def test_reopening_shows_the_edit(doc: Document) -> None:
    doc.execute(EditTask((3,), {"name": "Acceptance test"}))
    path = doc.store.path
    doc.close()
    again = Document(Store.open(path))
    try:
        assert again.portfolio.tasks[3].name == "Acceptance test"
    finally:
        again.close()
        doc.store = Store.open(path)  # let the fixture close something open


def test_reschedule_all_tells_listeners(doc: Document) -> None:
    doc.execute(LinkTasks(1, 2))
    changes: list[Change] = []
    doc.subscribe(changes.append)
    doc.reschedule_all()
    assert changes and not changes[0].structure


def _fresh_indexes(portfolio):  # type: ignore[no-untyped-def]
    from app.model.portfolio import Portfolio

    copy = Portfolio(**{name: getattr(portfolio, name) for name in portfolio.__dataclass_fields__})
    return _indexes(copy)


def _indexes(portfolio):  # type: ignore[no-untyped-def]
    return (
        portfolio._children,
        {t: (portfolio.outline_number(t), portfolio.row_number(t)) for t in portfolio.tasks},
        portfolio._links_by_successor,
        portfolio._assignments_by_task,
    )


def test_an_edit_keeps_the_indexes_its_inputs_did_not_change(doc: Document) -> None:
    doc.execute(LinkTasks(1, 2))
    before = doc.portfolio
    assert before.is_summary(1) is False and before.predecessors(2)  # build the indexes
    doc.execute(EditTask((2,), {"duration_minutes": 960}))
    after = doc.portfolio
    assert after.__dict__["_children"] is before.__dict__["_children"]
    assert after.__dict__["_links_by_successor"] is before.__dict__["_links_by_successor"]
    assert _indexes(after) == _fresh_indexes(after)


def test_an_outline_edit_rebuilds_the_outline_indexes(doc: Document) -> None:
    before = doc.portfolio
    assert not before.is_summary(1)
    doc.execute(IndentTasks((2,)))
    after = doc.portfolio
    assert "_children" not in after.__dict__
    assert after.is_summary(1) and after.outline_number(2) == "1.1"


def test_a_new_link_may_take_the_pair_a_changed_link_gave_up(doc: Document) -> None:
    doc.execute(LinkTasks(2, 3))
    doc.execute(SetPredecessors(3, "1FS+2d, 2"))  # the 2->3 link becomes 1->3; 2->3 is new
    assert stored(doc) == doc.portfolio
    assert sorted((k.predecessor_id, k.successor_id) for k in doc.portfolio.links.values()) == [
        (1, 3),
        (2, 3),
    ]
