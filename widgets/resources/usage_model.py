"""The resource usage grid as an item model: resources (rows) by periods (columns).

It shows a ``Usage`` computed elsewhere (``app.resources.usage``) and computes nothing
itself; over-allocated cells get their own colour so a user finds them at a glance.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.resources.usage import Period, PeriodKind, Usage, UsageCell
from widgets.resources.rates import format_hours

AnyIndex = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ROOT = QModelIndex()
#: Over-allocated cells and bars: a red that reads as "too much" on white and grey.
OVER_COLOR = QColor(220, 60, 50)
OVER_TEXT = QColor(255, 255, 255)
#: Cells with work within capacity.
BOOKED_COLOR = QColor(214, 230, 247)
#: The resource id of a row (every column).
RESOURCE_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1


def period_label(period: Period, kind: PeriodKind, lines: int = 1) -> str:
    """A period's title: ``Mon 23 Nov``, ``W48 23 Nov 26`` or ``Nov 2026``; with two
    lines (column headers) the week number or weekday sits above the date."""
    start = period.start
    if kind == "day":
        head, rest = start.strftime("%a"), start.strftime("%d %b %y")
    elif kind == "week":
        head, rest = f"W{start.isocalendar().week:02d}", start.strftime("%d %b %y")
    else:
        return start.strftime("%b %Y")
    return f"{head}\n{rest}" if lines == 2 else f"{head} {rest}"


class UsageModel(QAbstractTableModel):
    """A read-only grid over one ``Usage``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._usage: Usage | None = None
        self._ids: list[int] = []

    @property
    def usage(self) -> Usage | None:
        """The grid shown."""
        return self._usage

    def set_usage(self, usage: Usage | None) -> None:
        """Show another grid; rows in name order."""
        self.beginResetModel()
        self._usage = usage
        rows = usage.rows if usage is not None else {}
        self._ids = sorted(rows, key=lambda rid: (rows[rid].name.casefold(), rid))
        self.endResetModel()

    def resource_id(self, row: int) -> int | None:
        """The resource of a row."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, resource_id: int) -> int:
        """The row of a resource (-1 when not shown)."""
        return self._ids.index(resource_id) if resource_id in self._ids else -1

    def cell(self, index: AnyIndex) -> UsageCell | None:
        """The usage cell behind an index."""
        if self._usage is None or not index.isValid():
            return None
        return self._usage.cell(self._ids[index.row()], index.column())

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        """Qt override."""
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        """Qt override."""
        if parent.isValid() or self._usage is None:
            return 0
        return len(self._usage.periods)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        """Qt override: periods across, resource names down."""
        if role != _DISPLAY or self._usage is None:
            return None
        if orientation is Qt.Orientation.Horizontal:
            return period_label(self._usage.periods[section], self._usage.period, lines=2)
        return self._usage.rows[self._ids[section]].name

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> object:
        """Qt override."""
        cell = self.cell(index)
        if cell is None:
            return None
        if role == _DISPLAY:
            return format_hours(cell.work_minutes)
        if role == RESOURCE_ID_ROLE:
            return self._ids[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.BackgroundRole:
            return _background(cell)
        if role == Qt.ItemDataRole.ForegroundRole and cell.over_allocated:
            return OVER_TEXT
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(cell)
        return None


def _background(cell: UsageCell) -> QColor | None:
    if cell.over_allocated:
        return OVER_COLOR
    return BOOKED_COLOR if cell.work_minutes >= 0.5 else None


def _tooltip(cell: UsageCell) -> str:
    work = format_hours(cell.work_minutes) or "0h"
    capacity = format_hours(cell.capacity_minutes) or "0h"
    text = f"{work} of {capacity} available"
    if cell.over_allocated:
        text += f"\nOver-allocated by {format_hours(cell.over_minutes)}"
    if cell.task_ids:
        text += "\nDouble-click to see the tasks"
    return text
