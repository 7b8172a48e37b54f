"""Critical path method as MS Project computes it: forward pass, backward pass, roll-ups.

All times are absolute minutes (see ``working_time``); each task has a *plan* that knows
how its duration turns a start into a finish on its calendar (or on its resources'
calendars). The semantics follow MS Project with "tasks honour their constraints" on:

* links: FS/SS/FF/SF; lags in working time on the *successor's* calendar, elapsed lags in
  calendar minutes, percent lags as a share of the predecessor's duration. A finish-to-
  finish link never pulls its successor before the project start.
* constraints win over links (MSO/MFO pin the task, SNLT/FNLT cap it even when a link
  would push it later, which then shows as negative slack); a task with no predecessors
  and an SNET/FNET constraint starts at the constraint even before the project start.
* a link into a summary applies to each of its subtasks; a link from a summary uses its
  rolled-up dates (earliest child start, latest child finish).
* ALAP tasks sit at their late dates, and their successors are driven by those dates.
* a project scheduled from its finish shows every task at its late dates.
* progress: actual dates are kept; the remaining work of a started task continues after
  its completed part, or from the status date when that lies later.
* manual tasks keep their typed dates and still drive their successors.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, partial
from heapq import heappop, heappush

from app.model.duration import DurationUnit
from app.model.link import Link, LinkKind
from app.model.portfolio import Portfolio
from app.model.resource import Assignment, ResourceType
from app.model.revision import Revision, changed_keys, differing_keys
from app.model.task import ConstraintKind, Contour, Task, TaskType
from app.schedule.deferred import Deferred, DeferredMapping, resolved
from app.schedule.graph import Graph, build_graph, gate
from app.schedule.result import ProjectDates, Schedule, TaskDates, build_task_dates
from app.schedule.working_time import (
    _MOMENTS,
    ELAPSED,
    Clock,
    ScheduleError,
    WorkingTime,
    from_minutes,
    to_minutes,
    working_time,
)

C = ConstraintKind
_ELAPSED_UNITS = frozenset(u for u in DurationUnit if u.elapsed)
_PERCENT = DurationUnit.PERCENT
# Enum members as module constants: in Python 3.11 each ``LinkKind.FS`` or ``C.ALAP`` is a
# lookup through the enum's metaclass (0.2-0.4 us), and the passes make several per task.
_FS, _SS, _FF, _SF = LinkKind.FS, LinkKind.SS, LinkKind.FF, LinkKind.SF
_ASAP, _ALAP = C.ASAP, C.ALAP
_MSO, _MFO = C.MUST_START_ON, C.MUST_FINISH_ON
_SNET, _SNLT = C.START_NO_EARLIER_THAN, C.START_NO_LATER_THAN
_FNET, _FNLT = C.FINISH_NO_EARLIER_THAN, C.FINISH_NO_LATER_THAN
_FIXED_DATES = (_MSO, _MFO)  # a task that must start or finish on a date never slips
_WORK = ResourceType.WORK
_FIXED_DURATION = TaskType.FIXED_DURATION
#: No task drives with its late dates (every pass but the second forward one).
_NO_TASKS: frozenset[int] = frozenset()

#: Share of the flat rate each tenth of an assignment works at under MS Project's contours;
#: a contour stretches an assignment by 10 / sum(shares), which moves the task's finish.
CONTOUR_SHARES: dict[Contour, tuple[float, ...]] = {
    Contour.FLAT: (1.0,) * 10,
    Contour.BACK_LOADED: (0.1, 0.15, 0.25, 0.5, 0.5, 0.75, 0.75, 1.0, 1.0, 1.0),
    Contour.FRONT_LOADED: (1.0, 1.0, 1.0, 0.75, 0.75, 0.5, 0.5, 0.25, 0.15, 0.1),
    Contour.DOUBLE_PEAK: (0.25, 0.5, 1.0, 0.5, 0.25, 0.25, 0.5, 1.0, 0.5, 0.25),
    Contour.EARLY_PEAK: (0.25, 0.5, 1.0, 1.0, 0.75, 0.5, 0.25, 0.15, 0.1, 0.1),
    Contour.LATE_PEAK: (0.1, 0.1, 0.15, 0.25, 0.5, 0.75, 1.0, 1.0, 0.5, 0.25),
    Contour.BELL: (0.1, 0.2, 0.4, 0.8, 1.0, 1.0, 0.8, 0.4, 0.2, 0.1),
    Contour.TURTLE: (0.25, 0.5, 0.75, 1.0, 1.0, 1.0, 1.0, 0.75, 0.5, 0.25),
}

_STRETCH = {contour: len(shares) / sum(shares) for contour, shares in CONTOUR_SHARES.items()}


class Plan:
    """How one task's working time maps a start to a finish and back."""

    __slots__ = ("calendar", "clock", "lanes", "milestone", "minutes")

    def __init__(
        self,
        clock: Clock,
        minutes: int,
        milestone: bool,
        lanes: tuple[tuple[Clock, float], ...] = (),
        calendar: Clock | None = None,
    ) -> None:
        """``lanes`` are resource calendars with a share of ``minutes`` each (resource-driven).

        ``calendar`` is the task's working calendar, which lags into the task are measured
        on; it differs from ``clock`` only for elapsed durations (24x7 time).
        """
        self.clock = clock
        self.calendar = calendar or clock
        self.minutes = minutes
        self.milestone = milestone
        self.lanes = lanes

    def snap_start(self, moment: int) -> int:
        """The first moment the task can start at; a milestone may sit at a day's end."""
        if self.lanes:
            return min(clock.next_start(moment) for clock, _ in self.lanes)
        start = self.clock.next_start(moment)
        if self.milestone and start != moment and self.clock.prev_finish(moment) == moment:
            return moment
        return start

    def snap_finish(self, moment: int) -> int:
        """The last moment the task can finish at, at or before ``moment``."""
        if self.lanes:
            return max(clock.prev_finish(moment) for clock, _ in self.lanes)
        return self.clock.prev_finish(moment)

    def finish(self, start: int, minutes: int | None = None) -> int:
        """Finish of ``minutes`` (default: the whole duration) of work begun at ``start``."""
        amount = self.minutes if minutes is None else minutes
        if self.lanes:
            return max(clock.add(start, int(amount * share)) for clock, share in self.lanes)
        if amount == 0:
            return start
        return self.clock.add(start, amount)

    def start(self, finish: int, minutes: int | None = None) -> int:
        """Start of ``minutes`` (default: the whole duration) of work that ends at ``finish``."""
        amount = self.minutes if minutes is None else minutes
        if self.lanes:
            return min(clock.add_start(finish, -int(amount * share)) for clock, share in self.lanes)
        if amount == 0:
            return finish
        return self.clock.add_start(finish, -amount)


@dataclass(slots=True)
class _Bounds:
    """What a summary passes down to its subtasks (inherited links and constraints)."""

    start: int | None = None
    finish: int | None = None
    late_finish: int | None = None
    late_start: int | None = None


