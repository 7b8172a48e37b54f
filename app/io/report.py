"""What an import did: how many of each thing it read, what it kept unmodelled, what it doubts.

Shared by every importer (MSPDI, CSV, xlsx, GanttProject) so the UI shows one summary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ImportReport:
    """Counts per entity (``tasks``, ``links``...), unmodelled element names kept, warnings.

    Warnings are plain sentences naming the place (``Task UID 7: blank row skipped``);
    they do not stop the import, unlike ``ImportRejected``.
    """

    source: str = ""
    format: str = ""
    counts: Counter[str] = field(default_factory=Counter)
    kept_unmodelled: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Facts about how the file was read (the column mapping a table import used).
    notes: list[str] = field(default_factory=list)
    #: Names already in ``kept_unmodelled``, so ``keep`` stays O(1) on big files.
    _seen: set[str] = field(default_factory=set, init=False, repr=False, compare=False)

    def count(self, entity: str, n: int = 1) -> None:
        """Add ``n`` to the number of ``entity`` read."""
        self.counts[entity] += n

    def keep(self, element: str) -> None:
        """Note an element name that was kept in ``extra`` (each name listed once)."""
        if element not in self._seen:
            self._seen.add(element)
            self.kept_unmodelled.append(element)

    def note(self, message: str) -> None:
        """Record how something was read (not a doubt); empty messages are dropped."""
        if message:
            self.notes.append(message)

    def warn(self, message: str) -> None:
        """Record something the user should know but that did not stop the import."""
        self.warnings.append(message)

    def __str__(self) -> str:
        """The summary line, the notes, then one warning per line (what a CLI prints)."""
        return "\n".join([self.summary(), *self.notes, *self.warnings])

    def summary(self) -> str:
        """One line for a status bar: ``12 tasks, 4 links, 2 resources; 1 warning``."""
        parts = [f"{n} {name}" for name, n in self.counts.items()]
        text = ", ".join(parts) or "nothing read"
        if self.warnings:
            plural = "s" if len(self.warnings) != 1 else ""
            text += f"; {len(self.warnings)} warning{plural}"
        return text
