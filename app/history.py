"""Undo and redo by snapshot for the core (the CLI and tests); the window uses QUndoStack.

Both keep (before, after) portfolio snapshots and go through ``Document.replace``, so
undo can never disagree with the edit it undoes. Snapshots share unchanged objects, so
each costs a few references, not a copy of the plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.commands.base import Command
from app.document import Change, Document
from app.model.portfolio import Portfolio


@dataclass(frozen=True, slots=True)
class Step:
    """One undoable edit."""

    label: str
    before: Portfolio
    after: Portfolio


class History:
    """A linear undo/redo history over one document."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._undo: list[Step] = []
        self._redo: list[Step] = []

    def do(self, command: Command) -> Change:
        """Execute a command and remember it."""
        before = self.document.portfolio
        change = self.document.execute(command)
        self._undo.append(Step(command.label, before, self.document.portfolio))
        self._redo.clear()
        return change

    def undo(self) -> Change:
        """Go back one edit (committed to the store like any edit)."""
        step = self._undo.pop()
        change = self.document.replace(step.before)
        self._redo.append(step)
        return change

    def redo(self) -> Change:
        """Apply the last undone edit again."""
        step = self._redo.pop()
        change = self.document.replace(step.after)
        self._undo.append(step)
        return change

    @property
    def can_undo(self) -> bool:
        """True when there is an edit to undo."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """True when there is an undone edit to redo."""
        return bool(self._redo)