@dataclass
class _State:
    """Working arrays of one run; dicts keyed by task id, values in absolute minutes."""

    es: dict[int, int] = field(default_factory=dict)
    ef: dict[int, int] = field(default_factory=dict)
    ls: dict[int, int] = field(default_factory=dict)
    lf: dict[int, int] = field(default_factory=dict)
    lf_min: dict[int, int] = field(default_factory=dict)
    bounds: dict[int, _Bounds] = field(default_factory=dict)
    project_finish: dict[int, int] = field(default_factory=dict)
    project_start: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Index:
    """The lookups a run needs, built once from the portfolio's structure.

    The Portfolio has the same indexes, but as caches of each snapshot: an edit makes a
    new snapshot whose caches start empty, and rebuilding them would cost an incremental
    reschedule more than the rescheduling itself. The engine keeps its own and carries
    them over while links, outline and assignments are unchanged.
    """

    preds: dict[int, list[Link]]
    succs: dict[int, list[Link]]
    children: dict[int, list[int]]
    assignments: dict[int, list[Assignment]]
    by_project: dict[int, list[int]]
    work: dict[int, int]

    @classmethod
    def build(cls, portfolio: Portfolio, task_ids: Iterable[int]) -> Index:
        """Index the tasks in scope (links and assignments of the whole portfolio)."""
        # defaultdicts while building (no throwaway list per ``setdefault``), plain dicts
        # in the index so that a lookup of a task without links cannot add an entry.
        preds: defaultdict[int, list[Link]] = defaultdict(list)
        succs: defaultdict[int, list[Link]] = defaultdict(list)
        for link in portfolio.links.values():
            preds[link.successor_id].append(link)
            succs[link.predecessor_id].append(link)
        children: defaultdict[int, list[int]] = defaultdict(list)
        by_project: defaultdict[int, list[int]] = defaultdict(list)
        tasks = portfolio.tasks
        for tid in task_ids:
            task = tasks[tid]
            by_project[task.project_id].append(tid)
            if task.parent_id is not None:
                children[task.parent_id].append(tid)
        assignments: defaultdict[int, list[Assignment]] = defaultdict(list)
        work: dict[int, int] = {}
        for assignment in portfolio.assignments.values():
            assignments[assignment.task_id].append(assignment)
            work[assignment.task_id] = work.get(assignment.task_id, 0) + assignment.work_minutes
        return cls(
            dict(preds), dict(succs), dict(children), dict(assignments), dict(by_project), work
        )


