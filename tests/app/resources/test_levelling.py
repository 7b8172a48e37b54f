"""Level Resources and Clear Levelling on real files, worked by hand.

Every plan starts Monday 2024-01-01 08:00 on the standard calendar (480 minutes a day).
The engine (app.schedule.cpm) counts a levelling delay in working minutes of the task's
calendar, added after links: a task pushed from Monday to Wednesday has 2 x 480 = 960.
The dates asserted here do not depend on that unit; only ``DELAY_DAY`` does.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from app.commands.base import EditError
from app.commands.levelling import ClearLevelling, LevelResources
from app.document import Document
from app.history import History
from app.model import ConstraintKind, Portfolio
from app.resources.levelling import LevelOptions, level_resources
from app.resources.usage import resource_usage
from app.schedule import schedule
from app.store import Store
from tests.app.resources.plans import DAY, MON_WED, at, builder

#: One working day of levelling delay, in the unit the engine counts it in.
DELAY_DAY = 480


@pytest.fixture
def open_document(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    """Open a portfolio as a real .plansmith file; closes what it opened."""
    opened: list[Document] = []

    def make(portfolio: Portfolio) -> Document:
        path = tmp_path / f"plan{len(opened)}.plansmith"
        Store.create(path, portfolio).close()
        document = Document(Store.open(path))
        opened.append(document)
        return document

    yield make
    for document in opened:
        document.close()


def stored(document: Document) -> Portfolio:
    with Store.open(document.store.path, read_only=True) as reader:
        return reader.load()


def dates(document: Document, task_id: int) -> tuple[datetime, datetime]:
    shown = document.schedule.tasks[task_id]
    return shown.start, shown.finish


def two_projects() -> tuple[Portfolio, int, int]:
    """Alice: 'Low' (3 days, project 1, priority 500) and 'High' (2 days, project 2, 800)."""
    b = builder()
    b.project(2, priority=800)
    low = b.task("Low", 3)
    high = b.task("High", 2, project=2)
    alice = b.resource("Alice")
    b.assign(low, alice, 3 * DAY)
    b.assign(high, alice, 2 * DAY)
    return b.build(), low, high


def test_the_higher_priority_project_keeps_its_dates(open_document) -> None:  # type: ignore[no-untyped-def]
    portfolio, low, high = two_projects()
    document = open_document(portfolio)
    history = History(document)
    history.do(LevelResources())
    # High (project priority 800) stays Mon-Tue; Low waits for Alice: Wed 3 - Fri 5.
    assert dates(document, high) == (at(1), at(2, 17))
    assert dates(document, low) == (at(3), at(5, 17))
    assert document.portfolio.tasks[low].leveling_delay_minutes == 2 * DELAY_DAY
    assert document.portfolio.tasks[high].leveling_delay_minutes == 0
    assert stored(document) == document.portfolio  # committed as one edit
    usage = resource_usage(document.portfolio, document.schedule, "day", at(1), at(7))
    assert usage.over_allocations() == []
    # One undo step takes it all back, in the file too.
    history.undo()
    assert dates(document, low) == (at(1), at(3, 17))
    assert stored(document).tasks[low].leveling_delay_minutes == 0


def test_clear_levelling_restores_every_date_exactly(open_document) -> None:  # type: ignore[no-untyped-def]
    portfolio, low, _ = two_projects()
    document = open_document(portfolio)
    before = dict(document.schedule.tasks)
    history = History(document)
    history.do(LevelResources())
    assert document.schedule.tasks[low] != before[low]
    history.do(ClearLevelling())
    assert dict(document.schedule.tasks) == before
    assert stored(document).tasks == portfolio.tasks


def test_clear_levelling_of_one_project_leaves_the_others(open_document) -> None:  # type: ignore[no-untyped-def]
    b = builder()
    b.project(2)
    a1, a2 = b.task("A1", 2), b.task("A2", 2)
    c1, c2 = b.task("C1", 2, project=2), b.task("C2", 2, project=2)
    alice, bob = b.resource("Alice"), b.resource("Bob")
    for task, person in ((a1, alice), (a2, alice), (c1, bob), (c2, bob)):
        b.assign(task, person, 2 * DAY)
    document = open_document(b.build())
    document.execute(LevelResources())
    delayed = {t for t in (a1, a2, c1, c2) if document.portfolio.tasks[t].leveling_delay_minutes}
    assert delayed == {a2, c2}  # equal priorities: the lower id keeps its place
    document.execute(ClearLevelling((2,)))
    assert document.portfolio.tasks[a2].leveling_delay_minutes == 2 * DELAY_DAY
    assert document.portfolio.tasks[c2].leveling_delay_minutes == 0
    with pytest.raises(EditError, match="no project with id 7"):
        document.execute(ClearLevelling((7,)))


def test_a_part_time_person_is_levelled_on_their_own_days(open_document) -> None:  # type: ignore[no-untyped-def]
    # Bob works Mon-Wed. Two 3-day jobs of his (one per project) both want Mon 1 - Wed 3;
    # the lower-priority one moves to his next free days, Mon 8 - Wed 10.
    b = builder()
    b.project(2, priority=900)
    mine = b.task("Audit", 3)
    theirs = b.task("Review", 3, project=2)
    bob = b.resource("Bob", calendar_id=MON_WED)
    b.assign(mine, bob, 3 * DAY)
    b.assign(theirs, bob, 3 * DAY)
    document = open_document(b.build())
    assert dates(document, mine) == dates(document, theirs) == (at(1), at(3, 17))
    document.execute(LevelResources())
    assert dates(document, theirs) == (at(1), at(3, 17))
    assert dates(document, mine) == (at(8), at(10, 17))
    assert document.portfolio.tasks[mine].leveling_delay_minutes == 5 * DELAY_DAY
    weeks = resource_usage(document.portfolio, document.schedule, "week", at(1), at(14))
    assert [c.work_minutes for c in weeks.rows[bob].cells] == [1440, 1440]
    assert weeks.over_allocations() == []


def test_a_must_start_on_task_is_never_moved(open_document) -> None:  # type: ignore[no-untyped-def]
    # 'Go-live' (low priority) must start Mon 1; 'Upgrade' (high priority) gives way.
    b = builder()
    b.project(2, priority=900)
    pinned = b.task("Go-live", 2, constraint=ConstraintKind.MUST_START_ON, constraint_date=at(1))
    upgrade = b.task("Upgrade", 2, project=2)
    alice = b.resource("Alice")
    b.assign(pinned, alice, 2 * DAY)
    b.assign(upgrade, alice, 2 * DAY)
    document = open_document(b.build())
    document.execute(LevelResources())
    assert dates(document, pinned) == (at(1), at(2, 17))
    assert dates(document, upgrade) == (at(3), at(4, 17))
    assert document.portfolio.tasks[pinned].leveling_delay_minutes == 0


def slack_plan() -> tuple[Portfolio, dict[str, int]]:
    """One project: 'Long' (5 days, Carol) sets the finish, Fri 5 17:00. Alice has
    'First' (2d, priority 600), 'Second' (2d, 500) and 'Third' (3d, 400), all from Monday."""
    b = builder()
    ids = {
        "long": b.task("Long", 5),
        "first": b.task("First", 2, priority=600),
        "second": b.task("Second", 2, priority=500),
        "third": b.task("Third", 3, priority=400),
    }
    carol, alice = b.resource("Carol"), b.resource("Alice")
    b.assign(ids["long"], carol, 5 * DAY)
    for name, days in (("first", 2), ("second", 2), ("third", 3)):
        b.assign(ids[name], alice, days * DAY)
    return b.build(), ids


def test_task_priority_decides_within_a_project() -> None:
    portfolio, ids = slack_plan()
    result = level_resources(portfolio)
    levelled = schedule(result.apply(portfolio))
    # First Mon-Tue, Second Wed-Thu, Third Fri 5 - Tue 9: the finish moves to Tue 9.
    assert result.delays[ids["first"]] == 0
    assert result.delays[ids["second"]] == 2 * DELAY_DAY
    assert result.delays[ids["third"]] == 4 * DELAY_DAY
    assert levelled.tasks[ids["third"]].finish == at(9, 17)
    assert levelled.projects[1].finish == at(9, 17)
    assert result.unresolved == ()


def test_level_within_slack_only_never_moves_the_finish() -> None:
    portfolio, ids = slack_plan()
    result = level_resources(portfolio, LevelOptions(within_slack=True))
    levelled = schedule(result.apply(portfolio))
    # Second fits in its slack (late start Thu 4); Third (late start Wed 3) cannot wait
    # until Friday, so it stays and is reported.
    assert result.delays[ids["second"]] == 2 * DELAY_DAY
    assert result.delays[ids["third"]] == 0
    assert result.unresolved == (ids["third"],)
    assert levelled.projects[1].finish == at(5, 17)


def test_priority_1000_and_other_projects_are_not_levelled() -> None:
    portfolio, low, high = two_projects()
    # Only project 1 may be levelled: its task gives way even though project 2 is higher.
    result = level_resources(portfolio, LevelOptions(project_ids=(1,)))
    assert set(result.delays) == {low}
    assert result.delays[low] == 2 * DELAY_DAY
    # Project 2 alone may be levelled, but Low (project 1) keeps its dates, so High waits.
    result = level_resources(portfolio, LevelOptions(project_ids=(2,)))
    assert result.delays == {high: 3 * DELAY_DAY}
    # "Do not level" (1000) keeps a task in place whatever its project's priority.
    from dataclasses import replace

    tasks = dict(portfolio.tasks)
    tasks[low] = replace(tasks[low], priority=1000)
    result = level_resources(replace(portfolio, tasks=tasks))
    assert result.delays[low] == 0
    assert result.delays[high] == 3 * DELAY_DAY


def test_unknown_ids_are_refused_as_edit_errors() -> None:
    portfolio, _, _ = two_projects()
    with pytest.raises(EditError, match="no project with id 5"):
        LevelResources(LevelOptions(project_ids=(5,))).apply(portfolio, schedule(portfolio))
    with pytest.raises(EditError, match="no resource with id 9"):
        LevelResources(LevelOptions(resource_ids=(9,))).apply(portfolio, schedule(portfolio))


def test_a_linked_task_waits_for_its_person_after_its_predecessor(open_document) -> None:  # type: ignore[no-untyped-def]
    # Project 1: Spec (Mon, Bob) -> Code (2d, Alice), due Tue 2. Project 2 (priority 900):
    # Patch (3d, Alice) Mon-Wed keeps its dates; Code waits for Alice: Thu 4 - Fri 5, and
    # its successor Test follows it on Mon 8.
    b = builder()
    b.project(2, priority=900)
    spec, code, test = b.task("Spec", 1), b.task("Code", 2), b.task("Test", 1)
    patch = b.task("Patch", 3, project=2)
    b.link(spec, code)
    b.link(code, test)
    alice, bob = b.resource("Alice"), b.resource("Bob")
    b.assign(spec, bob, DAY)
    b.assign(code, alice, 2 * DAY)
    b.assign(patch, alice, 3 * DAY)
    document = open_document(b.build())
    assert dates(document, code) == (at(2), at(3, 17))
    document.execute(LevelResources())
    assert dates(document, patch) == (at(1), at(3, 17))
    assert dates(document, code) == (at(4), at(5, 17))
    assert dates(document, test) == (at(8), at(8, 17))
    assert document.portfolio.tasks[code].leveling_delay_minutes == 2 * DELAY_DAY
    assert document.portfolio.tasks[test].leveling_delay_minutes == 0
