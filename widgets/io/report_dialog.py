"""The import report, shown after every import: what was read, kept and doubted.

MS Project users expect to be told what an import did; the report (``app.io.report``)
counts what was read per entity, names the elements Plansmith keeps without modelling
(written back on export) and lists warnings, which a status bar line cannot hold.
"""

from __future__ import annotations

import html
from typing import Protocol

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

#: Kept element names listed per owner before "and N more" (MSPDI files keep hundreds).
KEPT_SHOWN = 30


class Report(Protocol):
    """What ``app.io.report.ImportReport`` offers the window."""

    format: str
    kept_unmodelled: list[str]
    notes: list[str]
    warnings: list[str]

    def summary(self) -> str:
        """Counts per entity and the number of warnings, on one line."""
        ...


def report_text(report: Report) -> str:
    """The report's details as plain text: kept elements, then every warning."""
    parts = [f"Read: {report.summary()}", *report.notes]
    if report.kept_unmodelled:
        parts.append(
            "Kept as they are and written back on export (Plansmith does not use them):\n"
            + kept_text(report.kept_unmodelled)
        )
    if report.warnings:
        parts.append(f"Warnings ({len(report.warnings)}):")
        parts.append("\n".join(f"• {w}" for w in report.warnings))
    else:
        parts.append("No warnings.")
    return "\n\n".join(parts)


def kept_text(kept: list[str]) -> str:
    """Kept element names grouped by owner: ``Project (3): Author, Company, Manager``.

    MSPDI names them as paths (``Project/Author``, ``Task/Hyperlink``); one line per owner
    reads far better than a wall of repeated prefixes.
    """
    groups: dict[str, list[str]] = {}
    for name in kept:
        owner, _, rest = name.partition("/")
        groups.setdefault(owner if rest else "", []).append(rest or owner)
    lines = []
    for owner, names in groups.items():
        shown = ", ".join(names[:KEPT_SHOWN])
        more = f" and {len(names) - KEPT_SHOWN} more" if len(names) > KEPT_SHOWN else ""
        lines.append(f"• {owner} ({len(names)}): {shown}{more}" if owner else f"• {shown}{more}")
    return "\n".join(lines)


class ImportReportDialog(QDialog):
    """A headline (what was imported where) over the report's scrollable text."""

    def __init__(self, headline: str, report: Report, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importReport")
        self.setWindowTitle("Import Report")
        self.resize(620, 420)
        self._headline = headline
        self.headline = QLabel(f"<b>{html.escape(headline)}</b>")
        self.headline.setWordWrap(True)
        self.details = QPlainTextEdit(report_text(report))
        self.details.setObjectName("reportText")
        self.details.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def text(self) -> str:
        """Everything the dialog says, for tests and for copying."""
        return f"{self._headline}\n{self.details.toPlainText()}"