class Engine:
    """One scheduling run over a portfolio (or part of it)."""

    def __init__(self, portfolio: Portfolio, task_ids: Iterable[int]) -> None:
        """Build the graph and every task's plan; nothing is computed yet."""
        self.portfolio = portfolio
        self.tasks = portfolio.tasks
        ids = list(task_ids)
        self.index = Index.build(portfolio, ids)
        self.graph: Graph = build_graph(portfolio, ids)
        self.summaries = self.graph.summaries
        self._clocks: dict[int | None, Clock] = {}
        self._plain_plans: dict[tuple[Clock, int, bool], Plan] = {}
        self.project_clock = {
            pid: self.clock(p.calendar_id) for pid, p in portfolio.projects.items()
        }
        backwards = {p.id for p in portfolio.projects.values() if p.schedule_from_finish}
        #: Leaf tasks in topological order, with how their durations map onto time.
        self.plans: dict[int, Plan] = {}
        #: Tasks placed at their late dates (ALAP, or in a project scheduled from its finish).
        self.alap: set[int] = set()
        self.finished: set[int] = set()
        tasks, summaries, plan_of = self.tasks, self.summaries, self._plan
        for node in self.graph.order:
            if node > 0 and node not in summaries:
                task = tasks[node]
                self.plans[node] = plan_of(task)
                if task.constraint is _ALAP or task.project_id in backwards:
                    self.alap.add(node)
                if task.actual_finish is not None:
                    self.finished.add(node)
        self.state = _State()
        self.use_late_of_alap = False
        #: Late dates and records an incremental result computes on first read (or None).
        #: ``state``'s late dates are complete only once it has run (see ``settle``).
        self.pending: Deferred[object] | None = None
        self._last_result: weakref.ref[Schedule] | None = None

    # --- plans ------------------------------------------------------------------------

    def clock(self, calendar_id: int | None) -> Clock:
        """The working time of a calendar, looked up once per run."""
        found = self._clocks.get(calendar_id)
        if found is None:
            found = self._clocks[calendar_id] = working_time(calendar_id, self.portfolio.calendars)
        return found

    def _task_clock(self, task: Task) -> Clock:
        """The task's own calendar, else its project's."""
        if task.calendar_id is not None:
            return self.clock(task.calendar_id)
        return self.project_clock[task.project_id]

    def _plan(self, task: Task) -> Plan:
        """The task's working time: its calendar, elapsed time, splits or its resources."""
        clock = self._task_clock(task)
        minutes = max(task.duration_minutes, 0)
        milestone = task.milestone or minutes == 0
        if task.duration_unit in _ELAPSED_UNITS:
            return Plan(ELAPSED, minutes, milestone, calendar=clock)
        if len(task.splits) > 1 and task.actual_start is None:
            first, last = to_minutes(task.splits[0][0]), to_minutes(task.splits[-1][1])
            minutes = max(minutes, clock.between(first, last))
        lanes = self._resource_lanes(task, clock, minutes)
        if lanes:
            return Plan(clock, minutes, milestone, lanes)
        # Plans never change once made, and most tasks share a duration with many others
        # (1d, 5d...): one object per kind of plan, not one per task.
        key = (clock, minutes, milestone)
        found = self._plain_plans.get(key)
        if found is None:
            found = self._plain_plans[key] = Plan(clock, minutes, milestone)
        return found

    def _resource_lanes(
        self, task: Task, clock: Clock, minutes: int
    ) -> tuple[tuple[Clock, float], ...]:
        """Resource calendars a resource-driven task works on, when they differ from its own.

        MS Project schedules each work assignment on its resource's calendar (unless the
        task ignores resource calendars or has a fixed duration); a contour stretches the
        assignment. Tasks whose resources all work the task's calendar flat keep the plain
        plan, which is both faster and exactly what MS Project does.
        """
        assignments = self.index.assignments.get(task.id)
        if (
            not assignments
            or task.ignore_resource_calendar
            or task.task_type is _FIXED_DURATION
            or minutes == 0
        ):
            return ()
        lanes: list[tuple[Clock, float]] = []
        differs = False
        for assignment in assignments:
            resource = self.portfolio.resources.get(assignment.resource_id)
            if resource is None or resource.type is not _WORK:
                continue
            if assignment.units <= 0 or assignment.work_minutes <= 0:
                continue
            lane_clock = (
                self.clock(resource.calendar_id) if resource.calendar_id is not None else clock
            )
            stretch = _STRETCH.get(assignment.contour, 1.0)
            share = assignment.work_minutes / assignment.units / minutes * stretch
            differs = differs or lane_clock is not clock or abs(share - 1.0) > 1e-9
            lanes.append((lane_clock, share))
        return tuple(lanes) if differs else ()

    # --- the run ----------------------------------------------------------------------

    def run(self) -> Schedule:
        """Forward, backward, then a second forward pass for ALAP and from-finish tasks."""
        self._init_projects()
        self.forward()
        self._finish_projects()
        self.backward()
        from_finish = [p.id for p in self.portfolio.projects.values() if p.schedule_from_finish]
        for pid in from_finish:
            self._start_from_late(pid)
        if self.alap:
            self.use_late_of_alap = True
            self.forward()
        return self.result()

    @property
    def last_result(self) -> Schedule | None:
        """The result this engine produced last, if it is still in use.

        Held weakly: a result holds its engine, and a strong reference back would make
        every result a reference cycle that only the cyclic garbage collector frees (tens
        of MB for 50k tasks); freed at once instead, the memory is reused by the next run.
        """
        ref = self._last_result
        return ref() if ref is not None else None

    @last_result.setter
    def last_result(self, schedule: Schedule) -> None:
        self._last_result = weakref.ref(schedule)

    def settle(self) -> None:
        """Run any work an incremental result deferred, so ``state`` holds every late date."""
        if self.pending is not None:
            self.pending.value()

    def _init_projects(self) -> None:
        """Anchor each project: its start, and its finish when scheduled backwards."""
        for pid, project in self.portfolio.projects.items():
            self.state.project_start[pid] = to_minutes(project.start)
            if project.schedule_from_finish:
                anchor = project.finish or project.start
                self.state.project_finish[pid] = self.project_clock[pid].prev_finish(
                    to_minutes(anchor)
                )

    def _finish_projects(self) -> None:
        """Each forward-scheduled project's finish: the latest early finish of its tasks."""
        fixed = {p.id for p in self.portfolio.projects.values() if p.schedule_from_finish}
        early_finish, by_project = self.state.ef, self.index.by_project
        for pid, start in self.state.project_start.items():
            if pid not in fixed:
                finishes = [early_finish[t] for t in by_project.get(pid, ()) if t in early_finish]
                self.state.project_finish[pid] = max(finishes) if finishes else start

    def _start_from_late(self, pid: int) -> None:
        """A project scheduled from its finish starts at its earliest late start."""
        starts = [self.state.ls[t] for t in self.plans if self.tasks[t].project_id == pid]
        if starts:
            self.state.project_start[pid] = min(starts)

    # --- forward pass -----------------------------------------------------------------

    def forward(self) -> None:
        """Early dates of every node in topological order."""
        # Bound methods and sets in locals: this loop runs once per node of the graph.
        summaries = self.summaries
        forward_gate, rollup_early, forward_leaf = (
            self._forward_gate,
            self._rollup_early,
            self._forward_leaf,
        )
        for node in self.graph.order:
            if node < 0:
                forward_gate(-node)
            elif node in summaries:
                rollup_early(node)
            else:
                forward_leaf(node)

    def _pred_dates(self, pid: int) -> tuple[int, int]:
        """Start and finish a predecessor drives its successors with."""
        state = self.state
        if self.use_late_of_alap and pid in self.alap:
            return state.ls[pid], state.lf[pid]
        return state.es[pid], state.ef[pid]

    def _pred_minutes(self, pid: int) -> int:
        """A predecessor's duration, which a percent lag is a share of."""
        plan = self.plans.get(pid)
        if plan is not None:
            return plan.minutes
        return self.project_clock[self.tasks[pid].project_id].between(
            self.state.es[pid], self.state.ef[pid]
        )

    def _lag(self, link: Link, moment: int, clock: Clock, backwards: bool = False) -> int:
        """``moment`` moved by the link's lag (removed from it when ``backwards``)."""
        unit = link.lag_unit
        if unit is _PERCENT:
            amount = round(self._pred_minutes(link.predecessor_id) * link.lag_percent / 100)
        else:
            amount = link.lag_minutes
        if amount == 0:
            return moment
        if backwards:
            amount = -amount
        if unit in _ELAPSED_UNITS:
            return moment + amount
        return clock.add(moment, amount) if amount > 0 else clock.add_start(moment, amount)

    def _link_start(self, link: Link, plan: Plan, remaining: int) -> tuple[int, bool]:
        """Earliest start a link allows; True when it came from a finish-to-finish link."""
        start, finish = self._pred_dates(link.predecessor_id)
        kind = link.kind
        if kind is _FS:
            return self._lag(link, finish, plan.calendar), False
        if kind is _SS:
            return self._lag(link, start, plan.calendar), False
        if kind is _FF:
            return plan.start(self._lag(link, finish, plan.calendar), remaining), True
        return plan.start(self._lag(link, start, plan.calendar), remaining), False

    def _forward_leaf(self, tid: int) -> None:
        """Early dates of one task: actuals win, then manual dates, then CPM."""
        task = self.tasks[tid]
        plan = self.plans[tid]
        state = self.state
        if task.actual_start is not None:
            es, ef = self._forward_actual(task, plan)
        elif task.manual:
            es, ef = self._forward_manual(task, plan)
        else:
            es = self._early_start(task, plan)
            if task.constraint_date is not None and task.constraint is _MFO:
                ef = to_minutes(task.constraint_date)  # a must-finish-on date pins the finish
            elif plan.lanes or not plan.minutes:
                ef = plan.finish(es)
            else:  # ``plan.finish`` inlined for plans without resource lanes (nearly all)
                ef = plan.clock.add(es, plan.minutes)
        state.es[tid] = es
        state.ef[tid] = ef

    def _early_start(self, task: Task, plan: Plan) -> int:
        """The early start of a task not yet begun: links, inherited bounds, constraints."""
        state = self.state
        project_start = state.project_start[task.project_id]
        es: int | None = None
        early_start, scheduled = state.es, state.ef
        # Predecessors that drive with their late dates (ALAP ones, in the second pass).
        by_late = self.alap if self.use_late_of_alap else _NO_TASKS
        for link in self.index.preds.get(task.id, ()):
            pid = link.predecessor_id
            if pid not in scheduled:
                continue
            kind = link.kind
            if (kind is _FS or kind is _SS) and (
                not link.lag_minutes and link.lag_unit is not _PERCENT
            ):  # links without lag, most of any plan: _pred_dates inlined
                if pid in by_late:
                    candidate = state.lf[pid] if kind is _FS else state.ls[pid]
                else:
                    candidate = scheduled[pid] if kind is _FS else early_start[pid]
            else:
                candidate, finish_link = self._link_start(link, plan, plan.minutes)
                if finish_link and candidate < project_start:
                    candidate = project_start
            if es is None or candidate > es:
                es = candidate
        bounds = state.bounds.get(task.parent_id) if task.parent_id else None
        if bounds is not None:
            floor = bounds.start  # ``_later`` inlined: this runs for every subtask
            if floor is not None and (es is None or floor > es):
                es = floor
            if bounds.finish is not None:
                es = _later(es, max(plan.start(bounds.finish), project_start))
        if es is None:
            es = self._unlinked_start(task, plan, project_start)
        es = plan.snap_start(es)
        if task.constraint_date is not None:
            es = self._apply_start_constraint(task, plan, es)
        if task.leveling_delay_minutes > 0 and task.constraint not in _FIXED_DATES:
            # Levelling delays a task from its early start, constraints included (as in
            # MS Project): a delay must not vanish under a Start No Earlier Than date.
            es = plan.calendar.add_start(es, task.leveling_delay_minutes)
        return es

    def _unlinked_start(self, task: Task, plan: Plan, project_start: int) -> int:
        """Where a task without predecessors starts: its SNET/FNET date, else the project start."""
        date = task.constraint_date
        if date is not None and task.constraint is _SNET:
            return to_minutes(date)
        if date is not None and task.constraint is _FNET:
            return plan.start(to_minutes(date))
        return project_start

    def _apply_start_constraint(self, task: Task, plan: Plan, es: int) -> int:
        """Constraints override links (MS Project's "tasks honour their constraints")."""
        kind, date = task.constraint, task.constraint_date
        if date is None or kind in (_ASAP, _ALAP):
            return es
        moment = to_minutes(date)
        if kind is _SNET:
            return max(es, moment)
        if kind is _SNLT:
            return min(es, moment)
        if kind is _FNET:
            return max(es, plan.start(moment))
        if kind is _FNLT:
            return min(es, plan.start(moment))
        if kind is _MSO:
            return moment
        return plan.start(moment)  # MUST_FINISH_ON

    def _forward_manual(self, task: Task, plan: Plan) -> tuple[int, int]:
        """A manual task keeps its typed dates; a missing one follows from the duration."""
        start = task.manual_start
        finish = task.manual_finish
        if start is None and finish is None:
            es = plan.snap_start(self.state.project_start[task.project_id])
            return es, plan.finish(es)
        if start is None:
            ef = to_minutes(finish)  # type: ignore[arg-type]
            return plan.start(ef), ef
        es = to_minutes(start)
        return es, to_minutes(finish) if finish is not None else plan.finish(es)

    def _forward_actual(self, task: Task, plan: Plan) -> tuple[int, int]:
        """Completed work stays put; the rest follows it, or the status date if later."""
        es = to_minutes(task.actual_start)  # type: ignore[arg-type]
        if task.actual_finish is not None:
            return es, to_minutes(task.actual_finish)
        remaining = self.remaining(task, plan)
        done_end = plan.finish(es, plan.minutes - remaining)
        status = self.portfolio.projects[task.project_id].status_date
        resume = done_end
        if status is not None and remaining > 0:
            resume = max(done_end, plan.snap_start(to_minutes(status)))
        ef = plan.finish(plan.snap_start(resume), remaining) if remaining else done_end
        if task.constraint is _FNET and task.constraint_date is not None:
            ef = max(ef, to_minutes(task.constraint_date))
        return es, ef

    @staticmethod
    def remaining(task: Task, plan: Plan) -> int:
        """Remaining working minutes: as recorded, else from the percent complete."""
        if task.actual_finish is not None:
            return 0
        if task.remaining_minutes is not None:
            return max(0, min(task.remaining_minutes, plan.minutes))
        if task.actual_start is None:
            return plan.minutes
        return round(plan.minutes * (100 - task.percent_complete) / 100)

    def _forward_gate(self, sid: int) -> None:
        """Bounds a summary's links and constraints put on all of its subtasks."""
        task = self.tasks[sid]
        parent = self.state.bounds.get(task.parent_id) if task.parent_id else None
        # A new object, never one changed in place: incremental runs share the old ones.
        before = self.state.bounds.get(sid)
        bounds = (
            _Bounds(late_finish=before.late_finish, late_start=before.late_start)
            if before
            else _Bounds()
        )
        if parent is not None:
            bounds.start, bounds.finish = parent.start, parent.finish
        clock = self.project_clock[task.project_id]
        for link in self.index.preds.get(sid, ()):
            if link.predecessor_id not in self.state.ef:
                continue
            start, finish = self._pred_dates(link.predecessor_id)
            if link.kind is _FS:
                bounds.start = _later(bounds.start, self._lag(link, finish, clock))
            elif link.kind is _SS:
                bounds.start = _later(bounds.start, self._lag(link, start, clock))
            elif link.kind is _FF:
                bounds.finish = _later(bounds.finish, self._lag(link, finish, clock))
            else:
                bounds.finish = _later(bounds.finish, self._lag(link, start, clock))
        date = task.constraint_date
        if date is not None:
            if task.constraint in (_SNET, _MSO):
                bounds.start = _later(bounds.start, to_minutes(date))
            elif task.constraint in (_FNET, _MFO):
                bounds.finish = _later(bounds.finish, to_minutes(date))
        self.state.bounds[sid] = bounds

    def _rollup_early(self, sid: int) -> None:
        """A summary spans its subtasks: earliest start, latest finish."""
        state = self.state
        early_start, early_finish = state.es, state.ef
        by_late = self.alap if self.use_late_of_alap else _NO_TASKS  # as in _pred_dates
        start = finish = None
        for child in self.index.children.get(sid, ()):
            if child in early_start:
                if child in by_late:
                    child_start, child_finish = state.ls[child], state.lf[child]
                else:
                    child_start, child_finish = early_start[child], early_finish[child]
                if start is None or child_start < start:
                    start = child_start
                if finish is None or child_finish > finish:
                    finish = child_finish
        if start is not None:
            early_start[sid], early_finish[sid] = start, finish  # type: ignore[assignment]

    # --- backward pass ----------------------------------------------------------------

    def backward(self) -> None:
        """Late dates of every node in reverse topological order."""
        self.backward_nodes(reversed(self.graph.order))

    def backward_nodes(self, nodes: Iterable[int]) -> None:
        """Late dates of some nodes only (already in reverse topological order)."""
        summaries = self.summaries  # locals, as in ``forward``
        rollup_late, backward_summary, backward_leaf = (
            self._rollup_late,
            self._backward_summary,
            self._backward_leaf,
        )
        for node in nodes:
            if node < 0:
                rollup_late(-node)
            elif node in summaries:
                backward_summary(node)
            else:
                backward_leaf(node)

    def _succ_limit(self, link: Link, pred_plan: Plan | None, clock: Clock) -> tuple[int, bool]:
        """The latest finish (False) or start (True) of the predecessor a link allows."""
        state = self.state
        sid = link.successor_id
        if link.kind is _FS:
            return self._lag(link, state.ls[sid], clock, backwards=True), False
        if link.kind is _SS:
            return self._lag(link, state.ls[sid], clock, backwards=True), True
        succ_finish = state.lf_min[sid] if sid in self.summaries else state.lf[sid]
        moment = self._lag(link, succ_finish, clock, backwards=True)
        return moment, link.kind is _SF

    def _late_finish_from_links(self, task: Task, plan: Plan | None, finish: int) -> int:
        """The latest finish the task's successors allow (the project finish if none)."""
        state = self.state
        late_start, finished = state.ls, self.finished
        lf = finish
        for link in self.index.succs.get(task.id, ()):
            sid = link.successor_id
            if sid not in late_start or sid in finished:
                continue
            kind = link.kind
            if link.lag_minutes or link.lag_unit is _PERCENT:
                moment, is_start = self._succ_limit(link, plan, self._lag_calendar(link))
            elif kind is _FS or kind is _SS:
                moment, is_start = late_start[sid], kind is _SS
            else:
                moment = state.lf_min[sid] if sid in self.summaries else state.lf[sid]
                is_start = kind is _SF
            if is_start and plan is not None:
                moment = plan.finish(moment)
            if moment < lf:
                lf = moment
        return lf

    def _lag_calendar(self, link: Link) -> Clock:
        """The successor's calendar, which a link's working lag is measured on."""
        if not link.lag_minutes and link.lag_unit is not _PERCENT:
            return ELAPSED  # no lag to measure: any clock will do, skip the lookups
        sid = link.successor_id
        plan = self.plans.get(sid)
        return plan.calendar if plan is not None else self.project_clock[self.tasks[sid].project_id]

    def _backward_leaf(self, tid: int) -> None:
        """Late dates of one task: successors, inherited summary bounds, constraints."""
        task = self.tasks[tid]
        plan = self.plans[tid]
        state = self.state
        if task.actual_finish is not None:
            state.lf[tid] = to_minutes(task.actual_finish)
            state.ls[tid] = state.es[tid] if tid in state.es else state.lf[tid]
            return
        finish = state.project_finish[task.project_id]
        lf = self._late_finish_from_links(task, plan, finish)
        bounds = state.bounds.get(task.parent_id) if task.parent_id else None
        if bounds is not None:
            cap = bounds.late_finish  # ``_earlier`` inlined: this runs for every subtask
            if cap is not None and cap < lf:
                lf = cap
            if bounds.late_start is not None and state.es.get(tid) == state.es.get(task.parent_id):
                lf = min(lf, plan.finish(bounds.late_start))
        if task.constraint_date is not None or task.deadline is not None:
            lf = self._apply_finish_constraint(task, plan, lf)
        # Plans without resource lanes (nearly all) skip the Plan methods' extra call.
        clock = plan.clock
        lf = plan.snap_finish(lf) if plan.lanes else clock.prev_finish(lf)
        state.lf[tid] = lf
        if task.actual_start is not None:
            state.ls[tid] = to_minutes(task.actual_start)
        elif task.remaining_minutes is not None:
            state.ls[tid] = plan.start(lf, self.remaining(task, plan))
        elif plan.lanes or not plan.minutes:
            state.ls[tid] = plan.start(lf)
        else:
            state.ls[tid] = clock.add_start(lf, -plan.minutes)  # ``plan.start`` inlined

    def _apply_finish_constraint(self, task: Task, plan: Plan, lf: int) -> int:
        """Constraints and the deadline cap the late finish (MSO/MFO pin it)."""
        kind, date = task.constraint, task.constraint_date
        if date is not None:
            moment = to_minutes(date)
            if kind is _MSO:
                lf = plan.finish(moment)
            elif kind is _MFO:
                lf = moment
            elif kind is _SNLT:
                lf = min(lf, plan.finish(moment))
            elif kind is _FNLT:
                lf = min(lf, moment)
        if task.deadline is not None:
            lf = min(lf, to_minutes(task.deadline))
        return lf

    def _backward_summary(self, sid: int) -> None:
        """Bounds a summary's successors put on the late dates of all of its subtasks."""
        task = self.tasks[sid]
        state = self.state
        parent = state.bounds.get(task.parent_id) if task.parent_id else None
        before = state.bounds.get(sid)  # replaced, not changed: see ``_forward_gate``
        bounds = _Bounds(before.start, before.finish) if before else _Bounds()
        state.bounds[sid] = bounds
        bounds.late_finish = parent.late_finish if parent else None
        bounds.late_start = parent.late_start if parent else None
        for link in self.index.succs.get(sid, ()):
            succ = link.successor_id
            if succ not in state.ls or self.tasks[succ].actual_finish is not None:
                continue
            moment, is_start = self._succ_limit(link, None, self._lag_calendar(link))
            if is_start:
                bounds.late_start = _earlier(bounds.late_start, moment)
            else:
                bounds.late_finish = _earlier(bounds.late_finish, moment)
        date = task.constraint_date
        if date is not None:
            if task.constraint in (_FNLT, _MFO):
                bounds.late_finish = _earlier(bounds.late_finish, to_minutes(date))
            elif task.constraint in (_SNLT, _MSO):
                bounds.late_start = _earlier(bounds.late_start, to_minutes(date))
        if task.deadline is not None:
            bounds.late_finish = _earlier(bounds.late_finish, to_minutes(task.deadline))

    def _rollup_late(self, sid: int) -> None:
        """A summary's late dates span its subtasks' (computed after them, backwards).

        ``lf_min`` is the earliest late finish of any subtask, which a finish-to-finish or
        start-to-finish link from the summary's successors' side needs.
        """
        state = self.state
        late_start, late_finish, late_finish_min = state.ls, state.lf, state.lf_min
        ls = lf = lf_min = None
        for child in self.index.children.get(sid, ()):
            if child in late_start:
                child_ls, child_lf = late_start[child], late_finish[child]
                child_min = late_finish_min.get(child, child_lf)
                if ls is None or child_ls < ls:
                    ls = child_ls
                if lf is None or child_lf > lf:
                    lf = child_lf
                if lf_min is None or child_min < lf_min:
                    lf_min = child_min
        if ls is not None:
            late_start[sid], late_finish[sid], late_finish_min[sid] = ls, lf, lf_min  # type: ignore[assignment]

    # --- results ----------------------------------------------------------------------

    def result(self) -> Schedule:
        """Assemble the immutable result: leaves first, then summaries bottom-up."""
        # ``plans`` holds the leaves in topological order, ``rollups`` the summaries:
        # iterating them directly skips testing every node of the graph twice.
        tasks = self.leaf_records(self.plans)
        summary_dates = self.summary_dates
        for sid in self.rollups:
            dates = summary_dates(sid, tasks)
            if dates is not None:
                tasks[sid] = dates
        schedule = Schedule(tasks=tasks, projects=self.project_dates(tasks), engine=self)
        self.last_result = schedule
        return schedule

    @cached_property
    def rollups(self) -> list[int]:
        """Summary (roll-up) nodes in topological order: children before their parents."""
        summaries = self.summaries
        return [node for node in self.graph.order if node > 0 and node in summaries]

    def leaf_dates(self, tid: int) -> TaskDates:
        """One leaf task's result record."""
        return self.leaf_records((tid,))[tid]

    def leaf_records(self, tids: Iterable[int]) -> dict[int, TaskDates]:
        """The record of each leaf task in ``tids``, by id.

        One loop for many tasks so that the engine's tables are looked up once, not once
        per task: building the records is the largest part of a full run. For the same
        reason the loop reads the calendar memos itself (``from_minutes`` through
        ``_MOMENTS``, ``between`` through ``_cum_memo``) and calls out only on a miss.
        """
        state, tasks, plans = self.state, self.tasks, self.plans
        early_start, early_finish, late_start, late_finish = state.es, state.ef, state.ls, state.lf
        alap, thresholds, work = self.alap, self.thresholds, self.index.work.get
        free_slack, succs = self._free_slack, self.index.succs
        moment, known, build = from_minutes, _MOMENTS.get, build_task_dates
        records: dict[int, TaskDates] = {}
        for tid in tids:
            task = tasks[tid]
            plan = plans[tid]
            es, ef = early_start[tid], early_finish[tid]
            ls, lf = late_start[tid], late_finish[tid]
            # Four conversions, not six: the dates shown are the early or the late ones.
            # (A datetime is never false, so ``or`` only calls out on a memo miss.)
            at_es = known(es) or moment(es)
            at_ef = known(ef) or moment(ef)
            at_ls = known(ls) or moment(ls)
            at_lf = known(lf) or moment(lf)
            if tid in alap and task.actual_start is None and not task.manual:
                shown_start, shown_finish, finish = at_ls, at_lf, lf
            else:
                shown_start, shown_finish, finish = at_es, at_ef, ef
            done = task.actual_finish is not None
            if done:
                total = free = 0
            else:
                clock = plan.clock
                cum = _cum_memo(clock)
                at = cum.get if cum is not None else _no_memo
                a, b = at(ef), at(lf)
                total = b - a if a is not None and b is not None else clock.between(ef, lf)
                if task.actual_start is None:
                    a, b = at(es), at(ls)
                    early = b - a if a is not None and b is not None else clock.between(es, ls)
                    total = early if early < total else total
                # Free slack never exceeds total slack, so it need not be measured when
                # the task has none (the critical path: often most of a plan).
                if total > 0:
                    links = succs.get(tid)
                    free = free_slack(links, clock, es, ef) if links is not None else None
                    if free is None:  # no successor in this run: the project finish bounds it
                        free = clock.between(ef, state.project_finish[task.project_id])
                    free = total if total < free else free
                else:
                    free = total
            deadline = task.deadline
            records[tid] = build(  # every field, in order
                shown_start,
                shown_finish,
                at_es,
                at_ef,
                at_ls,
                at_lf,
                task.duration_minutes,
                total,
                free,
                not done and total <= thresholds[task.project_id],
                work(tid, 0),
                task.percent_complete,
                deadline is not None and finish > to_minutes(deadline),
                False,
            )
        return records

    @cached_property
    def thresholds(self) -> dict[int, int]:
        """Each project's critical slack threshold."""
        return {p.id: p.critical_slack_minutes for p in self.portfolio.projects.values()}

    def free_slack(self, tid: int, plan: Plan, ef: int) -> int:
        """How far a task can slip before it delays any successor's early dates."""
        links = self.index.succs.get(tid)
        free = self._free_slack(links, plan.clock, self.state.es[tid], ef) if links else None
        if free is None:  # no successor in this run: the project finish bounds it
            return plan.clock.between(ef, self.state.project_finish[self.tasks[tid].project_id])
        return free

    def _free_slack(self, links: list[Link], clock: Clock, es: int, ef: int) -> int | None:
        """``free_slack`` over a task's links to its successors; None if none is in the run.

        ``clock`` is the task's own calendar, which its free slack is measured on.
        """
        early_start, early_finish = self.state.es, self.state.ef
        between = clock.between
        slack: int | None = None
        for link in links:
            succ = link.successor_id
            target = early_start.get(succ)
            if target is None:  # not in this run
                continue
            kind = link.kind
            if kind is _FF or kind is _SF:
                target = early_finish[succ]
            if link.lag_minutes or link.lag_unit is _PERCENT:
                target = self._lag(link, target, self._lag_calendar(link), True)
            room = between(ef if kind is _FS or kind is _FF else es, target)
            if slack is None or room < slack:
                slack = room
        if slack is None:
            return None
        return slack if slack > 0 else 0

    def summary_dates(self, sid: int, tasks: dict[int, TaskDates]) -> TaskDates | None:
        """A summary's roll-up: span, weighted percent complete, work, slack."""
        task = self.tasks[sid]
        children = [tasks[c] for c in self.index.children.get(sid, ()) if c in tasks]
        if not children:
            return None
        first = children[0]
        start, finish = first.start, first.finish
        es, ef, ls, lf = first.early_start, first.early_finish, first.late_start, first.late_finish
        weight = done = work = 0
        critical, all_done = False, True
        # Finished work has no slack to speak of: a summary's slack and criticality come
        # from its unfinished subtasks, so a completed phase is not shown as critical
        # (slack of all children only when every one is finished).
        open_total = open_free = all_total = all_free = None
        # One loop for all the roll-ups (this runs for every summary of the plan).
        for c in children:
            if c.start < start:
                start = c.start
            if c.finish > finish:
                finish = c.finish
            if c.early_start < es:
                es = c.early_start
            if c.early_finish > ef:
                ef = c.early_finish
            if c.late_start < ls:
                ls = c.late_start
            if c.late_finish > lf:
                lf = c.late_finish
            minutes, percent = c.duration_minutes, c.percent_complete
            weight += minutes
            done += minutes * percent
            work += c.work_minutes
            critical = critical or c.critical
            total, free = c.total_slack_minutes, c.free_slack_minutes
            if percent != 100:
                all_done = False
            if percent < 100:
                open_total = total if open_total is None or total < open_total else open_total
                open_free = free if open_free is None or free < open_free else open_free
            all_total = total if all_total is None or total < all_total else all_total
            all_free = free if all_free is None or free < all_free else all_free
        if open_total is None:
            open_total, open_free = all_total, all_free
        clock = self.project_clock[task.project_id]
        return build_task_dates(  # every TaskDates field, in order
            start,
            finish,
            es,
            ef,
            ls,
            lf,
            clock.between(to_minutes(start), to_minutes(finish)),
            open_total,
            open_free,
            critical,
            work,
            round(done / weight) if weight else (100 if all_done else 0),
            task.deadline is not None and finish > task.deadline,
            True,  # summary
        )

    def project_dates(
        self, tasks: dict[int, TaskDates], only: set[int] | None = None
    ) -> dict[int, ProjectDates]:
        """Each project's span and its critical leaf tasks in start order."""
        if only is None:
            return project_dates(self.tasks, tasks.items())
        chosen = [t for p in only for t in self.index.by_project.get(p, ()) if t in tasks]
        return project_dates(self.tasks, [(t, tasks[t]) for t in chosen])


