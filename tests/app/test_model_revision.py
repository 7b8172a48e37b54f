"""Revisions: collections that know which keys an edit changed, so an edit's cost does
not grow with the plan. Every answer must equal a full comparison's."""

from __future__ import annotations

import copy
import gc
import pickle
import random
from datetime import timedelta
from pathlib import Path

from app.commands import EditTask, move_task_to
from app.document import Document
from app.model.portfolio import Portfolio
from app.model.revision import Revision, Table, changed_keys, differing_keys
from app.store import Store
from benchmarks.synthetic import write_synthetic


def full_comparison(old: dict, new: dict) -> tuple[set, set]:
    return {k for k, v in new.items() if old.get(k) is not v}, {k for k in old if k not in new}


def answer(old: dict, new: dict) -> tuple[set, set]:
    upserts, deletes = changed_keys(old, new)
    return set(upserts), set(deletes)


def test_a_revision_records_only_what_it_changed() -> None:
    base = Table({1: "a", 2: "b", 3: "c"})
    new = Revision(base, {2: "B", 4: "d"}, removed={3, 99})
    assert dict(new) == {1: "a", 2: "B", 4: "d"}
    assert new.touched() == {2, 4, 3, 99}
    assert answer(base, new) == ({2, 4}, {3})
    assert answer(new, base) == ({2, 3}, {4})  # undo: the way back


def test_setting_an_equal_object_is_not_a_change_but_a_new_object_is() -> None:
    shared = object()
    base = Table({1: shared})
    assert answer(base, Revision(base, {1: shared})) == (set(), set())
    assert answer(base, Revision(base, {1: object()})) == ({1}, set())


def test_a_rebuilt_equal_value_differs_in_identity_only() -> None:
    base = Table({1: (1, "a"), 2: (2, "b"), 3: (3, "c")})
    new = Revision(base, {1: tuple([1, "a"]), 2: (2, "B")}, removed={3})
    assert answer(base, new) == ({1, 2}, {3})
    assert differing_keys(base, new) == ([2], [3])
    assert differing_keys({1: (1, "a")}, {1: tuple([1, "a"])}) == ([], [])  # no chain


def test_every_write_method_is_recorded() -> None:
    base = Table({k: str(k) for k in range(10)})
    new = Revision(base)
    new[1] = "x"
    del new[2]
    new.update({3: "y"}, **{})
    new |= {4: "z"}
    new.pop(5)
    new.setdefault(20, "new")
    new.setdefault(6, "kept")  # present: not a change
    assert answer(base, new) == full_comparison(base, new)
    assert new.touched() >= {1, 2, 3, 4, 5, 20}
    emptied = Revision(base)
    emptied.clear()
    assert answer(base, emptied) == (set(), set(range(10)))


def test_a_chain_of_revisions_equals_a_full_comparison_both_ways() -> None:
    rng = random.Random(7)
    chain = [Table({k: object() for k in range(200)})]
    for _ in range(12):
        last = chain[-1]
        keys = list(last)
        updates = {rng.choice(keys): object() for _ in range(5)} | {rng.randrange(400): object()}
        chain.append(Revision(last, updates, removed={rng.choice(keys)}))
    for i in range(len(chain)):
        for j in range(len(chain)):
            assert answer(chain[i], chain[j]) == full_comparison(chain[i], chain[j])


def test_unrelated_or_forgotten_bases_fall_back_to_a_full_comparison() -> None:
    one, other = Table({1: "a"}), Table({1: "a", 2: "b"})
    assert answer(one, other) == ({2}, set())
    plain = {1: "a", 2: "b"}
    assert answer(plain, Revision(plain, {2: "c"})) == ({2}, set())
    base = Table({1: "a"})
    new = Revision(base, {2: "b"})
    del base
    gc.collect()
    assert new.base() is None  # a revision does not keep old snapshots alive
    assert answer({1: "a"}, new) == ({2}, set())


def test_copies_are_plain_dicts() -> None:
    new = Revision(Table({1: "a"}), {2: "b"})
    for copied in (pickle.loads(pickle.dumps(new)), copy.deepcopy(new), copy.copy(new)):
        assert type(copied) is dict
        assert copied == {1: "a", 2: "b"}


def test_a_portfolio_holds_tables() -> None:
    portfolio = Portfolio(tasks={}, links={})
    assert isinstance(portfolio.tasks, Table)
    assert isinstance(portfolio.links, Table)


def test_a_document_edit_reports_what_a_full_comparison_finds(tmp_path: Path) -> None:
    """Drag-like moves on a synthetic plan: the Change names exactly the tasks whose
    inputs or dates differ, and the store holds the same plan as the document."""
    path = write_synthetic(tmp_path / "plan.plansmith", 600)
    document = Document(Store.open(path))
    document.verify_schedule()
    tasks = sorted(t for t in document.portfolio.tasks if not document.portfolio.is_summary(t))
    for task_id in (tasks[-1], tasks[len(tasks) // 2], tasks[0]):
        before, before_dates = document.portfolio, document.schedule
        start = document.schedule.tasks[task_id].start + timedelta(days=2)
        task = document.portfolio.tasks[task_id]
        change = document.execute(EditTask((task_id,), move_task_to(task, start)))
        after_dates = document.schedule.tasks
        expected = {k for k, v in document.portfolio.tasks.items() if before.tasks[k] is not v}
        expected |= {k for k, v in after_dates.items() if before_dates.tasks.get(k) != v}
        assert task_id in change.tasks
        assert change.tasks == expected
    document.close()
    reopened = Store.open(path, read_only=True)
    assert reopened.load() == document.portfolio
    reopened.close()
