"""Assignment commands under MS Project's task types and effort-driven scheduling.

The task 'Build' lasts 4 days (1920 minutes) with Alice at 100 % (1920 minutes of work)
unless a test says otherwise; Work = Duration x Units throughout.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from app.budget.costing import assignment_cost, task_costs
from app.commands.assignments import (
    AssignResource,
    SetAssignmentUnits,
    SetAssignmentWork,
    SetTaskDuration,
    UnassignResource,
    duration_change_effects,
)
from app.commands.base import EditError
from app.document import Document
from app.history import History
from app.model import Portfolio, ResourceType, TaskType
from app.schedule.result import Schedule
from app.store import Store
from tests.app.resources.plans import DAY, at, builder

NONE = Schedule()


def plan(task_type: TaskType = TaskType.FIXED_UNITS, effort_driven: bool = False) -> Portfolio:
    """'Build' (id 1, 4 days) with Alice (id 1) on it; Bob (id 2) and Cable (3) in the pool."""
    b = builder()
    b.task("Build", 4, task_type=task_type, effort_driven=effort_driven)
    b.resource("Alice", standard_rate=Decimal("60"))
    b.resource("Bob", standard_rate=Decimal("90"))
    b.resource("Cable", type=ResourceType.MATERIAL, standard_rate=Decimal("2.50"))
    b.assign(1, 1, 4 * DAY)
    return b.build()


def shape(portfolio: Portfolio) -> tuple[int, list[tuple[int, float, int]]]:
    """(task duration, [(resource, units, work) ...]) of task 1."""
    rows = [(a.resource_id, a.units, a.work_minutes) for a in portfolio.task_assignments(1)]
    return portfolio.tasks[1].duration_minutes, sorted(rows)


# --- units ------------------------------------------------------------------------------


def test_units_on_a_fixed_units_task_move_the_duration() -> None:
    after = SetAssignmentUnits(1, 0.5).apply(plan(), NONE)
    assert shape(after) == (8 * DAY, [(1, 0.5, 4 * DAY)])


def test_units_on_a_fixed_work_task_move_the_duration() -> None:
    after = SetAssignmentUnits(1, 2.0).apply(plan(TaskType.FIXED_WORK), NONE)
    assert shape(after) == (2 * DAY, [(1, 2.0, 4 * DAY)])


def test_units_on_a_fixed_duration_task_move_the_work() -> None:
    after = SetAssignmentUnits(1, 0.5).apply(plan(TaskType.FIXED_DURATION), NONE)
    assert shape(after) == (4 * DAY, [(1, 0.5, 2 * DAY)])


def test_zero_or_negative_units_are_refused_for_people() -> None:
    with pytest.raises(EditError, match="units above 0"):
        SetAssignmentUnits(1, 0).apply(plan(), NONE)
    with pytest.raises(EditError, match="negative"):
        SetAssignmentUnits(1, -1).apply(plan(), NONE)
    with pytest.raises(EditError, match="assignment 9 no longer exists"):
        SetAssignmentUnits(9, 1).apply(plan(), NONE)


# --- work -------------------------------------------------------------------------------


def test_work_on_a_fixed_units_task_moves_the_duration() -> None:
    after = SetAssignmentWork(1, 6 * DAY).apply(plan(), NONE)
    assert shape(after) == (6 * DAY, [(1, 1.0, 6 * DAY)])


def test_work_on_a_fixed_duration_task_moves_the_units() -> None:
    after = SetAssignmentWork(1, 2 * DAY).apply(plan(TaskType.FIXED_DURATION), NONE)
    assert shape(after) == (4 * DAY, [(1, 0.5, 2 * DAY)])


# --- duration ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("task_type", "expected"),
    [
        (TaskType.FIXED_UNITS, [(1, 1.0, 8 * DAY)]),  # work follows
        (TaskType.FIXED_DURATION, [(1, 1.0, 8 * DAY)]),  # work follows
        (TaskType.FIXED_WORK, [(1, 0.5, 4 * DAY)]),  # units follow
    ],
)
def test_a_duration_change_honours_the_task_type(
    task_type: TaskType, expected: list[tuple[int, float, int]]
) -> None:
    portfolio = plan(task_type)
    effects = duration_change_effects(portfolio, 1, 8 * DAY)
    assert list(effects) == [1]
    after = SetTaskDuration(1, 8 * DAY).apply(portfolio, NONE)
    assert shape(after) == (8 * DAY, expected)


def test_a_fixed_work_task_with_work_cannot_take_no_time() -> None:
    with pytest.raises(EditError, match="needs a duration"):
        duration_change_effects(plan(TaskType.FIXED_WORK), 1, 0)
    assert duration_change_effects(plan(), 1, 4 * DAY) == {}  # nothing changes


# --- adding and removing people ---------------------------------------------------------


def test_adding_a_person_to_an_effort_driven_task_halves_its_duration() -> None:
    after = AssignResource(1, 2).apply(plan(effort_driven=True), NONE)
    assert shape(after) == (2 * DAY, [(1, 1.0, 2 * DAY), (2, 1.0, 2 * DAY)])


def test_a_fixed_work_task_is_always_effort_driven_and_shares_by_units() -> None:
    after = AssignResource(1, 2, units=0.5).apply(plan(TaskType.FIXED_WORK), NONE)
    # 1920 shared 1 : 0.5 -> 1280 and 640; each lasts 1280 minutes.
    assert shape(after) == (1280, [(1, 1.0, 1280), (2, 0.5, 640)])


def test_an_effort_driven_fixed_duration_task_lowers_the_units_instead() -> None:
    after = AssignResource(1, 2).apply(plan(TaskType.FIXED_DURATION, effort_driven=True), NONE)
    assert shape(after) == (4 * DAY, [(1, 0.5, 2 * DAY), (2, 0.5, 2 * DAY)])


def test_without_effort_driving_the_new_person_adds_work() -> None:
    after = AssignResource(1, 2).apply(plan(), NONE)
    assert shape(after) == (4 * DAY, [(1, 1.0, 4 * DAY), (2, 1.0, 4 * DAY)])


def test_removing_a_person_gives_their_work_back_to_the_others() -> None:
    portfolio = AssignResource(1, 2).apply(plan(effort_driven=True), NONE)
    bob = next(a.id for a in portfolio.task_assignments(1) if a.resource_id == 2)
    after = UnassignResource(bob).apply(portfolio, NONE)
    assert shape(after) == (4 * DAY, [(1, 1.0, 4 * DAY)])
    # Not effort-driven: the assignment just goes.
    portfolio = AssignResource(1, 2).apply(plan(), NONE)
    bob = next(a.id for a in portfolio.task_assignments(1) if a.resource_id == 2)
    assert shape(UnassignResource(bob).apply(portfolio, NONE)) == (4 * DAY, [(1, 1.0, 4 * DAY)])


def test_material_is_a_quantity_without_work() -> None:
    after = AssignResource(1, 3, units=40).apply(plan(effort_driven=True), NONE)
    assert shape(after) == (4 * DAY, [(1, 1.0, 4 * DAY), (3, 40.0, 0)])
    cable = next(a.id for a in after.task_assignments(1) if a.resource_id == 3)
    assert shape(SetAssignmentUnits(cable, 10).apply(after, NONE))[1][1] == (3, 10.0, 0)
    with pytest.raises(EditError, match="only work resources have work"):
        SetAssignmentWork(cable, 60).apply(after, NONE)


def test_assigning_twice_or_to_a_summary_is_refused() -> None:
    with pytest.raises(EditError, match="Alice is already assigned to Build"):
        AssignResource(1, 1).apply(plan(), NONE)
    portfolio = plan()
    child = replace(portfolio.tasks[1], id=2, name="Part", parent_id=1)
    portfolio = replace(portfolio, tasks={**portfolio.tasks, 2: child})
    with pytest.raises(EditError, match="summary task"):
        AssignResource(1, 2).apply(portfolio, NONE)


def test_labour_and_material_costs_roll_up_through_app_budget() -> None:
    # Alice 32 h x 60 + Bob 32 h x 90 + 40 cables x 2.50 = 1920 + 2880 + 100.
    portfolio = AssignResource(1, 2).apply(plan(), NONE)
    portfolio = AssignResource(1, 3, units=40).apply(portfolio, NONE)
    assert task_costs(portfolio, 1)[1] == Decimal("4900")


def test_cost_per_use_is_charged_per_unit_for_people_and_once_for_material() -> None:
    # MS Project's rule, as its files hold it: 30 per use at 50% is 15, at 200% is 60.
    base = plan()
    resources = {
        **base.resources,
        1: replace(base.resources[1], cost_per_use=Decimal("30")),
        3: replace(base.resources[3], cost_per_use=Decimal("5")),
    }
    portfolio = replace(base, resources=resources)
    (alice,) = portfolio.task_assignments(1)
    work = Decimal(alice.work_minutes) / 60 * 60  # hours at 60 an hour
    for units, per_use in ((0.5, "15"), (1.0, "30"), (2.0, "60")):
        charged = assignment_cost(portfolio, replace(alice, units=units))
        assert charged == work + Decimal(per_use), units
    cables = AssignResource(1, 3, units=40).apply(portfolio, NONE)
    (wire,) = [a for a in cables.task_assignments(1) if a.resource_id == 3]
    assert assignment_cost(cables, wire) == Decimal("40") * Decimal("2.50") + Decimal("5")


def test_assignment_edits_are_undoable_committed_edits(tmp_path: Path) -> None:
    path = tmp_path / "plan.plansmith"
    Store.create(path, plan(effort_driven=True)).close()
    document = Document(Store.open(path))
    try:
        history = History(document)
        history.do(AssignResource(1, 2))
        assert document.schedule.tasks[1].finish == at(2, 17)  # 2 days with two people
        with Store.open(path, read_only=True) as reader:
            assert shape(reader.load()) == shape(document.portfolio)
        history.undo()
        assert document.schedule.tasks[1].finish == at(4, 17)
    finally:
        document.close()