def project_dates(
    project_of: Mapping[int, Task], records: Iterable[tuple[int, TaskDates]]
) -> dict[int, ProjectDates]:
    """Span and critical path of each project the ``(task id, record)`` pairs belong to.

    A free function because a schedule read back from the file needs the same answer.
    """
    spans: dict[int, list[datetime]] = {}
    critical: dict[int, list[tuple[datetime, int]]] = {}
    for tid, dates in records:
        pid = project_of[tid].project_id
        start, finish = dates.start, dates.finish
        span = spans.get(pid)
        if span is None:
            spans[pid] = [start, finish]
        else:
            if start < span[0]:
                span[0] = start
            if finish > span[1]:
                span[1] = finish
        if dates.critical and not dates.summary:
            critical.setdefault(pid, []).append((start, tid))
    result: dict[int, ProjectDates] = {}
    for pid, (start, finish) in spans.items():
        path = tuple(t for _, t in sorted(critical.get(pid, [])))
        result[pid] = ProjectDates(start=start, finish=finish, critical_path=path)
    return result


def _cum_memo(clock: Clock) -> dict[int, int] | None:
    """The running-total memo of a working-time calendar (None for elapsed time).

    Loops that call ``between`` many times per task read it directly: a memo hit then
    costs one dict lookup instead of a method call and two lookups.
    """
    return clock._memo_cum if type(clock) is WorkingTime else None


