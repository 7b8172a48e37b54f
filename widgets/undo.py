"""Undo by snapshot: each step holds the portfolio before and after one edit.

The data is immutable and shared between snapshots, so a step costs a few references.
Redo and undo both go through ``Document.replace``, which reschedules and commits the
whole state as one transaction, so undo can never disagree with the edit it undoes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QUndoCommand

from app.commands import EditError
from app.document import Document
from app.model import Portfolio
from app.store import StoreError
from widgets.sinks import MessageSink


def lean(portfolio: Portfolio) -> Portfolio:
    """The same collections without the indexes a Portfolio caches once it is read.

    A snapshot that stays on the stack would otherwise keep its outline, WBS and row
    number indexes alive: several times the size of the data it actually needs.
    """
    return replace(portfolio)


class SnapshotCommand(QUndoCommand):
    """One undoable edit of a Document.

    ``perform`` applies the edit before pushing, where a failure can still be shown and
    nothing pushed; so the first ``redo``, which ``QUndoStack.push`` calls at once, must
    not apply it a second time.
    """

    def __init__(
        self,
        document: Document,
        label: str,
        before: Portfolio,
        after: Portfolio,
        report: MessageSink,
        settle: Callable[[], object] = lambda: None,
    ) -> None:
        """``settle`` lands an edit still rescheduling before this step moves the plan."""
        super().__init__(label)
        self.document = document
        self.before = lean(before)
        self.after = lean(after)
        self._report = report
        self._settle = settle
        self._applied = True

    def redo(self) -> None:
        """Qt override."""
        if self._applied:
            self._applied = False
            return
        self._go_to(self.after, "Redo")

    def undo(self) -> None:
        """Qt override."""
        self._go_to(self.before, "Undo")

    def _go_to(self, state: Portfolio, verb: str) -> None:
        """Replace the document's state; on failure say so and drop this step.

        An exception cannot leave a Qt virtual, so the step is marked obsolete instead
        (the stack then deletes it) and the document stays as it was.
        """
        self._settle()
        if self.isObsolete():
            return  # this step's own edit never landed: the plan is already as before it
        try:
            self.document.replace(state)
        except (EditError, StoreError) as exc:
            self.setObsolete(True)
            self._report(f"{verb} {self.text()} failed: {exc}")
