"""Keeps the open document's schedule computed, checked and stored, off the edit path.

Three jobs the Document leaves to its window (see ``app.document.Document``):

* A file opens on the schedule stored in it, so a 50k-task plan paints at once. That
  schedule is then recomputed once, in a worker thread, so the next edit can be an
  incremental reschedule; the portfolio is immutable, so the thread reads it safely,
  and its answer is adopted on the GUI thread only if the plan has not changed since.
* An edit commits its inputs only; the computed results are written when the user
  pauses (and when the file closes), so a drag does not wait for thousands of rows.
* An edit that moves thousands of tasks (dragging the first task of a long chain) takes
  longer to reschedule than a window may stop answering: the Document runs it on a
  worker of ours (``Document.offload``) and, once its dates are ready, we land it on the
  GUI thread (``MainWindow.settle_edit``). Until then the window shows the plan before
  the edit and says it is rescheduling.
"""

from __future__ import annotations

import sys
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.document import Change, Document, Offload
from app.gcpause import frozen_after
from app.model.portfolio import Portfolio
from app.schedule import Schedule, ScheduleError, schedule
from app.store import StoreError

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

#: Quiet time after the last edit before the results are written.
IDLE_MS = 1500
#: Wait after opening before checking the stored schedule (let the window paint first).
VERIFY_DELAY_MS = 400
#: How often a running check is looked at.
POLL_MS = 50
#: How long an edit waits for its reschedule before the window answers again. Most edits
#: finish well within it and land at once, as if nothing were offloaded.
EDIT_WAIT_S = 0.010
#: How soon a thread waiting for the interpreter gets it back (Python's default is 5 ms).
#: Our workers run pure Python, and the GUI thread gives the interpreter up at each call
#: into Qt: a drop's repaint during a 10k reschedule took 100 ms at 5 ms, 20-25 ms at
#: 0.2 ms. With one thread running, the interval costs nothing.
SWITCH_INTERVAL_S = 0.0002


def _lasting_schedule(portfolio: Portfolio) -> Schedule:
    """The full schedule, its objects then kept out of the cyclic collector's sight.

    The run's engine lives as long as the file (every incremental reschedule starts
    from it) and holds about a quarter of a million lists and records at 50k tasks,
    none in a cycle. Left to the collector, they would be walked as soon as the run ends (0.15 s
    holding the interpreter, so the window too) and at every full collection after;
    frozen like the rest of the open file (``MainWindow.set_document``), never.
    """
    with frozen_after():
        return schedule(portfolio)


class ScheduleUpkeep(QObject):
    """One per window; follows the window's document."""

    #: Emitted on the worker thread when an offloaded edit's dates are ready.
    editReady = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._document: Document | None = None
        self._unsubscribe = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="verify")
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
        # Apart from the check's worker: an edit must not queue behind a 2 s check.
        self._edits = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reschedule")
        self.editReady.connect(window.settle_edit, Qt.ConnectionType.QueuedConnection)
        self._pending: tuple[Portfolio, Future[Schedule]] | None = None
        self.flush_timer = QTimer(self, singleShot=True, interval=IDLE_MS)
        self.flush_timer.timeout.connect(self.flush)
        self._verify_timer = QTimer(self, singleShot=True, interval=VERIFY_DELAY_MS)
        self._verify_timer.timeout.connect(self._start_verify)
        self._poll_timer = QTimer(self, interval=POLL_MS)
        self._poll_timer.timeout.connect(self._collect_verify)
        window.documentChanged.connect(self._on_document)
        window.destroyed.connect(lambda: self._executor.shutdown(wait=False))
        window.destroyed.connect(lambda: self._edits.shutdown(wait=False))

    def _on_document(self, document: Document | None) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._document = document
        self._pending = None
        self._poll_timer.stop()
        self.flush_timer.stop()
        if document is None:
            return
        self._unsubscribe = document.subscribe(self._on_change)
        if not document.read_only:
            document.offload(Offload(self._edits.submit, EDIT_WAIT_S, self.editReady.emit))
        if not document.schedule_verified:
            self._verify_timer.start()
        elif document.schedule_unsaved:
            self.flush_timer.start()

    def _on_change(self, _change: Change) -> None:
        self.flush_timer.start()  # (re)start: write once the user pauses

    def flush(self) -> None:
        """Write the results the file lacks now (also called before the file closes)."""
        self.flush_timer.stop()
        document = self._document
        if document is None:
            return
        try:
            document.flush_schedule()
        except StoreError as exc:  # the results stay marked stale; edits are safe
            self._window.show_message(f"Computed dates not saved yet: {exc}")

    # --- checking a stored schedule --------------------------------------------------------

    def _start_verify(self) -> None:
        document = self._document
        if document is None or document.schedule_verified:
            return
        portfolio = document.portfolio
        self._pending = (portfolio, self._executor.submit(_lasting_schedule, portfolio))
        self._poll_timer.start()

    def _collect_verify(self) -> None:
        if self._pending is None:
            self._poll_timer.stop()
            return
        portfolio, future = self._pending
        if not future.done():
            return
        self._poll_timer.stop()
        self._pending = None
        document = self._document
        if document is None or document.pending or document.portfolio is not portfolio:
            return  # an edit came first and schedules in full itself
        try:
            fresh = future.result()
        except ScheduleError as exc:
            self._window.show_problem(f"The plan cannot be scheduled: {exc}")
            return
        document.verify_schedule(fresh)
        if document.schedule_unsaved:
            self.flush_timer.start()

    def wait_for_verify(self) -> None:
        """Finish a running check now (tests and the benchmark use it)."""
        if self._verify_timer.isActive():
            self._verify_timer.stop()
            self._start_verify()
        if self._pending is not None:
            self._pending[1].result()
            self._collect_verify()