def _no_memo(moment: int) -> None:
    """The memo lookup of a clock without one (elapsed time): always a miss."""
    return None


def _later(current: int | None, candidate: int | None) -> int | None:
    """The later of two optional moments (None means no bound)."""
    if candidate is None:
        return current
    return candidate if current is None or candidate > current else current


def _earlier(current: int | None, candidate: int | None) -> int | None:
    """The earlier of two optional moments (None means no bound)."""
    if candidate is None:
        return current
    return candidate if current is None or candidate < current else current


def scope(portfolio: Portfolio, project_ids: Iterable[int] | None) -> list[int]:
    """Task ids to schedule: the projects asked for plus every project linked upstream."""
    if project_ids is None:
        return list(portfolio.tasks)
    wanted = set(project_ids)
    unknown = wanted - set(portfolio.projects)
    if unknown:
        raise ScheduleError(f"no project with id {sorted(unknown)} in this portfolio")
    changed = True
    while changed:
        changed = False
        for link in portfolio.links.values():
            pred = portfolio.tasks.get(link.predecessor_id)
            succ = portfolio.tasks.get(link.successor_id)
            if pred and succ and succ.project_id in wanted and pred.project_id not in wanted:
                wanted.add(pred.project_id)
                changed = True
    return [t for pid in wanted for t in portfolio.project_task_ids(pid)]


