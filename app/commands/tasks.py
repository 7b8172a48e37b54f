"""Commands on tasks: add, delete, edit fields, indent, outdent, move up and down."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from app.commands.base import EditError, check_fields, updated, with_items, without
from app.model.duration import DurationUnit
from app.model.portfolio import Portfolio
from app.model.task import ConstraintKind, Task
from app.schedule.result import Schedule

#: Fields a user may set through EditTask, with the check each must pass.
EDITABLE_FIELDS = {
    "name",
    "duration_minutes",
    "duration_unit",
    "milestone",
    "manual",
    "manual_start",
    "manual_finish",
    "constraint",
    "constraint_date",
    "deadline",
    "percent_complete",
    "actual_start",
    "actual_finish",
    "remaining_minutes",
    "priority",
    "notes",
    "deliverable",
    "calendar_id",
    "task_type",
    "effort_driven",
    "fixed_cost",
    "wbs",
    "splits",
    "leveling_delay_minutes",
    "ignore_resource_calendar",
    "uid",
}


def _renumber(portfolio: Portfolio, tasks: dict[int, Task], ids: Iterable[int]) -> None:
    """Give siblings consecutive positions in the order given (in place on ``tasks``)."""
    for position, task_id in enumerate(ids):
        if tasks[task_id].position != position:
            tasks[task_id] = replace(tasks[task_id], position=position)
    del portfolio


def _siblings(portfolio: Portfolio, task: Task) -> list[int]:
    return list(portfolio.children(task.project_id, task.parent_id))


def check_task(task: Task) -> None:
    """Raise EditError when a task's own fields contradict each other."""
    if not task.name.strip():
        raise EditError("a task needs a name")
    if task.duration_minutes < 0:
        raise EditError(f"{task.name}: a duration cannot be negative")
    if not 0 <= task.percent_complete <= 100:
        raise EditError(f"{task.name}: % complete must be between 0 and 100")
    if task.constraint.needs_date and task.constraint_date is None:
        raise EditError(f"{task.name}: a {task.constraint.short} constraint needs a date")
    if not 0 <= task.priority <= 1000:
        raise EditError(f"{task.name}: priority must be between 0 and 1000")
    if task.actual_start and task.actual_finish and task.actual_finish < task.actual_start:
        raise EditError(f"{task.name}: the actual finish is before the actual start")
    if task.manual_start and task.manual_finish and task.manual_finish < task.manual_start:
        raise EditError(f"{task.name}: the finish is before the start")


@dataclass(frozen=True)
class AddTask:
    """Insert a new task after ``after_id`` (as its sibling), or at the end of the project."""

    project_id: int
    name: str = "New task"
    after_id: int | None = None
    parent_id: int | None = None
    #: Insert above this task instead (MS Project's Insert key); wins over ``after_id``.
    before_id: int | None = None
    duration_minutes: int = 480
    duration_unit: DurationUnit = DurationUnit.DAYS
    milestone: bool = False
    fields: Mapping[str, Any] = field(default_factory=dict)
    label: str = "Add task"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Place the task and renumber its siblings."""
        if self.project_id not in portfolio.projects:
            raise EditError(f"no project {self.project_id}")
        parent_id = self.parent_id
        anchor = self.before_id if self.before_id is not None else self.after_id
        if anchor is not None:
            parent_id = portfolio.tasks[anchor].parent_id
        siblings = list(portfolio.children(self.project_id, parent_id))
        if self.before_id in siblings:
            index = siblings.index(self.before_id)
        elif self.after_id in siblings:
            index = siblings.index(self.after_id) + 1
        else:
            index = len(siblings)
        uids = (portfolio.tasks[t].uid for t in portfolio.project_task_ids(self.project_id))
        task = Task(
            id=portfolio.next_id("tasks"),
            project_id=self.project_id,
            uid=max((u for u in uids if u is not None), default=0) + 1,
            name=self.name,
            parent_id=parent_id,
            duration_minutes=0 if self.milestone else self.duration_minutes,
            duration_unit=self.duration_unit,
            milestone=self.milestone,
        )
        task = replace(task, **_checked_fields(self.fields))
        check_task(task)
        tasks = dict(portfolio.tasks)
        tasks[task.id] = task
        siblings.insert(index, task.id)
        _renumber(portfolio, tasks, siblings)
        return updated(portfolio, tasks=tasks)

    def new_task_id(self, portfolio: Portfolio) -> int:
        """The id ``apply`` will give the task (for selecting it afterwards)."""
        return portfolio.next_id("tasks")


def _checked_fields(changes: Mapping[str, Any]) -> dict[str, Any]:
    check_fields(changes, EDITABLE_FIELDS, "task")
    return dict(changes)


@dataclass(frozen=True)
class EditTask:
    """Change some fields of one or more tasks (one undo step)."""

    task_ids: tuple[int, ...]
    changes: Mapping[str, Any]
    label: str = "Edit task"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Replace the fields, after checking each task still makes sense."""
        changes = _checked_fields(self.changes)
        new: dict[int, Task] = {}
        for task_id in self.task_ids:
            if task_id not in portfolio.tasks:
                raise EditError(f"task {task_id} no longer exists")
            task = replace(portfolio.tasks[task_id], **changes)
            if task.milestone and "duration_minutes" not in changes and "milestone" in changes:
                task = replace(task, duration_minutes=0)
            check_task(task)
            new[task_id] = task
        return updated(portfolio, tasks=with_items(portfolio.tasks, new))


