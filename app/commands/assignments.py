"""Assignment commands that keep Work = Duration x Units the way MS Project's task types do.

Which of the three moves when one is edited depends on the task type:

==============  ===============  =================  ===============
task type       units edited     duration edited    work edited
==============  ===============  =================  ===============
fixed units     duration moves   work moves         duration moves
fixed work      duration moves   units move         duration moves
fixed duration  work moves       work moves         units move
==============  ===============  =================  ===============

A task's duration is its longest assignment's (work / units). Effort-driven tasks (and
fixed-work tasks, which always are) keep their total work when resources are added or
removed: the work is shared out again in proportion to units, and the duration (or, for
fixed duration, the units) follows. Material and cost assignments carry no work and never
take part in the arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from app.commands.base import EditError, updated, with_items, without
from app.model.portfolio import Portfolio
from app.model.resource import Assignment, ResourceType
from app.model.task import Task, TaskType
from app.schedule.result import Schedule


def _is_work(portfolio: Portfolio, assignment: Assignment) -> bool:
    resource = portfolio.resources.get(assignment.resource_id)
    return resource is not None and resource.type is ResourceType.WORK


def work_assignments(portfolio: Portfolio, task_id: int) -> list[Assignment]:
    """The task's assignments of work resources (the ones Work = Duration x Units binds)."""
    return [a for a in portfolio.task_assignments(task_id) if _is_work(portfolio, a)]


def effort_driven(task: Task) -> bool:
    """Fixed-work tasks are always effort-driven, as in MS Project."""
    return task.effort_driven or task.task_type is TaskType.FIXED_WORK


def duration_of(assignments: list[Assignment], fallback: int) -> int:
    """The longest assignment's duration (work / units); ``fallback`` when none has both."""
    spans = [round(a.work_minutes / a.units) for a in assignments if a.units > 0]
    spans = [s for s in spans if s > 0]
    return max(spans) if spans else fallback


def duration_change_effects(
    portfolio: Portfolio, task_id: int, new_minutes: int
) -> dict[int, Assignment]:
    """Assignment updates a new task duration implies under its task type.

    Fixed units and fixed duration: work = new duration x units. Fixed work: units =
    work / new duration. Only assignments that change are returned, by id.

    Raises:
        EditError: an unknown task, a negative duration, or a fixed-work task with work
            that is asked to take no time.
    """
    task = portfolio.tasks.get(task_id)
    if task is None:
        raise EditError(f"task {task_id} no longer exists")
    if new_minutes < 0:
        raise EditError(f"{task.name}: a duration cannot be negative")
    changes: dict[int, Assignment] = {}
    for assignment in work_assignments(portfolio, task_id):
        if task.task_type is TaskType.FIXED_WORK:
            if assignment.work_minutes == 0:
                continue
            if new_minutes == 0:
                raise EditError(f"{task.name}: a fixed-work task with work needs a duration")
            new = replace(assignment, units=assignment.work_minutes / new_minutes)
        else:
            new = replace(assignment, work_minutes=round(new_minutes * assignment.units))
        if new != assignment:
            changes[assignment.id] = new
    return changes


def _assignment(portfolio: Portfolio, assignment_id: int) -> Assignment:
    found = portfolio.assignments.get(assignment_id)
    if found is None:
        raise EditError(f"assignment {assignment_id} no longer exists")
    return found


def _with(
    portfolio: Portfolio, assignments: Mapping[int, Assignment], task: Task | None = None
) -> Portfolio:
    """The portfolio with assignment updates and, when given, the task replaced.

    Without updates the assignments stay the same object, so views see that no resource
    changed (a plain duration edit on a task without resources).
    """
    current = portfolio.assignments
    changed = {k: v for k, v in assignments.items() if current.get(k) is not v}
    fields: dict[str, object] = {}
    if changed:
        fields["assignments"] = with_items(current, changed)
    if task is not None and task is not portfolio.tasks[task.id]:
        fields["tasks"] = with_items(portfolio.tasks, {task.id: task})
    return updated(portfolio, **fields)


def _retimed(portfolio: Portfolio, task: Task, assignments: Mapping[int, Assignment]) -> Task:
    """The task with its duration following its assignments (fixed units, fixed work)."""
    current = {a.id: a for a in work_assignments(portfolio, task.id)}
    current.update({k: v for k, v in assignments.items() if k in current})
    minutes = duration_of(list(current.values()), task.duration_minutes)
    return task if minutes == task.duration_minutes else replace(task, duration_minutes=minutes)


@dataclass(frozen=True)
class SetTaskDuration:
    """Change a task's duration and, by its task type, its assignments' work or units."""

    task_id: int
    minutes: int
    label: str = "Change duration"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Set the duration and the work (or units) it implies."""
        effects = duration_change_effects(portfolio, self.task_id, self.minutes)
        task = replace(portfolio.tasks[self.task_id], duration_minutes=self.minutes)
        return _with(portfolio, effects, task)


@dataclass(frozen=True)
class SetAssignmentUnits:
    """Change an assignment's units (for material: its quantity).

    Fixed duration: work = duration x units. Fixed units and fixed work: the work stays
    and the duration becomes the longest assignment's work / units. An assignment with no
    work yet gets duration x units, as when it was first made.
    """

    assignment_id: int
    units: float
    label: str = "Change units"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Set the units and whatever the task type makes follow."""
        assignment = _assignment(portfolio, self.assignment_id)
        if self.units < 0:
            raise EditError("units cannot be negative")
        new = replace(assignment, units=self.units)
        if not _is_work(portfolio, assignment):
            return _with(portfolio, {new.id: new})
        task = portfolio.tasks[assignment.task_id]
        if self.units == 0:
            raise EditError(f"{task.name}: a work resource needs units above 0 %")
        if task.task_type is TaskType.FIXED_DURATION or assignment.work_minutes == 0:
            new = replace(new, work_minutes=round(task.duration_minutes * self.units))
            return _with(portfolio, {new.id: new})
        return _with(portfolio, {new.id: new}, _retimed(portfolio, task, {new.id: new}))