# --- incremental reschedules -------------------------------------------------------------


def same_structure(old: Portfolio, new: Portfolio, changed: set[int]) -> bool:
    """True when only the changed tasks' own fields moved (no links, outline or calendars)."""
    for name in ("links", "calendars", "projects", "resources", "assignments"):
        if any(differing_keys(getattr(old, name), getattr(new, name))):
            return False
    upserts, deletes = changed_keys(old.tasks, new.tasks)
    if deletes or any(k not in old.tasks for k in upserts):
        return False
    for tid in changed:
        a, b = old.tasks.get(tid), new.tasks.get(tid)
        if a is None or b is None or (a.parent_id, a.project_id) != (b.parent_id, b.project_id):
            return False
    return True


def incremental(previous: Engine, portfolio: Portfolio, changed: set[int]) -> Schedule | None:
    """Recompute only what ``changed`` tasks can reach; None when a full run is needed.

    Early dates flow downstream from the changed tasks until they stop changing; late
    dates flow upstream the same way. When a project's finish moves, every late date of
    that project depends on it: the backward pass is then redone in full, deferred to
    the result's first read (``_deferred_result``). ALAP tasks and projects scheduled
    from their finish always take the full run.
    """
    if previous.alap or not same_structure(previous.portfolio, portfolio, changed):
        return None
    previous.settle()  # its late dates are the starting point of this edit
    if any(portfolio.tasks[t].constraint is _ALAP for t in changed):
        return None
    engine = Engine.__new__(Engine)
    engine.portfolio = portfolio
    engine.tasks = portfolio.tasks
    engine.index = previous.index
    engine.graph = previous.graph
    engine.summaries = previous.summaries
    engine.project_clock = previous.project_clock
    engine._clocks = previous._clocks
    engine._plain_plans = previous._plain_plans
    engine.plans = dict(previous.plans)
    engine.alap = set()
    now_finished = {t for t in changed if portfolio.tasks[t].actual_finish is not None}
    engine.finished = (previous.finished - changed) | (now_finished & engine.plans.keys())
    engine.use_late_of_alap = False
    engine.pending = None
    old = previous.state
    engine.state = _State(
        es=dict(old.es),
        ef=dict(old.ef),
        ls=dict(old.ls),
        lf=dict(old.lf),
        lf_min=dict(old.lf_min),
        bounds=dict(old.bounds),  # shared objects: the passes replace, never change, them
        project_finish=dict(old.project_finish),
        project_start=dict(old.project_start),
    )
    for tid in changed:
        if tid in engine.plans:
            engine.plans[tid] = engine._plan(portfolio.tasks[tid])
    old_ef = {t: engine.state.ef.get(t) for t in changed}
    # A summary's own links and constraints live on its gate node: recompute both halves.
    seeds = changed | {gate(t) for t in changed if t in engine.summaries}
    moved = _propagate_forward(engine, seeds, old_ef)
    shifted = _update_project_finish(engine, moved, old_ef)
    if shifted:
        # Every late date hangs off the project finish, so nearly all of them (and each
        # record's slack) move: a full backward pass plus thousands of records, many times
        # the cost of the edit. The result defers that work to its first read.
        return _deferred_result(engine, previous, seeds | moved, shifted)
    late_moved = _propagate_backward(engine, seeds | moved)
    touched = changed | moved | late_moved
    return _partial_result(engine, previous, touched)