def move_task_to(task: Task, start: datetime) -> dict[str, Any]:
    """Fields for dragging a task to ``start``: a Start No Earlier Than constraint.

    This is what MS Project does when a bar is dragged or a start date typed.
    """
    if task.manual:
        return {"manual_start": start}
    return {"constraint": ConstraintKind.START_NO_EARLIER_THAN, "constraint_date": start}


@dataclass(frozen=True)
class DeleteTasks:
    """Delete tasks with their subtasks, links, assignments and baselines.

    Budget lines and ledger entries that named a deleted task are kept, detached from
    it: money that was spent does not vanish with a row of the plan.
    """

    task_ids: tuple[int, ...]
    label: str = "Delete tasks"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Remove the tasks and everything that only made sense with them."""
        doomed: set[int] = set()
        for task_id in self.task_ids:
            if task_id in portfolio.tasks:
                doomed.add(task_id)
                doomed.update(portfolio.descendants(task_id))
        if not doomed:
            return portfolio
        tasks = without(portfolio.tasks, doomed)
        touched_parents = {
            (portfolio.tasks[t].project_id, portfolio.tasks[t].parent_id) for t in doomed
        }
        for project_id, parent_id in touched_parents:
            if parent_id is None or parent_id not in doomed:
                remaining = [t for t in portfolio.children(project_id, parent_id) if t in tasks]
                _renumber(portfolio, tasks, remaining)
        return updated(
            portfolio,
            tasks=tasks,
            links={
                k: v
                for k, v in portfolio.links.items()
                if v.predecessor_id not in doomed and v.successor_id not in doomed
            },
            assignments={k: v for k, v in portfolio.assignments.items() if v.task_id not in doomed},
            baselines={k: v for k, v in portfolio.baselines.items() if k[0] not in doomed},
            budget_lines=_detach(portfolio.budget_lines, doomed),
            ledger=_detach(portfolio.ledger, doomed),
        )


def _detach(mapping: Mapping[int, Any], doomed: set[int]) -> Mapping[int, Any]:
    changed = {k: replace(v, task_id=None) for k, v in mapping.items() if v.task_id in doomed}
    return with_items(mapping, changed) if changed else mapping


@dataclass(frozen=True)
class IndentTasks:
    """Make each task a subtask of the task above it (Alt+Shift+Right)."""

    task_ids: tuple[int, ...]
    label: str = "Indent"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Move each task under its previous sibling, as that sibling's last child."""
        tasks = dict(portfolio.tasks)
        for task_id in sorted(self.task_ids, key=portfolio.row_number):
            current = Portfolio(projects=portfolio.projects, tasks=tasks)
            task = tasks[task_id]
            siblings = _siblings(current, task)
            index = siblings.index(task_id)
            if index == 0:
                if len(self.task_ids) == 1:
                    raise EditError(f"{task.name} has no task above it at its level to go under")
                continue
            new_parent = siblings[index - 1]
            children = [*current.children(task.project_id, new_parent), task_id]
            tasks[task_id] = replace(task, parent_id=new_parent)
            _renumber(current, tasks, children)
            _renumber(current, tasks, [s for s in siblings if s != task_id])
        return updated(portfolio, tasks=tasks)


@dataclass(frozen=True)
class OutdentTasks:
    """Move each task up one outline level (Alt+Shift+Left), as MS Project does.

    The task goes right after its former parent, and the siblings that were below it
    become its subtasks, so the rows keep their order on screen.
    """

    task_ids: tuple[int, ...]
    label: str = "Outdent"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Lift each task to its grandparent's level."""
        tasks = dict(portfolio.tasks)
        for task_id in sorted(self.task_ids, key=portfolio.row_number):
            current = Portfolio(projects=portfolio.projects, tasks=tasks)
            task = tasks[task_id]
            if task.parent_id is None:
                if len(self.task_ids) == 1:
                    raise EditError(f"{task.name} is already at the top level")
                continue
            parent = tasks[task.parent_id]
            siblings = _siblings(current, task)
            later = siblings[siblings.index(task_id) + 1 :]
            own = [c for c in current.children(task.project_id, task_id)]
            for child in later:
                tasks[child] = replace(tasks[child], parent_id=task_id)
            tasks[task_id] = replace(task, parent_id=parent.parent_id)
            _renumber(current, tasks, own + later)
            _renumber(current, tasks, siblings[: siblings.index(task_id)])
            upper = current.children(task.project_id, parent.parent_id)
            at = upper.index(parent.id) + 1
            _renumber(current, tasks, [*upper[:at], task_id, *upper[at:]])
        return updated(portfolio, tasks=tasks)


@dataclass(frozen=True)
class MoveTasks:
    """Move tasks up (-1) or down (+1) among their siblings, subtasks coming along."""

    task_ids: tuple[int, ...]
    step: int
    label: str = "Move"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Swap each task with its neighbour in the move's direction."""
        tasks = dict(portfolio.tasks)
        order = sorted(self.task_ids, key=portfolio.row_number, reverse=self.step > 0)
        for task_id in order:
            current = Portfolio(projects=portfolio.projects, tasks=tasks)
            siblings = _siblings(current, tasks[task_id])
            index = siblings.index(task_id)
            target = index + self.step
            if not 0 <= target < len(siblings):
                raise EditError(f"{tasks[task_id].name} cannot move further")
            siblings[index], siblings[target] = siblings[target], siblings[index]
            _renumber(current, tasks, siblings)
        return updated(portfolio, tasks=tasks)
