"""The one door for edits from the window: check, apply once, then remember for undo.

Item models and dialogs never hold the undo stack; they are given ``perform`` as their
edit sink, so a test can pass ``list.append`` instead.
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
        before = self.document.portfolio
        try:
            after = self.document.preview(command)
            if after is before:
                return False
            self.document.replace(after)
        except (EditError, StoreError) as exc:
            self._report(f"{command.label}: {exc}")
            return False
        step = SnapshotCommand(self.document, command.label, before, after, self._report)
        self.stack.push(step)
        return True
