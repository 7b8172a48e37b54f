"""Copy and paste of task rows, as data (pure, no Qt): what is copied and what a paste adds.

Copying a summary copies its subtasks with it, and links between copied tasks come
along, as in MS Project. A paste is one Batch of AddTask and LinkTasks commands, so it
is one undo step and goes through the same checks as any typed edit.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from app.commands import AddTask, Batch, Command, LinkTasks
from app.model import (
    ConstraintKind,
    Duration,
    DurationUnit,
    LinkKind,
    Portfolio,
    Task,
    TaskType,
    TimeSettings,
)
from app.model.duration import format_duration

MIME_TYPE = "application/x-plansmith-tasks"

#: Task fields carried by a copy, with (to JSON, from JSON). Identity, outline place,
#: progress and calendar are left behind: a pasted task is a new, unstarted task.
_FIELDS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "notes": (str, str),
    "priority": (int, int),
    "deliverable": (bool, bool),
    "effort_driven": (bool, bool),
    "manual": (bool, bool),
    "fixed_cost": (str, Decimal),
    "task_type": (int, TaskType),
    "constraint": (int, ConstraintKind),
    "constraint_date": (datetime.isoformat, datetime.fromisoformat),
    "deadline": (datetime.isoformat, datetime.fromisoformat),
    "manual_start": (datetime.isoformat, datetime.fromisoformat),
    "manual_finish": (datetime.isoformat, datetime.fromisoformat),
}


@dataclass(frozen=True, slots=True)
class CopiedTask:
    """One copied row: ``parent`` is the index of its parent among the copied rows."""

    name: str
    duration_minutes: int
    duration_unit: DurationUnit
    milestone: bool
    parent: int | None
    fields: dict[str, Any]


@dataclass(frozen=True, slots=True)
class CopiedLink:
    """A link between two copied rows (indexes into the copied rows)."""

    predecessor: int
    successor: int
    kind: LinkKind
    lag_minutes: int
    lag_unit: DurationUnit
    lag_percent: int


@dataclass(frozen=True, slots=True)
class CopiedRows:
    """What Copy puts on the clipboard."""

    tasks: tuple[CopiedTask, ...]
    links: tuple[CopiedLink, ...] = ()


def copy_rows(portfolio: Portfolio, task_ids: Iterable[int]) -> CopiedRows:
    """The selected tasks with their subtasks, in outline order, and the links among them."""
    chosen = set(task_ids)
    order: list[int] = []
    for task_id in _outline_order(portfolio, chosen):
        if task_id not in order:
            order.append(task_id)
            order.extend(t for t in portfolio.descendants(task_id) if t not in order)
    position = {task_id: i for i, task_id in enumerate(order)}
    tasks = tuple(_copy_task(portfolio.tasks[t], position) for t in order)
    links = tuple(
        CopiedLink(
            position[link.predecessor_id],
            position[link.successor_id],
            link.kind,
            link.lag_minutes,
            link.lag_unit,
            link.lag_percent,
        )
        for task_id in order
        for link in portfolio.predecessors(task_id)
        if link.predecessor_id in position
    )
    return CopiedRows(tasks, links)


def _outline_order(portfolio: Portfolio, chosen: set[int]) -> list[int]:
    return sorted((t for t in chosen if t in portfolio.tasks), key=portfolio.row_number)


def _copy_task(task: Task, position: dict[int, int]) -> CopiedTask:
    parent = position.get(task.parent_id) if task.parent_id is not None else None
    fields = {
        name: getattr(task, name)
        for name in _FIELDS
        if getattr(task, name) not in (None, "") and getattr(task, name) != getattr(_BLANK, name)
    }
    return CopiedTask(
        task.name, task.duration_minutes, task.duration_unit, task.milestone, parent, fields
    )


_BLANK = Task(id=0, project_id=0, name="")


def paste_command(
    portfolio: Portfolio, project_id: int, after_id: int | None, rows: CopiedRows
) -> tuple[Command, list[int]]:
    """One Batch that adds the copied rows below ``after_id``, and the ids they will get.

    Ids are known in advance: each AddTask takes the portfolio's next id
    (``AddTask.new_task_id``), and the batch applies them one after the other.
    """
    first = portfolio.next_id("tasks")
    new_ids = [first + i for i in range(len(rows.tasks))]
    commands: list[Command] = []
    previous_root = after_id
    for i, task in enumerate(rows.tasks):
        parent_id = new_ids[task.parent] if task.parent is not None else None
        after = previous_root if task.parent is None else None
        commands.append(
            AddTask(
                project_id,
                task.name,
                after_id=after,
                parent_id=parent_id,
                duration_minutes=task.duration_minutes,
                duration_unit=task.duration_unit,
                milestone=task.milestone,
                fields=dict(task.fields),
            )
        )
        if task.parent is None:
            previous_root = new_ids[i]
    for link in rows.links:
        commands.append(
            LinkTasks(
                new_ids[link.predecessor],
                new_ids[link.successor],
                link.kind,
                link.lag_minutes,
                link.lag_unit,
                link.lag_percent,
            )
        )
    label = "Paste task" if len(new_ids) == 1 else f"Paste {len(new_ids)} tasks"
    return Batch(tuple(commands), name=label), new_ids


def to_json(rows: CopiedRows) -> str:
    """The clipboard form of copied rows."""
    return json.dumps(
        {
            "tasks": [
                {
                    "name": t.name,
                    "duration_minutes": t.duration_minutes,
                    "duration_unit": t.duration_unit.value,
                    "milestone": t.milestone,
                    "parent": t.parent,
                    "fields": {k: _FIELDS[k][0](v) for k, v in t.fields.items()},
                }
                for t in rows.tasks
            ],
            "links": [_link_to_json(lk) for lk in rows.links],
        }
    )


def _link_to_json(link: CopiedLink) -> list[Any]:
    kind, unit = link.kind.value, link.lag_unit.value
    return [link.predecessor, link.successor, kind, link.lag_minutes, unit, link.lag_percent]


def from_json(text: str) -> CopiedRows:
    """Copied rows back from the clipboard.

    Raises:
        ValueError: the text is not rows copied by Plansmith (or is damaged).
    """
    try:
        data = json.loads(text)
        tasks = tuple(_task_from_json(item, index) for index, item in enumerate(data["tasks"]))
        links = tuple(_link_from_json(item, len(tasks)) for item in data["links"])
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ValueError(f"the clipboard does not hold Plansmith tasks ({exc})") from exc
    return CopiedRows(tasks, links)


def _task_from_json(item: dict[str, Any], index: int) -> CopiedTask:
    parent = item["parent"]
    if parent is not None and not 0 <= int(parent) < index:
        raise ValueError(f"row {index} has a parent that is not above it")
    fields = {k: _FIELDS[k][1](v) for k, v in item["fields"].items() if k in _FIELDS}
    return CopiedTask(
        str(item["name"]),
        int(item["duration_minutes"]),
        DurationUnit(item["duration_unit"]),
        bool(item["milestone"]),
        None if parent is None else int(parent),
        fields,
    )


def _link_from_json(item: list[Any], count: int) -> CopiedLink:
    pred, succ, kind, lag, unit, percent = item
    if not (0 <= int(pred) < count and 0 <= int(succ) < count):
        raise ValueError("a link points outside the copied rows")
    return CopiedLink(int(pred), int(succ), LinkKind(kind), int(lag), DurationUnit(unit), percent)


def to_text(rows: CopiedRows, settings: TimeSettings) -> str:
    """Tab-separated name and duration per row, for pasting into a spreadsheet."""
    lines = []
    for task in rows.tasks:
        duration = Duration(task.duration_minutes, task.duration_unit)
        lines.append(f"{task.name}\t{format_duration(duration, settings)}")
    return "\n".join(lines)
