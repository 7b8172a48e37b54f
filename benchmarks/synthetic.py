"""Synthetic portfolios of any size, shaped like real large plans, for benchmarks.

Speed claims ("50k tasks schedule in under 2 s") are only worth something on plans that
look like the ones users import: a WBS of phases, work packages and tasks three to four
levels deep, about 1.5 links per task of all four kinds with leads and lags, a few date
constraints, two calendars with holidays, and a resource pool with assignments. The
generator is seeded, so a given (size, seed) always gives the same portfolio and runs
can be compared over time.

Links only ever go from an earlier row to a later one (never between a summary and its
own subtasks), so the plans never contain a loop, whatever the seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from app.gcpause import paused_gc
from app.model.calendar import (
    NON_WORKING,
    STANDARD_WEEK,
    Calendar,
    CalendarException,
)
from app.model.duration import DurationUnit
from app.model.link import Link, LinkKind
from app.model.portfolio import Portfolio
from app.model.project import Project
from app.model.resource import Assignment, Resource, ResourceType
from app.model.task import ConstraintKind, Task
from app.schedule import schedule
from app.store import Store

#: Tasks per project: a big programme is split into projects of at most this many rows.
PROJECT_SIZE = 10_000
START = datetime(2026, 1, 5, 8, 0)
#: About this share of the rows are leaf tasks (the rest phases and work packages).
LEAF_SHARE = 0.85
DAY = 480

STANDARD_CALENDAR = 1
FOUR_TENS_CALENDAR = 2
ROUND_THE_CLOCK_CALENDAR = 3

#: Links by kind, weighted as in real plans (mostly finish-to-start).
LINK_KINDS = (LinkKind.FS,) * 14 + (LinkKind.SS,) * 3 + (LinkKind.FF,) * 2 + (LinkKind.SF,)
#: Leaf durations in days, weighted towards short tasks.
DURATIONS = (1, 1, 2, 2, 3, 3, 4, 5, 5, 8, 10, 15, 20)
#: How far back (in leaf tasks) a cross-package predecessor may be. Wide on purpose: a
#: narrow window chains the whole plan into one path decades long, unlike real plans.
LINK_WINDOW = 4000
LINKS_PER_TASK = 1.5
#: One leaf task in this many has a must-start-on constraint.
MUST_START_EVERY = 400


def span_days(size: int) -> int:
    """Calendar days a project of ``size`` rows roughly spans (measured), to date constraints."""
    return round(535 * (size / 1000) ** 0.35)


def _holidays(first_year: int, years: int) -> tuple[CalendarException, ...]:
    """Fixed-date public holidays for every year a long synthetic plan may span."""
    days = ((1, 1, "New Year"), (5, 1, "Labour Day"), (10, 3, "Unity Day"))
    result = [
        CalendarException(date(y, m, d), date(y, m, d), NON_WORKING, name)
        for y in range(first_year, first_year + years)
        for m, d, name in days
    ]
    result += [
        CalendarException(date(y, 12, 24), date(y, 12, 26), NON_WORKING, "Christmas")
        for y in range(first_year, first_year + years)
    ]
    return tuple(sorted(result, key=lambda e: e.start))


def calendars() -> dict[int, Calendar]:
    """Standard 8h days with holidays, a 4x10 week (Mon-Thu) and a 24/7 calendar."""
    ten = ((7 * 60, 12 * 60), (12 * 60 + 30, 17 * 60 + 30))
    four_tens = (ten,) * 4 + (NON_WORKING,) * 3
    holidays = _holidays(START.year, 30)
    return {
        STANDARD_CALENDAR: Calendar(STANDARD_CALENDAR, "Standard", STANDARD_WEEK, holidays),
        FOUR_TENS_CALENDAR: Calendar(FOUR_TENS_CALENDAR, "4x10", four_tens, holidays),
        ROUND_THE_CLOCK_CALENDAR: Calendar(
            ROUND_THE_CLOCK_CALENDAR, "24 hours", (((0, 1440),),) * 7
        ),
    }


@dataclass
class _Generator:
    """Accumulates one portfolio; ``leaves`` keeps leaf tasks in row order for links."""

    n_tasks: int
    rng: random.Random
    tasks: dict[int, Task] = field(default_factory=dict)
    links: dict[int, Link] = field(default_factory=dict)
    assignments: dict[int, Assignment] = field(default_factory=dict)
    resources: dict[int, Resource] = field(default_factory=dict)
    projects: dict[int, Project] = field(default_factory=dict)
    #: task id -> its ancestors (summary ids), to refuse summary-to-own-subtask links.
    ancestors: dict[int, tuple[int, ...]] = field(default_factory=dict)
    leaves: list[int] = field(default_factory=list)
    summaries: list[int] = field(default_factory=list)
    pairs: set[tuple[int, int]] = field(default_factory=set)
    leaf_rows: dict[int, int] = field(default_factory=dict)
    sf_successors: set[int] = field(default_factory=set)
    sizes: dict[int, int] = field(default_factory=dict)
    leaves_per_project: dict[int, int] = field(default_factory=dict)

    # --- the WBS ---------------------------------------------------------------------

    def add_task(
        self, project_id: int, parent: int | None, position: int, name: str, **fields: object
    ) -> int:
        """A task built once with all its fields: ``replace`` on 50k tasks is too slow."""
        task_id = len(self.tasks) + 1
        self.tasks[task_id] = Task(task_id, project_id, name, parent, position, **fields)  # type: ignore[arg-type]
        parent_chain = self.ancestors[parent] + (parent,) if parent is not None else ()
        self.ancestors[task_id] = parent_chain
        return task_id

    def build_project(self, project_id: int, size: int) -> None:
        """Phases > work packages > (sub-packages >) tasks until ``size`` rows exist."""
        limit = len(self.tasks) + size
        phase_no = 0
        while len(self.tasks) < limit:
            phase_no += 1
            phase = self.add_task(project_id, None, phase_no - 1, f"Phase {phase_no}")
            self.summaries.append(phase)
            for wp_no in range(self.rng.randint(4, 10)):
                if len(self.tasks) >= limit:
                    break
                self.build_package(project_id, phase, wp_no, f"{phase_no}.{wp_no + 1}", limit)

    def build_package(
        self, project_id: int, parent: int, position: int, code: str, limit: int
    ) -> None:
        """A work package of tasks, or (one time in three) of sub-packages of tasks."""
        package = self.add_task(project_id, parent, position, f"Work package {code}")
        self.summaries.append(package)
        if self.rng.random() < 1 / 3:
            for sub_no in range(self.rng.randint(2, 4)):
                if len(self.tasks) >= limit:
                    return
                sub_code = f"{code}.{sub_no + 1}"
                sub = self.add_task(project_id, package, sub_no, f"Sub-package {sub_code}")
                self.summaries.append(sub)
                self.build_leaves(project_id, sub, sub_code, limit)
        else:
            self.build_leaves(project_id, package, code, limit)

    def build_leaves(self, project_id: int, parent: int, code: str, limit: int) -> None:
        """3-10 tasks, the last one a milestone half of the time."""
        count = self.rng.randint(3, 10)
        for number in range(count):
            if len(self.tasks) >= limit:
                return
            if number == count - 1 and self.rng.random() < 0.5:
                fields = {"duration_minutes": 0, "milestone": True}
                name = f"Milestone {code}"
            else:
                fields = self.leaf_fields(project_id)
                name = f"Task {code}.{number + 1}"
            self.leaves.append(self.add_task(project_id, parent, number, name, **fields))

    def leaf_fields(self, project_id: int) -> dict[str, object]:
        """Duration, and now and then another calendar, elapsed time or a constraint."""
        rng = self.rng
        row = self.leaf_rows[project_id] = self.leaf_rows.get(project_id, 0) + 1
        fields: dict[str, object] = {"duration_minutes": rng.choice(DURATIONS) * DAY}
        roll = rng.random()
        if roll < 0.1:
            fields["calendar_id"] = FOUR_TENS_CALENDAR
        elif roll < 0.12:
            fields["calendar_id"] = ROUND_THE_CLOCK_CALENDAR
        elif roll < 0.13:
            fields["duration_minutes"] = fields["duration_minutes"] // DAY * 1440  # type: ignore[operator]
            fields["duration_unit"] = DurationUnit.ELAPSED_DAYS
        roll = rng.random()
        if roll < 0.025 or row % MUST_START_EVERY == MUST_START_EVERY // 2:
            fields.update(self.constraint(project_id, row, roll))
        return fields

    def constraint(self, project_id: int, row: int, roll: float) -> dict[str, object]:
        """SNET mostly, some FNLT with room to spare, a steady few MSO, dated about where
        the task falls. MSO comes by row, not chance, so even 1k tasks have some."""
        project = self.projects[project_id]
        share = row / max(1, self.leaves_per_project[project_id])
        when = project.start + timedelta(days=round(share * span_days(self.sizes[project_id])))
        if row % MUST_START_EVERY == MUST_START_EVERY // 2:
            return {"constraint": ConstraintKind.MUST_START_ON, "constraint_date": when}
        if roll < 0.02:
            return {"constraint": ConstraintKind.START_NO_EARLIER_THAN, "constraint_date": when}
        finish = when + timedelta(days=120, hours=9)
        return {"constraint": ConstraintKind.FINISH_NO_LATER_THAN, "constraint_date": finish}

    # --- links -----------------------------------------------------------------------

    def add_link(self, pred: int, succ: int, plain_lag: bool = False) -> None:
        """A link of a random kind and lag, unless the pair is taken or is nested.

        ``plain_lag`` keeps percent lags and leads off links between summaries, where a
        share of a phase's length means nothing to a planner.
        """
        if pred == succ or (pred, succ) in self.pairs:
            return
        if pred in self.ancestors[succ] or succ in self.ancestors[pred]:
            return
        self.pairs.add((pred, succ))
        link_id = len(self.links) + 1
        kind = self.rng.choice(LINK_KINDS)
        if kind is LinkKind.SF and pred in self.sf_successors:
            kind = LinkKind.FS
        lag_minutes, unit, percent = self.random_lag()
        if kind is LinkKind.SF or plain_lag:
            # Start-to-finish places a task *before* its predecessor; chains of them (or
            # leads on them) would drift a plan back by months, which no real plan does.
            lag_minutes, percent = max(lag_minutes, 0), 0
            unit = DurationUnit.DAYS if unit is DurationUnit.PERCENT else unit
        if kind is LinkKind.SF:
            self.sf_successors.add(succ)
        self.links[link_id] = Link(link_id, pred, succ, kind, lag_minutes, unit, percent)

    def random_lag(self) -> tuple[int, DurationUnit, int]:
        """(minutes, unit, percent): mostly none, some lags and leads, few elapsed or %."""
        roll = self.rng.random()
        if roll < 0.7:
            return 0, DurationUnit.DAYS, 0
        if roll < 0.85:
            return self.rng.randint(1, 5) * DAY, DurationUnit.DAYS, 0
        if roll < 0.95:
            return -self.rng.randint(1, 3) * DAY, DurationUnit.DAYS, 0
        if roll < 0.98:
            return self.rng.randint(1, 3) * 1440, DurationUnit.ELAPSED_DAYS, 0
        return 0, DurationUnit.PERCENT, self.rng.choice((25, 50, -25))

    def build_links(self) -> None:
        """Chains within packages, package-to-package, across projects, then random ones."""
        self.chain_packages()
        self.link_summaries()
        self.link_projects()
        target = round(self.n_tasks * LINKS_PER_TASK)
        leaves, attempts = self.leaves, 0
        while len(leaves) > 1 and len(self.links) < target and attempts < target * 4:
            attempts += 1
            index = self.rng.randrange(1, len(leaves))
            pred = self.recent_leaf(index)
            if pred is not None:
                self.add_link(pred, leaves[index])

    def recent_leaf(self, index: int) -> int | None:
        """A leaf of the same project up to LINK_WINDOW leaves before ``leaves[index]``."""
        back = self.rng.randint(1, LINK_WINDOW)
        if back > index:
            back = self.rng.randint(1, index) if index else 0
        if back == 0:
            return None
        pred, succ = self.leaves[index - back], self.leaves[index]
        return pred if self.tasks[pred].project_id == self.tasks[succ].project_id else None

    def chain_packages(self) -> None:
        """Most tasks follow the one before them in their package; every other task gets
        a recent predecessor, so nothing floats at the project start as real plans don't."""
        tasks = self.tasks
        for index in range(1, len(self.leaves)):
            task_id, previous = self.leaves[index], self.leaves[index - 1]
            same = tasks[previous].parent_id == tasks[task_id].parent_id
            if same and self.rng.random() < 0.85:
                self.add_link(previous, task_id)
                continue
            pred = self.recent_leaf(index)
            if pred is not None:
                self.add_link(pred, task_id)

    def link_summaries(self) -> None:
        """Some work packages drive the next one of their phase as a whole."""
        for before, after in pairwise(self.summaries):
            same = self.tasks[before].parent_id == self.tasks[after].parent_id
            if same and self.tasks[before].parent_id is not None and self.rng.random() < 0.2:
                self.add_link(before, after, plain_lag=True)

    def link_projects(self) -> None:
        """A few links from early in each project to late in the next, as programmes have.

        Early-to-late keeps them from pushing the next project back as a whole.
        """
        by_project: dict[int, list[int]] = {}
        for task_id in self.leaves:
            by_project.setdefault(self.tasks[task_id].project_id, []).append(task_id)
        ordered = [by_project[p] for p in sorted(by_project)]
        for earlier, later in pairwise(ordered):
            for _ in range(3):
                pred = earlier[self.rng.randrange(max(1, len(earlier) // 4))]
                succ = later[len(later) // 2 + self.rng.randrange(len(later) - len(later) // 2)]
                self.add_link(pred, succ)

    # --- resources --------------------------------------------------------------------

    def add_resources(self) -> None:
        """n/100 people (some on 4x10s), plus a material and a cost resource."""
        count = max(5, self.n_tasks // 100)
        for number in range(1, count + 1):
            self.resources[number] = Resource(
                id=number,
                name=f"Person {number:05d}",
                group=f"Team {number % 20 + 1}",
                initials=f"P{number}",
                standard_rate=Decimal(60 + number % 9 * 10),
                calendar_id=FOUR_TENS_CALENDAR if number % 7 == 0 else None,
            )
        material = count + 1
        self.resources[material] = Resource(
            material,
            "Server licence",
            ResourceType.MATERIAL,
            material_label="licence",
            standard_rate=Decimal("890.00"),
        )
        self.resources[material + 1] = Resource(material + 1, "Travel", ResourceType.COST)

    def add_assignments(self) -> None:
        """Most leaf tasks get one or two people; some a material or a cost line."""
        people = [r for r in self.resources.values() if r.type is ResourceType.WORK]
        material, cost = len(people) + 1, len(people) + 2
        for task_id in self.leaves:
            task = self.tasks[task_id]
            if task.milestone or task.duration_unit.elapsed:
                continue
            roll = self.rng.random()
            staff = 0 if roll < 0.2 else (1 if roll < 0.8 else 2)
            for person in self.rng.sample(people, staff):
                units = self.rng.choice((0.5, 1.0, 1.0, 1.0))
                self.assign(task_id, person.id, units, round(task.duration_minutes * units))
            if roll > 0.97:
                self.assign(task_id, material, float(self.rng.randint(1, 20)), 0)
            elif roll < 0.02:
                self.assign(task_id, cost, 1.0, 0, Decimal(self.rng.randint(200, 5000)))

    def assign(
        self, task_id: int, resource_id: int, units: float, work: int, cost: Decimal | None = None
    ) -> None:
        """One assignment; work is duration x units as MS Project computes it."""
        assignment_id = len(self.assignments) + 1
        self.assignments[assignment_id] = Assignment(
            assignment_id, task_id, resource_id, units=units, work_minutes=work, cost=cost
        )


def make_portfolio(n_tasks: int, seed: int = 1) -> Portfolio:
    """A portfolio of exactly ``n_tasks`` tasks in projects of at most 10,000 rows."""
    if n_tasks < 1:
        raise ValueError("a synthetic portfolio needs at least one task")
    with paused_gc():
        return _build(n_tasks, seed)


def one_project(portfolio: Portfolio) -> Portfolio:
    """Fold every project into project 1: a single plan of all the tasks."""
    first = min(portfolio.projects)
    tasks = {
        k: replace(t, project_id=first) if t.project_id != first else t
        for k, t in portfolio.tasks.items()
    }
    project = replace(portfolio.projects[first], name=f"Synthetic {len(tasks)}")
    resources = {
        k: replace(r, project_id=None) if r.project_id is not None else r
        for k, r in portfolio.resources.items()
    }
    return replace(portfolio, projects={first: project}, tasks=tasks, resources=resources)


def _build(n_tasks: int, seed: int) -> Portfolio:
    """Projects and their outlines first, then links, resources and assignments."""
    gen = _Generator(n_tasks, random.Random(seed))
    project_count = -(-n_tasks // PROJECT_SIZE)
    for number in range(1, project_count + 1):
        size = min(PROJECT_SIZE, n_tasks - len(gen.tasks))
        gen.projects[number] = Project(
            id=number,
            name=f"Synthetic programme {number} ({size} tasks)",
            start=START + timedelta(weeks=4 * (number - 1)),
            calendar_id=STANDARD_CALENDAR,
            position=number - 1,
            approved_budget=Decimal(size) * Decimal(5000),
        )
        gen.sizes[number] = size
        gen.leaves_per_project[number] = round(size * LEAF_SHARE)
        gen.build_project(number, size)
    gen.build_links()
    gen.add_resources()
    gen.add_assignments()
    return Portfolio(
        projects=gen.projects,
        calendars=calendars(),
        tasks=gen.tasks,
        links=gen.links,
        resources=gen.resources,
        assignments=gen.assignments,
    )


def write_synthetic(path: Path | str, n_tasks: int, seed: int = 1) -> Path:
    """Write a synthetic portfolio to a new ``.plansmith`` file and return its path.

    The file carries its computed schedule, as every file Plansmith has closed does.
    """
    portfolio = make_portfolio(n_tasks, seed)
    store = Store.create(Path(path), portfolio)
    try:
        store.write_schedule(None, schedule(portfolio))
    finally:
        store.close()
    return Path(path)
