"""The portfolio: every project, calendar, task, link, resource and ledger entry of a file.

It is immutable by convention: edits build a new Portfolio with ``dataclasses.replace``
and new dicts, sharing every unchanged object, so a snapshot for undo is a reference.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property

from app.model.baseline import Baseline
from app.model.budget import BudgetLine, CostAccount, LedgerEntry, Supplier
from app.model.calendar import Calendar
from app.model.link import Link
from app.model.project import Project
from app.model.resource import Assignment, Resource
from app.model.revision import Table
from app.model.task import Task

BaselineKey = tuple[int, int]  # (task_id, number)

#: The entity collections, in an order where every reference points to an earlier one.
COLLECTIONS = (
    "calendars",
    "projects",
    "suppliers",
    "resources",
    "tasks",
    "links",
    "assignments",
    "baselines",
    "accounts",
    "budget_lines",
    "ledger",
)


@dataclass(frozen=True)
class Portfolio:
    """Everything in one ``.plansmith`` file, keyed by id."""

    projects: Mapping[int, Project] = field(default_factory=dict)
    calendars: Mapping[int, Calendar] = field(default_factory=dict)
    tasks: Mapping[int, Task] = field(default_factory=dict)
    links: Mapping[int, Link] = field(default_factory=dict)
    resources: Mapping[int, Resource] = field(default_factory=dict)
    assignments: Mapping[int, Assignment] = field(default_factory=dict)
    baselines: Mapping[BaselineKey, Baseline] = field(default_factory=dict)
    accounts: Mapping[int, CostAccount] = field(default_factory=dict)
    budget_lines: Mapping[int, BudgetLine] = field(default_factory=dict)
    suppliers: Mapping[int, Supplier] = field(default_factory=dict)
    ledger: Mapping[int, LedgerEntry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Collections are Tables, so that an edit's Revisions can name what they changed
        # relative to them (see app.model.revision); other mappings are kept as given.
        for name in COLLECTIONS:
            value = getattr(self, name)
            if type(value) is dict:
                object.__setattr__(self, name, Table(value))

    # --- ids -------------------------------------------------------------------------

    def next_id(self, collection: str) -> int:
        """A fresh id for ``collection``: one more than the largest in use."""
        keys = getattr(self, collection)
        return max(keys, default=0) + 1

    # --- the WBS tree ----------------------------------------------------------------

    @cached_property
    def _children(self) -> dict[tuple[int, int | None], list[int]]:
        """(project_id, parent_id) -> child task ids in position order."""
        index: dict[tuple[int, int | None], list[Task]] = {}
        for task in self.tasks.values():
            index.setdefault((task.project_id, task.parent_id), []).append(task)
        return {
            key: [t.id for t in sorted(group, key=lambda t: (t.position, t.id))]
            for key, group in index.items()
        }

    def children(self, project_id: int, parent_id: int | None) -> list[int]:
        """Ids of the direct children of ``parent_id`` (None: the project's top level)."""
        return self._children.get((project_id, parent_id), [])

    def is_summary(self, task_id: int) -> bool:
        """A task with children is a summary task; the engine rolls it up."""
        task = self.tasks[task_id]
        return bool(self._children.get((task.project_id, task_id)))

    def walk(self, project_id: int, parent_id: int | None = None) -> Iterator[Task]:
        """Tasks of a project in outline order (depth first), without recursion."""
        stack = list(reversed(self.children(project_id, parent_id)))
        while stack:
            task_id = stack.pop()
            yield self.tasks[task_id]
            stack.extend(reversed(self._children.get((project_id, task_id), [])))

    def outline_level(self, task_id: int) -> int:
        """1 for top-level tasks, 2 for their children, and so on."""
        level = 0
        current: int | None = task_id
        while current is not None:
            level += 1
            current = self.tasks[current].parent_id
        return level

    @cached_property
    def _outline(self) -> dict[int, tuple[dict[int, str], dict[int, int]]]:
        """Per project, computed when first asked: (outline numbers, row numbers).

        Kept per project: the window shows one project of a file that may hold many,
        and numbering the whole file (50,000 tasks) to show one would waste most of it.
        """
        return {}

    def _numbers(self, project_id: int) -> tuple[dict[int, str], dict[int, int]]:
        found = self._outline.get(project_id)
        if found is not None:
            return found
        codes: dict[int, str] = {}
        rows: dict[int, int] = {}
        children = self._children
        stack = _numbered(children.get((project_id, None), ()), "")
        while stack:  # depth first, in order: each task comes off in outline order
            task_id, code = stack.pop()
            codes[task_id] = code
            rows[task_id] = len(rows) + 1
            stack += _numbered(children.get((project_id, task_id), ()), code + ".")
        found = self._outline[project_id] = (codes, rows)
        return found

    def outline_number(self, task_id: int) -> str:
        """The task's outline number, e.g. ``2.3.1``."""
        task = self.tasks.get(task_id)
        return "" if task is None else self._numbers(task.project_id)[0].get(task_id, "")

    def row_number(self, task_id: int) -> int:
        """The task's ID as MS Project shows it: its row in outline order, from 1."""
        task = self.tasks.get(task_id)
        return 0 if task is None else self._numbers(task.project_id)[1].get(task_id, 0)

    def task_at_row(self, project_id: int, row: int) -> Task | None:
        """The task shown as ID ``row`` in a project."""
        for task_id, number in self._numbers(project_id)[1].items():
            if number == row:
                return self.tasks[task_id]
        return None

    def descendants(self, task_id: int) -> list[int]:
        """Every task below ``task_id`` in the outline."""
        task = self.tasks[task_id]
        return [t.id for t in self.walk(task.project_id, task_id)]

    def wbs(self, task_id: int) -> str:
        """The WBS code: the one the user or file gave, else the outline number."""
        task = self.tasks[task_id]
        return task.wbs or self.outline_number(task_id)

    # --- per-project views -----------------------------------------------------------

    @cached_property
    def _by_project(self) -> dict[int, list[int]]:
        index: dict[int, list[int]] = {p: [] for p in self.projects}
        for task in self.tasks.values():
            index.setdefault(task.project_id, []).append(task.id)
        return index

    def project_task_ids(self, project_id: int) -> list[int]:
        """Every task id of a project (in no particular order)."""
        return self._by_project.get(project_id, [])

    @cached_property
    def _links_by_successor(self) -> dict[int, list[Link]]:
        index: dict[int, list[Link]] = {}
        for link in self.links.values():
            index.setdefault(link.successor_id, []).append(link)
        return index

    @cached_property
    def _links_by_predecessor(self) -> dict[int, list[Link]]:
        index: dict[int, list[Link]] = {}
        for link in self.links.values():
            index.setdefault(link.predecessor_id, []).append(link)
        return index

    def predecessors(self, task_id: int) -> list[Link]:
        """Links into a task."""
        return self._links_by_successor.get(task_id, [])

    def successors(self, task_id: int) -> list[Link]:
        """Links out of a task."""
        return self._links_by_predecessor.get(task_id, [])

    @cached_property
    def _assignments_by_task(self) -> dict[int, list[Assignment]]:
        index: dict[int, list[Assignment]] = {}
        for assignment in self.assignments.values():
            index.setdefault(assignment.task_id, []).append(assignment)
        return index

    def task_assignments(self, task_id: int) -> list[Assignment]:
        """Assignments on a task."""
        return self._assignments_by_task.get(task_id, [])

    def project_by_ref(self, ref: str) -> Project:
        """Find a project by id or by name (case-insensitive).

        Raises:
            KeyError: naming the reference and the projects there are.
        """
        if ref.strip().isdigit() and int(ref) in self.projects:
            return self.projects[int(ref)]
        matches = [p for p in self.projects.values() if p.name.casefold() == ref.casefold()]
        if len(matches) == 1:
            return matches[0]
        known = ", ".join(f"{p.id}={p.name!r}" for p in self.projects.values()) or "none"
        if matches:
            raise KeyError(f"several projects are named {ref!r}; use the id ({known})")
        raise KeyError(f"no project {ref!r} in this file (projects: {known})")

    def task_by_uid(self, project_id: int, uid: int) -> Task | None:
        """The task a source file knew as ``uid`` in this project."""
        for task_id in self.project_task_ids(project_id):
            task = self.tasks[task_id]
            if task.uid == uid:
                return task
        return None


def _numbered(ids: Sequence[int], prefix: str) -> list[tuple[int, str]]:
    """(id, outline number) of siblings, last first: a stack then pops them in order."""
    return [(task_id, f"{prefix}{n}") for n, task_id in reversed(list(enumerate(ids, 1)))]


#: Indexes that depend only on the outline: which tasks, in which project, parent, position.
_OUTLINE_INDEXES = ("_children", "_outline", "_by_project")


def carry_indexes(old: Portfolio, new: Portfolio, same_outline: bool) -> None:
    """Give ``new`` the indexes ``old`` has already built, where their inputs are the same.

    Every edit makes a new snapshot whose cached indexes start empty; rebuilding the
    file-wide ones (children, row numbers, links by task...) after each drag costs more
    than the edit. ``same_outline`` says the set of tasks and each task's project, parent
    and position are unchanged (the caller has compared them, see ``describe_change``).
    """
    if old is new:
        return
    built, fresh = old.__dict__, new.__dict__
    names: list[str] = []
    if same_outline and old.projects.keys() == new.projects.keys():
        names += _OUTLINE_INDEXES
    if old.links is new.links:
        names += ("_links_by_successor", "_links_by_predecessor")
    if old.assignments is new.assignments:
        names.append("_assignments_by_task")
    for name in names:
        if name in built and name not in fresh:
            fresh[name] = built[name]  # cached_property's own storage


def collection_names() -> tuple[str, ...]:
    """Names of the Portfolio's entity collections (its dataclass fields)."""
    return tuple(f.name for f in fields(Portfolio))
