"""The portfolio dashboard as an item model: one row per project, from
``app.resources.dashboard``. Priority is edited in place through ``EditProject``; every
other cell only shows what the core worked out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from app.commands.projects import EditProject
from app.model.money import format_money, round_money
from app.model.portfolio import Portfolio
from app.resources.dashboard import ProjectStatus, SharedLoad, Status
from widgets.sinks import EditSink

AnyIndex = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_ROOT = QModelIndex()
#: Raw values to sort by (dates, numbers), so "10" sorts after "9".
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
PROJECT_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2
STATUS_COLORS = {
    Status.ON_TRACK: QColor(198, 239, 206),
    Status.AT_RISK: QColor(255, 235, 156),
    Status.LATE: QColor(255, 190, 190),
}
STATUS_ORDER = {Status.ON_TRACK: 0, Status.AT_RISK: 1, Status.LATE: 2}


class DashColumn(IntEnum):
    """The dashboard's columns."""

    NAME = 0
    PRIORITY = 1
    STATUS = 2
    START = 3
    FINISH = 4
    VARIANCE = 5
    COMPLETE = 6
    MILESTONE = 7
    BUDGET = 8
    ACTUAL = 9
    FORECAST = 10
    LOAD = 11


HEADERS = (
    "Project",
    "Priority",
    "Status",
    "Start",
    "Finish",
    "Finish Var.",
    "% Complete",
    "Next Milestone",
    "Budget",
    "Actual",
    "Forecast (EAC)",
    "Load on Shared Resources",
)
_NUMERIC = frozenset(
    {
        DashColumn.PRIORITY,
        DashColumn.VARIANCE,
        DashColumn.COMPLETE,
        DashColumn.BUDGET,
        DashColumn.ACTUAL,
        DashColumn.FORECAST,
    }
)