@dataclass(frozen=True)
class SetAssignmentWork:
    """Change an assignment's work.

    Fixed duration: units = work / duration. Fixed units and fixed work: the duration
    becomes the longest assignment's work / units.
    """

    assignment_id: int
    work_minutes: int
    label: str = "Change work"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Set the work and whatever the task type makes follow."""
        assignment = _assignment(portfolio, self.assignment_id)
        if self.work_minutes < 0:
            raise EditError("work cannot be negative")
        if not _is_work(portfolio, assignment):
            raise EditError("only work resources have work; change a material's units instead")
        task = portfolio.tasks[assignment.task_id]
        new = replace(assignment, work_minutes=self.work_minutes)
        if task.task_type is TaskType.FIXED_DURATION:
            if task.duration_minutes <= 0:
                raise EditError(f"{task.name}: give the task a duration before its work")
            new = replace(new, units=self.work_minutes / task.duration_minutes)
            return _with(portfolio, {new.id: new})
        return _with(portfolio, {new.id: new}, _retimed(portfolio, task, {new.id: new}))


def _share_work(
    task: Task, assignments: list[Assignment], total: int
) -> tuple[dict[int, Assignment], Task]:
    """Share ``total`` work over ``assignments`` by units; duration or units follow.

    Rounding leftovers go to the last assignment so the total stays exact.
    """
    units = sum(a.units for a in assignments)
    result: dict[int, Assignment] = {}
    given = 0
    for index, assignment in enumerate(assignments):
        if index == len(assignments) - 1:
            work = total - given
        else:
            work = round(total * assignment.units / units)
        given += work
        result[assignment.id] = replace(assignment, work_minutes=work)
    if task.task_type is TaskType.FIXED_DURATION:
        if task.duration_minutes > 0:
            result = {
                k: replace(a, units=a.work_minutes / task.duration_minutes)
                for k, a in result.items()
            }
        return result, task
    minutes = duration_of(list(result.values()), task.duration_minutes)
    return result, replace(task, duration_minutes=minutes)


def _check_assignable(portfolio: Portfolio, task_id: int, resource_id: int) -> Task:
    task = portfolio.tasks.get(task_id)
    if task is None:
        raise EditError(f"task {task_id} no longer exists")
    resource = portfolio.resources.get(resource_id)
    if resource is None:
        raise EditError(f"resource {resource_id} no longer exists")
    if portfolio.is_summary(task_id):
        raise EditError(f"{task.name} is a summary task: assign {resource.name} to its subtasks")
    if any(a.resource_id == resource_id for a in portfolio.task_assignments(task_id)):
        raise EditError(f"{resource.name} is already assigned to {task.name}")
    return task


@dataclass(frozen=True)
class AssignResource:
    """Assign a resource to a task at ``units`` (material: a quantity).

    On an effort-driven task that already has work, the total work stays and is shared
    out again in proportion to units: with two people at 100 % a 4-day task becomes 2
    days (fixed units, fixed work) or each works half time (fixed duration). Otherwise the
    new assignment gets duration x units of work and nothing else changes.
    """

    task_id: int
    resource_id: int
    units: float = 1.0
    label: str = "Assign resource"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Add the assignment and redistribute work where the task type says so."""
        task = _check_assignable(portfolio, self.task_id, self.resource_id)
        resource = portfolio.resources[self.resource_id]
        if self.units < 0 or (resource.type is ResourceType.WORK and self.units == 0):
            raise EditError(f"{resource.name}: give units above 0")
        new = Assignment(portfolio.next_id("assignments"), task.id, resource.id, units=self.units)
        if resource.type is not ResourceType.WORK:
            return _with(portfolio, {new.id: new})
        others = work_assignments(portfolio, task.id)
        total = sum(a.work_minutes for a in others)
        if effort_driven(task) and others and total > 0:
            shared, task = _share_work(task, [*others, new], total)
            return _with(portfolio, shared, task)
        new = replace(new, work_minutes=round(task.duration_minutes * self.units))
        return _with(portfolio, {new.id: new})


@dataclass(frozen=True)
class UnassignResource:
    """Remove an assignment; on an effort-driven task the others take over its work."""

    assignment_id: int
    label: str = "Remove assignment"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Drop the assignment and share its work out where the task type says so."""
        assignment = _assignment(portfolio, self.assignment_id)
        task = portfolio.tasks[assignment.task_id]
        rest = [a for a in work_assignments(portfolio, task.id) if a.id != assignment.id]
        remaining = updated(portfolio, assignments=without(portfolio.assignments, {assignment.id}))
        if not (_is_work(portfolio, assignment) and effort_driven(task) and rest):
            return remaining
        total = assignment.work_minutes + sum(a.work_minutes for a in rest)
        shared, task = _share_work(task, rest, total)
        return _with(remaining, shared, task)
