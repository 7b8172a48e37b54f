"""The open document: current portfolio and schedule, its store, and change notices.

Every edit enters here (``execute`` or, for undo and redo, ``replace``): the new
portfolio is rescheduled, the difference is committed to the store as one transaction,
and only then does the document take the new state and tell its listeners what changed.
If scheduling or the write fails, nothing changes: not the store, not the document.

An edit that moves thousands of tasks takes longer to reschedule than a window may
stop answering, so its owner can let the reschedule run on a worker thread
(``offload``): the edit then waits a short while and, if the dates are not ready, returns
with the document *pending*: still showing the state before the edit, and committing
nothing until the dates are known. ``settle`` then finishes it (commit, adopt, notify);
every other entry point settles first, so edits always apply in order to the latest plan.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial

from app.commands.base import Command, EditError
from app.model import Task
from app.model.portfolio import Portfolio, carry_indexes
from app.model.revision import changed_keys, differing_keys
from app.schedule import ScheduleError, reschedule, schedule
from app.schedule.deferred import resolved
from app.schedule.result import Schedule
from app.store import Store, StoreError


@dataclass(frozen=True, slots=True)
class Change:
    """What an edit changed, so each view refreshes only what it shows (Anki's OpChanges).

    ``tasks`` holds tasks whose inputs or computed dates changed; ``structure`` is set when
    tasks were added, removed or moved in the outline.
    """

    structure: bool = False
    tasks: frozenset[int] = frozenset()
    links: bool = False
    projects: bool = False
    resources: bool = False
    budget: bool = False
    calendars: bool = False


Listener = Callable[[Change], None]
#: Runs a function on another thread: ``ThreadPoolExecutor.submit`` fits.
Submit = Callable[[Callable[[], "Rescheduled"]], "Future[Rescheduled]"]


@dataclass(frozen=True, slots=True)
class Rescheduled:
    """What an edit's reschedule found: the new schedule and what it changed."""

    schedule: Schedule
    change: Change


@dataclass(frozen=True, slots=True)
class Offload:
    """How edits may reschedule off the caller's thread (set by the document's owner).

    ``submit`` runs a reschedule on a worker; an edit waits ``wait`` seconds for it, then
    returns pending. ``ready`` is called on the worker when the dates are known; the
    owner must then call ``Document.settle`` on its own thread.
    """

    submit: Submit
    wait: float
    ready: Callable[[], None]


@dataclass(frozen=True, slots=True)
class _Pending:
    """An edit whose reschedule still runs: the states before and after it."""

    before: Portfolio
    after: Portfolio
    future: Future[Rescheduled]


def keeps_its_row(old: Task | None, new: Task) -> bool:
    """True when a task's edit leaves it where it was: same project, parent, position."""
    return old is not None and (old.project_id, old.parent_id, old.position) == (
        new.project_id,
        new.parent_id,
        new.position,
    )


def describe_change(
    old: Portfolio, new: Portfolio, old_schedule: Schedule, new_schedule: Schedule
) -> Change:
    """Compare two snapshots and their schedules."""
    upserts, deletes = changed_keys(old.tasks, new.tasks)
    structure = bool(deletes) or not all(
        keeps_its_row(old.tasks.get(k), new.tasks[k]) for k in upserts
    )
    # Identity first: an incremental reschedule shares the records of unmoved tasks (and
    # its records are a Revision of the old ones, once any deferred part is computed).
    moved, _ = differing_keys(resolved(old_schedule.tasks), resolved(new_schedule.tasks))
    return Change(
        structure=structure,
        tasks=frozenset(upserts) | frozenset(moved),
        links=old.links is not new.links,
        projects=old.projects is not new.projects,
        resources=old.resources is not new.resources or old.assignments is not new.assignments,
        budget=any(
            getattr(old, c) is not getattr(new, c)
            for c in ("accounts", "budget_lines", "ledger", "suppliers")
        ),
        calendars=old.calendars is not new.calendars,
    )


def _touched_tasks(old: Portfolio, new: Portfolio) -> set[int] | None:
    """Tasks an edit touched directly, or None when only a full reschedule is safe."""
    if old.projects is not new.projects or old.calendars is not new.calendars:
        return None
    upserts, deletes = changed_keys(old.tasks, new.tasks)
    touched = set(upserts) | set(deletes)
    link_up, link_del = changed_keys(old.links, new.links)
    for key in link_up:
        touched.update((new.links[key].predecessor_id, new.links[key].successor_id))
    for key in link_del:
        touched.update((old.links[key].predecessor_id, old.links[key].successor_id))
    assign_up, assign_del = changed_keys(old.assignments, new.assignments)
    touched.update(new.assignments[k].task_id for k in assign_up)
    touched.update(old.assignments[k].task_id for k in assign_del)
    if old.resources is not new.resources:
        return None
    return touched


def _rescheduled(
    old: Portfolio, new: Portfolio, old_schedule: Schedule, computed: bool
) -> Rescheduled:
    """The schedule after an edit, and the change it makes (pure: safe on any thread).

    Args:
        computed: ``old_schedule`` came from this engine in this session (a schedule read
            from the file carries no engine state to reschedule from).
    """
    touched = _touched_tasks(old, new)
    try:
        if touched is None or not computed:
            new_schedule = schedule(new)
        else:
            new_schedule = reschedule(new, old_schedule, touched)
    except ScheduleError as exc:
        raise EditError(str(exc)) from exc
    return Rescheduled(new_schedule, describe_change(old, new, old_schedule, new_schedule))


class Document:
    """One open ``.plansmith`` file, with its portfolio and schedule in memory.

    The file also keeps the computed schedule, for other readers and so that opening a
    big plan shows its dates at once. Writing those results is the largest part of an
    edit's cost (every late date of a project moves with its finish), and they can
    always be recomputed, so an edit commits only its inputs, marking the stored
    results stale in the same transaction; ``flush_schedule`` (run by the window when
    the user pauses, and by ``close``) brings them up to date. A crash in between loses
    no edit: the next open finds the results stale and schedules afresh.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.portfolio = store.load()
        #: The schedule the file holds, when known (then only what differs is written).
        self._stored: Schedule | None = store.load_schedule(self.portfolio)
        #: True while ``schedule`` came from a full run of this engine in this session
        #: (a stored schedule has no engine state for incremental reschedules).
        self._computed = self._stored is None
        self.schedule = self._stored if self._stored is not None else schedule(self.portfolio)
        self._listeners: list[Listener] = []
        self._offload: Offload | None = None
        self._pending: _Pending | None = None

    @property
    def read_only(self) -> bool:
        """True when the file was opened read-only; edits are refused."""
        return self.store.read_only

    @property
    def schedule_unsaved(self) -> bool:
        """True when the file's stored results lag behind ``schedule``."""
        return self.schedule is not self._stored

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` after every change; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def preview(self, command: Command) -> Portfolio:
        """The portfolio the command would give, without keeping it.

        Raises:
            EditError: the command refused the edit, or a pending edit (landed first)
                could not be scheduled; StoreError: that pending edit could not be written.
        """
        self.settle()
        return command.apply(self.portfolio, self.schedule)

    def execute(self, command: Command) -> Change:
        """Apply a command as one committed, rescheduled edit."""
        return self.replace(self.preview(command))

    @property
    def pending(self) -> bool:
        """True while an edit's reschedule runs on (see ``offload``)."""
        return self._pending is not None

    @property
    def pending_portfolio(self) -> Portfolio | None:
        """The plan a pending edit leads to: what was typed is known, its dates are not."""
        return self._pending.after if self._pending is not None else None

    def offload(self, offload: Offload | None) -> None:
        """Let reschedules that take longer than ``offload.wait`` run on without the caller.

        None (the default, and what the CLI uses) makes every edit finish before it returns.
        """
        self.settle()
        self._offload = offload

    def replace(self, new: Portfolio) -> Change:
        """Make ``new`` the current state (edits, undo and redo all come through here).

        Returns what changed; an empty Change while the edit is ``pending`` (its listeners
        hear of it when it lands).

        Raises:
            EditError: the new plan cannot be scheduled (e.g. a loop of links).
            StoreError: the file could not be written; nothing changed.
        """
        self.settle()
        old, old_schedule = self.portfolio, self.schedule
        if new is old:
            return Change()
        # The worker reads the current schedule: have its deferred part computed here, so
        # the views, which keep reading it meanwhile, never compute it at the same time.
        resolved(old_schedule.tasks)
        work = partial(_rescheduled, old, new, old_schedule, self._computed)
        offload = self._offload
        if offload is None:
            return self._adopt(old, new, work())
        future = offload.submit(work)
        try:
            found = future.result(timeout=offload.wait)
        except TimeoutError:
            self._pending = _Pending(old, new, future)
            future.add_done_callback(lambda _done: offload.ready())
            return Change()
        return self._adopt(old, new, found)

    def settle(self) -> Change:
        """Finish a pending edit (waiting for its dates): commit it, adopt it, notify.

        Returns its Change (empty when nothing was pending).

        Raises:
            EditError: its plan cannot be scheduled; StoreError: it could not be written.
            Either way the edit is dropped and the document stays as it was before it.
        """
        pending, self._pending = self._pending, None
        if pending is None:
            return Change()
        return self._adopt(pending.before, pending.after, pending.future.result())

    def _adopt(self, old: Portfolio, new: Portfolio, found: Rescheduled) -> Change:
        """Commit the edit, then make it the current state and tell the listeners."""
        self.store.write(old, new)
        self.portfolio, self.schedule = new, found.schedule
        self._computed = True
        carry_indexes(old, new, same_outline=not found.change.structure)
        return self._notify(found.change)

    def _notify(self, change: Change) -> Change:
        for listener in list(self._listeners):
            listener(change)
        return change

    def flush_schedule(self) -> None:
        """Write the computed results the file lacks (nothing when they are current).

        Raises:
            StoreError: the file could not be written (the results stay unsaved).
        """
        if self.read_only or self.pending or not self.schedule_unsaved:
            return  # a pending edit's results are written after it lands
        self.store.write_schedule(self._stored, self.schedule)
        self._stored = self.schedule

    @property
    def schedule_verified(self) -> bool:
        """False while ``schedule`` is the one read from the file, not yet recomputed."""
        return self._computed

    def verify_schedule(self, fresh: Schedule | None = None) -> Change:
        """Recompute a schedule read from the file, so the next edit is incremental.

        The stored dates were computed by this same engine from this same plan, so they
        normally come back unchanged and nothing is notified; if they differ (a file
        written by hand), the fresh dates replace them and listeners are told.

        Args:
            fresh: the full schedule of the current portfolio, when the caller computed
                it already (the window does, in a worker thread).
        """
        self.settle()
        if self._computed:
            return Change()
        old = self.schedule
        fresh = fresh if fresh is not None else schedule(self.portfolio)
        self._computed = True
        if fresh.tasks == old.tasks and fresh.projects == old.projects:
            if self._stored is old:
                self._stored = fresh  # the same records: nothing to write
            self.schedule = fresh
            return Change()
        self.schedule = fresh
        return self._notify(describe_change(self.portfolio, self.portfolio, old, fresh))

    def store_schedule(self) -> None:
        """Compute every date afresh and make the file carry them (``plansmith schedule``)."""
        self.verify_schedule()
        self.flush_schedule()

    def reschedule_all(self) -> Schedule:
        """Recompute every date from scratch and store the results."""
        self.settle()
        old = self.schedule
        fresh = schedule(self.portfolio)
        self._computed = True
        self.schedule = fresh
        self.flush_schedule()
        self._notify(describe_change(self.portfolio, self.portfolio, old, fresh))
        return fresh

    def close(self) -> None:
        """Store any unsaved results, then close the store (and let go of its lock).

        Results that cannot be written are dropped: the file marks them stale, and the
        next open computes them again.
        """
        try:
            if not self.read_only:
                with contextlib.suppress(EditError, StoreError):
                    self.settle()
                with contextlib.suppress(StoreError):
                    self.flush_schedule()
        finally:
            self.store.close()