class DashboardModel(QAbstractTableModel):
    """One status line per project."""

    #: A typed priority was refused before it became a command; the text says why.
    editRefused = Signal(str)

    def __init__(self, edit_sink: EditSink, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._edit = edit_sink
        self._rows: list[ProjectStatus] = []
        self._portfolio = Portfolio()
        self._read_only = True

    def set_rows(self, rows: list[ProjectStatus], portfolio: Portfolio, read_only: bool) -> None:
        """Show fresh status lines (the portfolio gives each project's days and digits).

        Rows are kept in project id order (the proxy sorts), so when the same projects
        come back only their cells change: no reset closes an editor mid-commit.
        """
        rows = sorted(rows, key=lambda line: line.project_id)
        same = [r.project_id for r in rows] == [r.project_id for r in self._rows]
        if not same:
            self.beginResetModel()
        self._rows, self._portfolio, self._read_only = rows, portfolio, read_only
        if not same:
            self.endResetModel()
        elif rows:
            last = self.index(len(rows) - 1, len(DashColumn) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def status(self, row: int) -> ProjectStatus | None:
        """The status line of a row."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, project_id: int) -> int:
        """The row of a project (-1 when not shown)."""
        return next((i for i, r in enumerate(self._rows) if r.project_id == project_id), -1)

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        """Qt override."""
        return 0 if parent.isValid() else len(DashColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        """Qt override."""
        if orientation is Qt.Orientation.Horizontal and role == _DISPLAY:
            return HEADERS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Qt override: only the priority is edited here."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        if index.column() == DashColumn.PRIORITY and not self._read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> object:
        """Qt override."""
        line = self.status(index.row()) if index.isValid() else None
        if line is None:
            return None
        column = DashColumn(index.column())
        if role == _DISPLAY:
            return self._text(line, column)
        if role == _EDIT:
            return line.priority if column is DashColumn.PRIORITY else self._text(line, column)
        if role == SORT_ROLE:
            return self._sort_key(line, column)
        if role == PROJECT_ID_ROLE:
            return line.project_id
        return self._decoration(line, column, role)

    def setData(self, index: AnyIndex, value: object, role: int = _EDIT) -> bool:
        """Qt override: a new priority becomes an ``EditProject`` (levelling honours it)."""
        line = self.status(index.row()) if index.isValid() else None
        if role != _EDIT or line is None or index.column() != DashColumn.PRIORITY:
            return False
        try:
            priority = int(str(value).strip())
        except ValueError:
            self.editRefused.emit(f"Priority: {value!r} is not a whole number from 0 to 1000")
            return False
        if priority == line.priority:
            return False
        return self._edit(EditProject(line.project_id, {"priority": priority}, "Change priority"))

    # --- what cells show ------------------------------------------------------------------

    def _per_day(self, line: ProjectStatus) -> int:
        project = self._portfolio.projects.get(line.project_id)
        return project.minutes_per_day if project is not None and project.minutes_per_day else 480

    def _money(self, line: ProjectStatus, amount: Decimal) -> str:
        """Whole units with separators: a portfolio overview, not a ledger (exact in tips)."""
        return f"{round_money(amount, 0):,.0f} {line.currency}"

    def _text(self, line: ProjectStatus, column: DashColumn) -> str:
        texts: dict[DashColumn, Callable[[], str]] = {
            DashColumn.NAME: lambda: line.name,
            DashColumn.PRIORITY: lambda: str(line.priority),
            DashColumn.STATUS: lambda: line.status.value.capitalize(),
            DashColumn.START: lambda: _day(line.start),
            DashColumn.FINISH: lambda: _day(line.finish),
            DashColumn.VARIANCE: lambda: _variance(
                line.finish_variance_minutes, self._per_day(line)
            ),
            DashColumn.COMPLETE: lambda: f"{line.percent_complete}%",
            DashColumn.MILESTONE: lambda: _milestone(line),
            DashColumn.BUDGET: lambda: self._money(line, line.budget),
            DashColumn.ACTUAL: lambda: self._money(line, line.actual),
            DashColumn.FORECAST: lambda: self._money(line, line.forecast),
            DashColumn.LOAD: lambda: _load(line.shared_load),
        }
        return texts[column]()

    def _sort_key(self, line: ProjectStatus, column: DashColumn) -> object:
        keys: dict[DashColumn, object] = {
            DashColumn.PRIORITY: line.priority,
            DashColumn.STATUS: STATUS_ORDER[line.status],
            DashColumn.START: _stamp(line.start),
            DashColumn.FINISH: _stamp(line.finish),
            DashColumn.VARIANCE: line.finish_variance_minutes or 0,
            DashColumn.COMPLETE: line.percent_complete,
            DashColumn.MILESTONE: _stamp(line.next_milestone.date if line.next_milestone else None),
            DashColumn.BUDGET: float(line.budget),
            DashColumn.ACTUAL: float(line.actual),
            DashColumn.FORECAST: float(line.forecast),
            DashColumn.LOAD: max((ld.share for ld in line.shared_load), default=0.0),
        }
        return keys.get(column, self._text(line, column).casefold())

    def _decoration(self, line: ProjectStatus, column: DashColumn, role: int) -> object:
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.BackgroundRole and column is DashColumn.STATUS:
            return STATUS_COLORS[line.status]
        if role == Qt.ItemDataRole.ForegroundRole and column is DashColumn.FORECAST:
            return QColor(190, 0, 0) if line.forecast > line.budget > 0 else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(line, column)
        return None


def _stamp(moment: datetime | None) -> float:
    return moment.timestamp() if moment is not None else float("inf")


def _day(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d") if moment is not None else ""


def _variance(minutes: int | None, per_day: int) -> str:
    """Finish variance in working days, signed: ``+3d`` late, ``-1d`` early."""
    if minutes is None:
        return "no baseline"
    days = minutes / per_day
    return "0d" if abs(days) < 0.05 else f"{days:+.1f}".rstrip("0").rstrip(".") + "d"


def _milestone(line: ProjectStatus) -> str:
    mark = line.next_milestone
    return f"{mark.name} ({mark.date:%d %b})" if mark is not None else ""


def _load(loads: tuple[SharedLoad, ...]) -> str:
    """The shared resources this project leans on most, with its share of their work."""
    top = sorted(loads, key=lambda ld: -ld.work_minutes)[:2]
    text = ", ".join(f"{ld.name} {ld.share:.0%}" for ld in top)
    over = sum(1 for ld in loads if ld.over_allocated_weeks)
    if over:
        text += f" — {over} over-allocated"
    return text


def _tooltip(line: ProjectStatus, column: DashColumn) -> str | None:
    if column in (DashColumn.STATUS, DashColumn.NAME):
        reasons = "\n".join(f"• {r}" for r in line.reasons)
        return f"{line.status.value.capitalize()}" + (f":\n{reasons}" if reasons else "")
    if column is DashColumn.LOAD and line.shared_load:
        return "\n".join(
            f"{ld.name}: {ld.work_minutes / 60:.0f}h of {ld.portfolio_work_minutes / 60:.0f}h "
            f"({ld.share:.0%})"
            + (f", over-allocated {ld.over_allocated_weeks} wk" if ld.over_allocated_weeks else "")
            for ld in sorted(line.shared_load, key=lambda ld: -ld.work_minutes)
        )
    if column in (DashColumn.FINISH, DashColumn.VARIANCE) and line.baseline_finish is not None:
        return f"Baseline finish: {_day(line.baseline_finish)}"
    amounts = {
        DashColumn.BUDGET: line.budget,
        DashColumn.ACTUAL: line.actual,
        DashColumn.FORECAST: line.forecast,
    }
    if column in amounts:
        return f"{format_money(amounts[column])} {line.currency}"
    return None


class DashboardFilter(QSortFilterProxyModel):
    """Sorts by raw values and keeps the rows whose name matches and whose status is chosen."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(DashColumn.NAME)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._status: Status | None = None

    def set_status(self, status: Status | None) -> None:
        """Show only projects with this status (None: all)."""
        self.beginFilterChange()
        self._status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        """Qt override: name text and status."""
        model = self.sourceModel()
        if isinstance(model, DashboardModel) and self._status is not None:
            line = model.status(source_row)
            if line is None or line.status is not self._status:
                return False
        return super().filterAcceptsRow(source_row, source_parent)
