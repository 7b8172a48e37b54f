"""The one door for edits from the window: check, apply once, then remember for undo.

Item models and dialogs never hold the undo stack; they are given ``perform`` as their
edit sink, so a test can pass ``list.append`` instead.

An edit may return before its reschedule is done (``Document.pending``, when the window
lets long reschedules run on a worker): its undo step is pushed at once, and ``settle``
lands it, or, should it fail, tells the user and takes the step off the stack again.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from app.commands import Command, EditError
from app.document import Document
from app.store import StoreError
from widgets.sinks import MessageSink
from widgets.undo import SnapshotCommand


class Editor:
    """Runs commands on a Document and keeps them on a QUndoStack."""

    def __init__(self, document: Document, stack: QUndoStack, report: MessageSink) -> None:
        self.document = document
        self.stack = stack
        self._report = report
        #: The step of the edit still rescheduling, if any.
        self._pending: SnapshotCommand | None = None

    def perform(self, command: Command) -> bool:
        """Apply ``command`` as one undoable edit.

        The command runs once, in ``preview``; its result is committed through
        ``Document.replace`` before the step is pushed, because an error raised inside
        ``QUndoCommand.redo`` would be lost while the step stayed on the stack.

        Returns:
            True when the edit was made; False when it was refused (the user was told why).
        """
        if self.document.read_only:
            self._report(f"{self.document.store.path.name} is open read-only; nothing was changed")
            return False
        self.settle()  # the command applies to the plan as it is after the previous edit
        before = self.document.portfolio
        try:
            after = self.document.preview(command)
            if after is before:
                return False
            self.document.replace(after)
        except (EditError, StoreError) as exc:
            self._report(f"{command.label}: {exc}")
            return False
        step = SnapshotCommand(
            self.document, command.label, before, after, self._report, self._settle_in_step
        )
        self.stack.push(step)
        if self.document.pending:
            self._pending = step
        return True

    def settle(self, *, in_step: bool = False) -> bool:
        """Land the edit still rescheduling, if any (waiting for it).

        Args:
            in_step: called from a step's undo or redo, inside the stack's own call.

        Returns:
            False when it failed: the user was told why, its undo step is marked obsolete
            (and taken off the stack) and the plan is as it was before it.
        """
        step, self._pending = self._pending, None
        try:
            self.document.settle()
        except (EditError, StoreError) as exc:
            self._report(f"{step.text() if step else 'Edit'}: {exc}")
            if step is not None:
                step.setObsolete(True)  # QUndoStack.undo deletes an obsolete step unrun
                if not in_step and self._on_top(step):
                    self.stack.undo()
            return False
        return True

    def _settle_in_step(self) -> None:
        """What a step calls before it moves the plan (the stack deletes it if obsolete)."""
        self.settle(in_step=True)

    def _on_top(self, step: SnapshotCommand) -> bool:
        index = self.stack.index()
        return index > 0 and self.stack.command(index - 1) is step