def _deferred_result(
    engine: Engine, previous: Engine, touched: set[int], shifted: set[int]
) -> Schedule:
    """A result whose late dates, records and project spans are computed on first read."""
    pending: Deferred[tuple[dict[int, TaskDates], dict[int, ProjectDates]]] = Deferred(
        # The previous result is held strongly until then: its records are the base.
        partial(_settle_after_shift, engine, previous, previous.last_result, touched, shifted)
    )
    engine.pending = pending
    schedule = Schedule(
        tasks=DeferredMapping(lambda: pending.value()[0]),
        projects=DeferredMapping(lambda: pending.value()[1]),
        engine=engine,
    )
    engine.last_result = schedule
    return schedule


def _settle_after_shift(
    engine: Engine,
    previous: Engine,
    old: Schedule | None,
    touched: set[int],
    shifted: set[int],
) -> tuple[dict[int, TaskDates], dict[int, ProjectDates]]:
    """The backward pass after the finish of the ``shifted`` projects moved, then records.

    Only those projects' late dates hang off their finish: their nodes get a plain
    backward pass (cheaper than walking them through the priority queue), and tasks of
    other projects are reached through their links into them, stopping where nothing
    changes. Records are rebuilt only for tasks whose dates moved.
    """
    project_of = engine.tasks
    if shifted.issuperset(engine.state.project_finish):
        engine.backward()
        candidates: Iterable[int] = engine.plans
    else:
        nodes = [
            n for n in reversed(engine.graph.order) if project_of[abs(n)].project_id in shifted
        ]
        engine.backward_nodes(nodes)
        preds = engine.index.preds
        outside = {
            link.predecessor_id
            for node in nodes
            if node > 0
            for link in preds.get(node, ())
            if project_of[link.predecessor_id].project_id not in shifted
        }
        upstream_moved = _propagate_backward(engine, outside) if outside else set()
        candidates = [n for n in nodes if n in engine.plans] + list(upstream_moved)
    before, after = previous.state, engine.state
    old_ls, old_lf, new_ls, new_lf = before.ls, before.lf, after.ls, after.lf
    late_moved = {
        t for t in candidates if old_ls.get(t) != new_ls.get(t) or old_lf.get(t) != new_lf.get(t)
    }
    return _partial_records(engine, old, touched | late_moved)


def _update_project_finish(
    engine: Engine, moved: set[int], old_ef: dict[int, int | None]
) -> set[int]:
    """Projects whose finish (the latest early finish) moved; rescans only when it shrank."""
    state = engine.state
    shifted: set[int] = set()
    by_project: dict[int, list[int]] = {}
    for tid in moved:
        by_project.setdefault(engine.tasks[tid].project_id, []).append(tid)
    for pid, tids in by_project.items():
        if engine.portfolio.projects[pid].schedule_from_finish:
            continue
        before = state.project_finish.get(pid)
        shrank = any(old_ef.get(t) == before and state.ef[t] < before for t in tids)
        if shrank:
            finish = max(state.ef[t] for t in engine.index.by_project.get(pid, ()) if t in state.ef)
        else:
            finish = max([before, *(state.ef[t] for t in tids)])  # type: ignore[type-var]
        if finish != before:
            state.project_finish[pid] = finish
            shifted.add(pid)
    return shifted


