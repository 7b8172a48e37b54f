"""Levelling as MS Project's "Level Resources": delay tasks until no one is over-allocated.

The answer is a levelling delay per task (``Task.leveling_delay_minutes``, which the
engine adds to the task's early start after its links), so levelling is undone by
setting the delays back to zero and the plan's own logic is never rewritten. The delay
is given in whatever unit the engine counts it (today working minutes of the task's
calendar): each one is checked against the engine's own forward step, so the dates
levelling plans are the dates the schedule shows.

How it works (a serial schedule-generation pass, the textbook form of what MS Project
does "day by day"):

1. Clear the delays of the levelled projects and schedule the portfolio once.
2. Walk the precedence graph in topological order. A task whose dates levelling must
   not change (Must Start On / Must Finish On, manual, started, As Late As Possible,
   projects scheduled from their finish) is booked on its resources up front. Among the
   tasks that are ready (every predecessor placed), the one that comes first in the
   levelling order is placed next:

   project priority (higher first), task priority (higher first), earlier start, less
   total slack, lower id.

   Its early start is recomputed by the engine from its (possibly delayed)
   predecessors; it then starts at the first moment from there, day by day, at which
   each of its resources has capacity left for its work on every day it works (the same
   spreading and calendars as the usage view). A day on which a resource has nothing
   else booked always fits, so a task that alone needs more than a person's capacity is
   not delayed forever.
3. A task may not be delayed past its Start/Finish No Later Than constraint, nor, with
   "level within slack only", past its late start (so no project finish moves); task
   priority 1000 means "do not level", and tasks outside the levelled projects keep
   their dates. Such tasks stay where they are and are reported as unresolved when they
   still clash.

Splitting tasks around over-allocations is not offered: the model stores splits as
absolute dates that only stretch a task's duration, so a levelling split could not follow
the task when its predecessors move.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from heapq import heappop, heappush

from app.gcpause import paused_gc
from app.model.portfolio import Portfolio
from app.model.resource import Assignment, ResourceType
from app.model.task import ConstraintKind, Task
from app.resources.contours import spread
from app.resources.usage import TOLERANCE_MINUTES, Clocks, assignment_span, capacity
from app.schedule import schedule
from app.schedule.cpm import Engine, Plan, _forward_step
from app.schedule.working_time import MINUTES_PER_DAY, to_minutes

#: Task priority meaning "never level this task" (as in MS Project).
DO_NOT_LEVEL = 1000
#: Candidate starts tried for one task before it is given up as unresolvable.
MAX_TRIES = 5000

_PINNING = frozenset({ConstraintKind.MUST_START_ON, ConstraintKind.MUST_FINISH_ON})


@dataclass(frozen=True, slots=True)
class LevelOptions:
    """What "Level Resources" levels and how.

    ``project_ids``: projects whose tasks may be delayed (None: every project); tasks of
    other projects keep their dates but still occupy the shared resources.
    ``resource_ids``: resources whose over-allocations are resolved (None: all work
    resources). ``within_slack``: never delay a task past its late start, so no project
    finish moves. ``clear_first``: start from zero delays (MS Project's "Clear levelling
    values before levelling"); otherwise new delays add to the existing ones.
    """

    project_ids: tuple[int, ...] | None = None
    resource_ids: tuple[int, ...] | None = None
    within_slack: bool = False
    clear_first: bool = True


@dataclass(frozen=True, slots=True)
class LevelResult:
    """The delays levelling chose and the tasks it could not clear of clashes."""

    #: New levelling delay (the engine's unit) of every task of the levelled projects.
    delays: Mapping[int, int]
    #: Tasks still clashing on a resource because they could not be moved far enough.
    unresolved: tuple[int, ...] = ()

    def apply(self, portfolio: Portfolio) -> Portfolio:
        """The portfolio with these delays set (tasks whose delay is unchanged are shared)."""
        return with_delays(portfolio, self.delays)


def with_delays(portfolio: Portfolio, delays: Mapping[int, int]) -> Portfolio:
    """Set ``Task.leveling_delay_minutes`` from ``delays``; unchanged tasks stay shared."""
    changed = {
        tid: replace(portfolio.tasks[tid], leveling_delay_minutes=delay)
        for tid, delay in delays.items()
        if tid in portfolio.tasks and portfolio.tasks[tid].leveling_delay_minutes != delay
    }
    if not changed:
        return portfolio
    tasks = dict(portfolio.tasks)
    tasks.update(changed)
    return replace(portfolio, tasks=tasks)


def levelled_task_ids(portfolio: Portfolio, project_ids: Iterable[int] | None) -> list[int]:
    """Tasks of the given projects (None: all), whose delays levelling owns.

    Raises:
        KeyError: a project id that does not exist.
    """
    if project_ids is None:
        return list(portfolio.tasks)
    result: list[int] = []
    for pid in dict.fromkeys(project_ids):
        if pid not in portfolio.projects:
            raise KeyError(f"no project with id {pid}")
        result.extend(portfolio.project_task_ids(pid))
    return result


def clear_delays(portfolio: Portfolio, project_ids: Iterable[int] | None = None) -> Portfolio:
    """Every levelling delay of the given projects (None: all) back to zero."""
    return with_delays(portfolio, dict.fromkeys(levelled_task_ids(portfolio, project_ids), 0))


def level_resources(portfolio: Portfolio, options: LevelOptions = LevelOptions()) -> LevelResult:
    """Levelling delays that resolve over-allocations across the portfolio.

    Raises:
        KeyError: an unknown project or resource id in the options.
        ScheduleError: the plan cannot be scheduled at all (e.g. a loop of links).
    """
    scope = levelled_task_ids(portfolio, options.project_ids)
    base = clear_delays(portfolio, options.project_ids) if options.clear_first else portfolio
    with paused_gc():
        leveller = _Leveller(base, set(scope), options)
        extra, unresolved = leveller.run()
    delays = {tid: base.tasks[tid].leveling_delay_minutes + extra.get(tid, 0) for tid in scope}
    return LevelResult(delays, tuple(sorted(unresolved)))


# --- the resource profile -----------------------------------------------------------------


class _Profile:
    """Work booked per resource per day, against each day's capacity."""

    def __init__(self, portfolio: Portfolio, clocks: Clocks, resource_ids: set[int]) -> None:
        self.portfolio = portfolio
        self.clocks = clocks
        self.resource_ids = resource_ids
        self.booked: dict[int, dict[int, float]] = {rid: {} for rid in resource_ids}
        self._capacity: dict[int, dict[int, float]] = {rid: {} for rid in resource_ids}

    def capacity(self, rid: int, day: int) -> float:
        """Capacity minutes of a resource on the day with ordinal ``day``."""
        table = self._capacity[rid]
        found = table.get(day)
        if found is None:
            resource = self.portfolio.resources[rid]
            clock = self.clocks.resource(resource)
            edge = day * MINUTES_PER_DAY
            found = table[day] = capacity(clock, resource, edge, edge + MINUTES_PER_DAY)
        return found

    def demand(
        self, task: Task, assignments: list[Assignment], start: int, finish: int
    ) -> list[tuple[int, int, float]]:
        """(resource id, day ordinal, work minutes) the task puts on each levelled resource."""
        return [
            (a.resource_id, day, minutes)
            for a in assignments
            for day, minutes in self._days(task, a, start, finish)
        ]

    def fit(
        self, task: Task, assignments: list[Assignment], start: int, finish: int
    ) -> tuple[tuple[int, int] | None, list[tuple[int, int, float]]]:
        """The earliest (day, resource) the task's work does not fit on when started at
        ``start`` (None: it fits) and, when it fits, its demand to book.

        Each assignment is followed only up to its first clash: most tries fail early,
        and spreading the rest of a long task would be wasted. A day on which the
        resource has nothing booked yet always fits.
        """
        clash: tuple[int, int] | None = None
        demand: list[tuple[int, int, float]] = []
        for assignment in assignments:
            rid = assignment.resource_id
            booked = self.booked[rid]
            for day, minutes in self._days(task, assignment, start, finish):
                if clash is not None and day >= clash[0]:
                    break
                used = booked.get(day, 0.0)
                if (
                    used > TOLERANCE_MINUTES
                    and used + minutes > self.capacity(rid, day) + TOLERANCE_MINUTES
                ):
                    clash = (day, rid)
                    break
                demand.append((rid, day, minutes))
        return clash, demand

    def _days(
        self, task: Task, assignment: Assignment, start: int, finish: int
    ) -> Iterator[tuple[int, float]]:
        """(day ordinal, work minutes) of one assignment started at ``start``."""
        clock, first, last = assignment_span(self.clocks, task, assignment, start, finish)
        day0 = first // MINUTES_PER_DAY
        days = max(last - 1, first) // MINUTES_PER_DAY - day0 + 1
        bounds = [(day0 + i) * MINUTES_PER_DAY for i in range(days + 1)]
        for index, minutes in spread(
            clock, first, last, assignment.work_minutes, assignment.contour, bounds
        ):
            yield day0 + index, minutes

    def next_free_day(self, rid: int, day: int) -> int:
        """The first day from ``day`` on which the resource is not booked to capacity."""
        booked = self.booked[rid]
        for _ in range(MAX_TRIES):
            used = booked.get(day, 0.0)
            if used <= TOLERANCE_MINUTES or used < self.capacity(rid, day) - TOLERANCE_MINUTES:
                return day
            day += 1
        return day

    def first_clash(self, demand: list[tuple[int, int, float]]) -> int | None:
        """The earliest day on which a given demand does not fit (None: it all fits)."""
        clash: int | None = None
        for rid, day, minutes in demand:
            used = self.booked[rid].get(day, 0.0)
            if used <= TOLERANCE_MINUTES:
                continue
            if used + minutes > self.capacity(rid, day) + TOLERANCE_MINUTES:
                clash = day if clash is None or day < clash else clash
        return clash

    def book(self, demand: list[tuple[int, int, float]]) -> None:
        """Add the demand to the booked work."""
        for rid, day, minutes in demand:
            table = self.booked[rid]
            table[day] = table.get(day, 0.0) + minutes


# --- the pass -----------------------------------------------------------------------------


class _Leveller:
    """One levelling pass over a portfolio whose levelled delays are already cleared."""

    def __init__(self, portfolio: Portfolio, scope: set[int], options: LevelOptions) -> None:
        self.portfolio = portfolio
        self.scope = scope
        self.options = options
        base = schedule(portfolio)
        engine = base.engine
        if not isinstance(engine, Engine):
            raise TypeError("the scheduler returned no engine state to level with")
        self.engine: Engine = engine
        # The pass tries delays on the engine's own task records; never on the caller's.
        engine.tasks = dict(engine.tasks)
        self.base = base
        self.clocks = Clocks(portfolio)
        self.resource_ids = self._resources()
        self.profile = _Profile(portfolio, self.clocks, self.resource_ids)
        self.extra: dict[int, int] = {}
        self.unresolved: set[int] = set()

    def _resources(self) -> set[int]:
        wanted = self.options.resource_ids
        if wanted is not None:
            for rid in wanted:
                if rid not in self.portfolio.resources:
                    raise KeyError(f"no resource with id {rid}")
        return {
            r.id
            for r in self.portfolio.resources.values()
            if r.type is ResourceType.WORK and (wanted is None or r.id in wanted)
        }

    def work_of(self, tid: int) -> list[Assignment]:
        """The task's assignments that put work on a levelled resource."""
        return [
            a
            for a in self.portfolio.task_assignments(tid)
            if a.resource_id in self.resource_ids and a.work_minutes > 0
        ]

    def pinned(self, task: Task) -> bool:
        """Tasks whose dates levelling must not and cannot change."""
        engine = self.engine
        project = self.portfolio.projects[task.project_id]
        return (
            (task.constraint in _PINNING and task.constraint_date is not None)
            or task.manual
            or task.actual_start is not None
            or task.id in engine.alap
            or project.schedule_from_finish
        )

    def movable(self, task: Task) -> bool:
        """Tasks levelling may delay."""
        return task.id in self.scope and task.priority < DO_NOT_LEVEL and not self.pinned(task)

    # --- running ----------------------------------------------------------------------

    def run(self) -> tuple[dict[int, int], set[int]]:
        """Place every task; returns the added delays and the unresolved tasks."""
        self._book_pinned()
        graph = self.engine.graph
        waiting = {node: len(graph.predecessors[node]) for node in graph.order}
        ready: deque[int] = deque(n for n in graph.order if waiting[n] == 0)
        heap: list[tuple[tuple[int, int, int, int, int], int]] = []
        while ready or heap:
            while ready:
                node = ready.popleft()
                if self._settle(node, heap):
                    self._release(node, waiting, ready)
            if heap:
                _, node = heappop(heap)
                self._place(node)
                self._release(node, waiting, ready)
        return self.extra, self.unresolved

    def _release(self, node: int, waiting: dict[int, int], ready: deque[int]) -> None:
        for successor in self.engine.graph.successors[node]:
            waiting[successor] -= 1
            if waiting[successor] == 0:
                ready.append(successor)

    def _book_pinned(self) -> None:
        """Book tasks whose dates cannot move first, so the others are placed around them."""
        for tid, dates in self.base.tasks.items():
            task = self.portfolio.tasks[tid]
            if dates.summary or not self.pinned(task):
                continue
            assignments = self.work_of(tid)
            if assignments:
                start, finish = to_minutes(dates.start), to_minutes(dates.finish)
                self._book_or_flag(task, self.profile.demand(task, assignments, start, finish))

    def _settle(self, node: int, heap: list) -> bool:
        """Recompute a ready node; True when it is done, False when it waits in the heap."""
        engine = self.engine
        _forward_step(engine, node)  # the engine's own one-node forward step
        if node < 0 or node in engine.summaries:
            return True
        task = self.portfolio.tasks[node]
        if self.pinned(task):
            return True
        assignments = self.work_of(node)
        if not assignments:
            return True
        if not self.movable(task):
            start, finish = engine.state.es[node], engine.state.ef[node]
            self._book_or_flag(task, self.profile.demand(task, assignments, start, finish))
            return True
        heappush(heap, (self._order(task), node))
        return False

    def _order(self, task: Task) -> tuple[int, int, int, int, int]:
        """The levelling order: project priority, task priority, start, slack, id."""
        project = self.portfolio.projects[task.project_id]
        slack = self.base.tasks[task.id].total_slack_minutes
        return (-project.priority, -task.priority, self.engine.state.es[task.id], slack, task.id)

    def _book_or_flag(self, task: Task, demand: list[tuple[int, int, float]]) -> None:
        if self.profile.first_clash(demand) is not None:
            self.unresolved.add(task.id)
        self.profile.book(demand)

    def _limit(self, task: Task, plan: Plan) -> int | None:
        """The latest start levelling may give the task (None: no limit)."""
        limits: list[int] = []
        date = task.constraint_date
        if date is not None and task.constraint is ConstraintKind.START_NO_LATER_THAN:
            limits.append(to_minutes(date))
        if date is not None and task.constraint is ConstraintKind.FINISH_NO_LATER_THAN:
            limits.append(plan.start(to_minutes(date)))
        if self.options.within_slack:
            limits.append(self.engine.state.ls[task.id])
        return min(limits) if limits else None

    def _place(self, tid: int) -> None:
        """Start the task at the first moment its resources can take it, within its limit."""
        engine = self.engine
        task = self.portfolio.tasks[tid]
        plan = engine.plans[tid]
        assignments = self.work_of(tid)
        earliest = engine.state.es[tid]
        limit = self._limit(task, plan)
        start = earliest
        for _ in range(MAX_TRIES):
            if limit is not None and start > limit:
                break
            clash, demand = self.profile.fit(task, assignments, start, plan.finish(start))
            if clash is None:
                if start != earliest:
                    demand = self._delay(task, earliest, start, assignments, demand)
                self.profile.book(demand)
                return
            day, rid = clash
            day = self.profile.next_free_day(rid, day + 1)
            start = max(plan.snap_start(day * MINUTES_PER_DAY), start + 1)
        finish = engine.state.ef[tid]
        self.unresolved.add(tid)
        self.profile.book(self.profile.demand(task, assignments, earliest, finish))

    def _delay(
        self,
        task: Task,
        earliest: int,
        start: int,
        assignments: list[Assignment],
        demand: list[tuple[int, int, float]],
    ) -> list[tuple[int, int, float]]:
        """Give the task the delay that makes the engine start it at ``start``.

        The delay is tried as elapsed minutes and as working minutes on the task's
        calendar, and the engine's own forward step decides which lands on ``start``: so
        the dates levelling books are exactly the dates the real schedule will show,
        whichever unit the engine counts the delay in. Returns the demand to book (the
        engine's dates' demand, flagged as unresolved if it differs and clashes).
        """
        engine = self.engine
        plan = engine.plans[task.id]
        calendar = getattr(plan, "calendar", plan.clock)
        base_delay = task.leveling_delay_minutes
        best: tuple[int, int] | None = None
        for extra in dict.fromkeys((start - earliest, calendar.between(earliest, start))):
            got = self._engine_start(task, base_delay + extra)
            if got == start:
                best = (extra, got)
                break
            if got >= earliest and (best is None or abs(got - start) < abs(best[1] - start)):
                best = (extra, got)
        if best is None:
            self._engine_start(task, base_delay)
            self.unresolved.add(task.id)
            return self.profile.demand(task, assignments, earliest, engine.state.ef[task.id])
        extra, got = best
        if got != start:
            self._engine_start(task, base_delay + extra)
        self.extra[task.id] = extra
        if got == start:
            return demand
        moved = self.profile.demand(task, assignments, got, engine.state.ef[task.id])
        if self.profile.first_clash(moved) is not None:
            self.unresolved.add(task.id)
        return moved

    def _engine_start(self, task: Task, delay: int) -> int:
        """Recompute the task in the engine with ``delay``; its early start."""
        engine = self.engine
        engine.tasks[task.id] = replace(task, leveling_delay_minutes=delay)
        _forward_step(engine, task.id)
        return engine.state.es[task.id]