def _push(heap: list[int], queued: set[int], position: int) -> None:
    """Queue a node once, by topological position, so each is recomputed once."""
    if position not in queued:
        queued.add(position)
        heappush(heap, position)


def _forward_step(self: Engine, node: int) -> tuple[object, object]:
    """Recompute one node forwards; returns its values before and after."""
    state = self.state
    if node < 0:
        bounds = state.bounds.get(-node)
        before = (bounds.start, bounds.finish) if bounds else None
        self._forward_gate(-node)
        bounds = state.bounds[-node]
        return before, (bounds.start, bounds.finish)
    before_dates = (state.es.get(node), state.ef.get(node))
    if node in self.summaries:
        self._rollup_early(node)
    else:
        self._forward_leaf(node)
    return before_dates, (state.es.get(node), state.ef.get(node))


def _propagate_forward(self: Engine, seeds: set[int], old_ef: dict[int, int | None]) -> set[int]:
    """Early dates downstream of ``seeds``, stopping where nothing changes.

    ``old_ef`` receives the early finish each moved task had before.
    """
    graph = self.graph
    order, position = graph.order, graph.position
    heap: list[int] = []
    queued: set[int] = set()
    for tid in seeds:
        if tid in position:
            _push(heap, queued, position[tid])
    moved: set[int] = set()
    while heap:
        node = order[heappop(heap)]
        before, after = _forward_step(self, node)
        if before != after or node in seeds:
            if node > 0:
                moved.add(node)
                if node not in old_ef:
                    old_ef[node] = before[1]  # type: ignore[index]
            for nxt in graph.successors[node]:
                _push(heap, queued, position[nxt])
    return moved


def _backward_step(self: Engine, node: int) -> tuple[object, object]:
    """Recompute one node backwards; returns its values before and after."""
    state = self.state
    if node < 0:
        sid = -node
        before = (state.ls.get(sid), state.lf.get(sid), state.lf_min.get(sid))
        self._rollup_late(sid)
        return before, (state.ls.get(sid), state.lf.get(sid), state.lf_min.get(sid))
    if node in self.summaries:
        bounds = state.bounds.get(node)
        before_bounds = (bounds.late_start, bounds.late_finish) if bounds else None
        self._backward_summary(node)
        bounds = state.bounds[node]
        return before_bounds, (bounds.late_start, bounds.late_finish)
    before_dates = (state.ls.get(node), state.lf.get(node))
    self._backward_leaf(node)
    return before_dates, (state.ls.get(node), state.lf.get(node))


def _propagate_backward(self: Engine, seeds: set[int]) -> set[int]:
    """Late dates upstream of ``seeds``, stopping where nothing changes."""
    graph = self.graph
    order, position = graph.order, graph.position
    heap: list[int] = []
    queued: set[int] = set()
    start_nodes = set(seeds)
    for tid in start_nodes:
        if tid in position:
            _push(heap, queued, -position[tid])
    moved: set[int] = set()
    while heap:
        node = order[-heappop(heap)]
        before, after = _backward_step(self, node)
        if before != after or node in start_nodes:
            if node > 0:
                moved.add(node)
            for prev in upstream(self, node, position):
                _push(heap, queued, -position[prev])
    return moved


def upstream(self: Engine, node: int, position: dict[int, int]) -> list[int]:
    """The graph's predecessors of ``node``, read from the engine's index.

    The same nodes as ``graph.predecessors[node]`` (in another order), without building
    that table: it costs more than a whole reschedule with slack, on the first edit.
    A task's predecessors are its linked predecessors and its summary's gate; a gate's,
    those linked into its summary and the parent summary's gate; a roll-up's, the
    summary's subtasks and its own gate.
    """
    index = self.index
    if node > 0 and node in self.summaries:
        return [*index.children.get(node, ()), gate(node)]
    task_id = -node if node < 0 else node
    nodes = [k.predecessor_id for k in index.preds.get(task_id, ()) if k.predecessor_id in position]
    parent = self.tasks[task_id].parent_id
    if parent is not None and parent in position:
        nodes.append(gate(parent))
    return nodes


def _partial_result(self: Engine, previous: Engine, touched: set[int]) -> Schedule:
    """Reuse the previous records of every task nothing reached."""
    tasks, projects = _partial_records(self, previous.last_result, touched)
    schedule = Schedule(tasks=tasks, projects=projects, engine=self)
    self.last_result = schedule
    return schedule


def _partial_records(
    self: Engine, old: Schedule | None, touched: set[int]
) -> tuple[dict[int, TaskDates], dict[int, ProjectDates]]:
    """``old``'s records with those of ``touched`` tasks (and their summaries) redone."""
    plans, summaries, preds = self.plans, self.summaries, self.index.preds
    leaves: set[int] = set()
    edited_summaries: set[int] = set()
    for tid in touched:
        if tid in plans:
            leaves.add(tid)
        elif tid in summaries:
            edited_summaries.add(tid)
        for link in preds.get(tid, ()):  # their free slack may have moved
            if link.predecessor_id in plans:
                leaves.add(link.predecessor_id)
    ancestors: set[int] = set()
    # A Revision of the old records: the document finds what moved without comparing all.
    tasks = Revision(resolved(old.tasks) if old is not None else {}, self.leaf_records(leaves))
    all_tasks = self.tasks
    for tid in leaves | edited_summaries:
        parent = tid if tid in edited_summaries else all_tasks[tid].parent_id
        while parent is not None and parent not in ancestors:
            ancestors.add(parent)
            parent = all_tasks[parent].parent_id
    position = self.graph.position
    for sid in sorted(ancestors, key=position.__getitem__):
        dates = self.summary_dates(sid, tasks)
        if dates is not None:
            tasks[sid] = dates
    projects = _projects_after(self, old, tasks, leaves | ancestors)
    return tasks, projects


def _projects_after(
    self: Engine, old: Schedule | None, tasks: dict[int, TaskDates], touched: set[int]
) -> dict[int, ProjectDates]:
    """Project spans and critical paths, recomputed only for projects an edit changed."""
    if old is None:
        return self.project_dates(tasks)
    projects = dict(old.projects)
    redo: set[int] = set()
    project_of = self.tasks
    for tid in touched:
        pid = project_of[tid].project_id
        if pid in redo:  # recomputed in full below: no need to compare its records
            continue
        before, after = old.tasks.get(tid), tasks.get(tid)
        if before == after:
            continue
        if before is None or after is None or pid not in projects:
            redo.add(pid)
            continue
        span = projects[pid]
        if (before.start == span.start and after.start > span.start) or (
            before.finish == span.finish and after.finish < span.finish
        ):
            redo.add(pid)
            continue
        critical_moved = before.critical != after.critical or before.start != after.start
        if (before.critical or after.critical) and not after.summary and critical_moved:
            redo.add(pid)
            continue
        projects[pid] = ProjectDates(
            start=min(span.start, after.start),
            finish=max(span.finish, after.finish),
            critical_path=span.critical_path,
        )
    if redo:
        projects.update(self.project_dates(tasks, redo))
    return projects
