"""The Resource Usage tab: every resource's work per day, week or month across all projects,
as a grid and as a load histogram of the selected resource.

The grid is computed only for the range shown and only while the tab is visible: a change
to the plan marks it stale and it is recomputed when shown (``app.resources.usage`` does
the sums; this view only lays them out).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.document import Change, Document
from app.resources.usage import PERIOD_KINDS, PeriodKind, Usage, resource_usage
from widgets.resources.cell_tasks import CellTasksDialog
from widgets.resources.histogram import LoadHistogram
from widgets.resources.navigation import jump_to_task
from widgets.resources.usage_model import UsageModel, period_label
from widgets.subscription import RefreshWhenShown, Subscription

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

#: The longest range the tab opens on (a year by week costs 0.1-0.35 s on a 50k-task plan).
MAX_DEFAULT_DAYS = 366


class UsageView(QWidget):
    """Resources x periods, with the selected resource's load below."""

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usageView")
        self._window = window
        self._document: Document | None = None
        self._subscription = Subscription(self._on_change)
        self._refresh = RefreshWhenShown(self, self._recompute)
        self.period = QComboBox()
        self.period.setObjectName("usagePeriod")
        for kind in PERIOD_KINDS:
            self.period.addItem(kind.capitalize() + "s", kind)
        self.period.setCurrentIndex(PERIOD_KINDS.index("week"))
        self.start_edit = _date_edit("usageFrom")
        self.finish_edit = _date_edit("usageTo")
        self.summary = QLabel()
        self.summary.setObjectName("usageSummary")
        self.model = UsageModel(self)
        self.table = QTableView()
        self.table.setObjectName("usageTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setDefaultSectionSize(72)
        self.histogram = LoadHistogram()
        self._lay_out()
        self._connect()

    def _lay_out(self) -> None:
        controls = QHBoxLayout()
        for label, widget in (
            ("Show &by:", self.period),
            ("&From:", self.start_edit),
            ("&To:", self.finish_edit),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            controls.addWidget(caption)
            controls.addWidget(widget)
        controls.addSpacing(16)
        controls.addWidget(self.summary, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.histogram)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(splitter, 1)

    def _connect(self) -> None:
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.start_edit.dateChanged.connect(lambda _d: self.refresh())
        self.finish_edit.dateChanged.connect(lambda _d: self.refresh())
        self.table.doubleClicked.connect(self.show_cell_tasks)
        self.table.selectionModel().currentChanged.connect(self._on_current)

    # --- following the window ----------------------------------------------------------

    def set_document(self, document: Document | None) -> None:
        """Follow the window's file; the range starts as ``default_range``."""
        self._subscription.follow(document)
        self._document = document
        if document is not None:
            self._set_range_to_portfolio(document)
        self.refresh()

    def _set_range_to_portfolio(self, document: Document) -> None:
        first, last = default_range(document)
        for edit, day in ((self.start_edit, first), (self.finish_edit, last)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def _on_change(self, change: Change) -> None:
        if change.tasks or change.resources or change.calendars or change.projects:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Qt override: catch up with edits made while the tab was hidden."""
        super().showEvent(event)
        self._refresh.shown()

    # --- the grid ------------------------------------------------------------------------

    @property
    def period_kind(self) -> PeriodKind:
        """Days, weeks or months, as chosen."""
        kind = self.period.currentData()
        return kind if kind in PERIOD_KINDS else "week"

    def refresh(self) -> None:
        """Recompute the grid for the range shown (when next shown, if hidden)."""
        self._refresh.request()

    def _recompute(self) -> None:
        document = self._document
        first, last = self.start_edit.date().toPython(), self.finish_edit.date().toPython()
        if document is None or not isinstance(first, date) or not isinstance(last, date):
            self._show(None)
            return
        if last < first:
            self.summary.setText("The range ends before it starts.")
            self._show(None)
            return
        usage = resource_usage(document.portfolio, document.schedule, self.period_kind, first, last)
        self._show(usage)

    def _show(self, usage: Usage | None) -> None:
        chosen = self.selected_resource_id()
        self.model.set_usage(usage)
        if usage is not None:
            over = len(usage.over_allocations())
            word = "period" if over == 1 else "periods"
            self.summary.setText(
                f"{len(usage.rows)} resources; {over} over-allocated resource-{word} (in red). "
                "Double-click a cell to see its tasks."
            )
        row = self.model.row_of(chosen) if chosen is not None else -1
        if row < 0 and self.model.rowCount() > 0:
            row = self._first_over_row()
        if row >= 0:
            self.select_resource(self.model.resource_id(row) or 0)
        self._on_current(self.table.currentIndex(), QModelIndex())

    def _first_over_row(self) -> int:
        """Start on the first over-allocated resource: the one a user is looking for."""
        usage = self.model.usage
        if usage is None:
            return 0
        over = usage.over_allocations()
        return self.model.row_of(over[0][0]) if over else 0

    def selected_resource_id(self) -> int | None:
        """The resource of the current cell."""
        index = self.table.currentIndex()
        return self.model.resource_id(index.row()) if index.isValid() else None

    def select_resource(self, resource_id: int) -> None:
        """Make a resource's row current (its load shows below)."""
        row = self.model.row_of(resource_id)
        if row >= 0:
            # Current without selecting: a selected cell's highlight would hide its red.
            flags = QItemSelectionModel.SelectionFlag.NoUpdate
            self.table.selectionModel().setCurrentIndex(self.model.index(row, 0), flags)

    def _on_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        rid = self.model.resource_id(current.row()) if current.isValid() else None
        self.histogram.show_row(self.model.usage, rid)

    def show_cell_tasks(self, index: QModelIndex) -> None:
        """Open the list of tasks behind a cell (double-click)."""
        cell, usage, document = self.model.cell(index), self.model.usage, self._document
        if cell is None or usage is None or document is None or not cell.task_ids:
            return
        name = usage.rows[self.model.resource_id(index.row()) or 0].name
        when = period_label(usage.periods[index.column()], usage.period)
        dialog = CellTasksDialog(
            f"{name}, {when}",
            cell,
            document.portfolio,
            document.schedule,
            lambda task_id: jump_to_task(self._window, task_id),
            self._window,
        )
        self._window.open_dialog(dialog)


def default_range(document: Document, today: date | None = None) -> tuple[date, date]:
    """The portfolio's whole span when it is at most ``MAX_DEFAULT_DAYS`` long; otherwise
    that many days from four weeks before the earliest status date (else today), kept
    within the span, so a big multi-year plan opens on the months that matter."""
    spans = list(document.schedule.projects.values())
    if not spans:
        first = today or date.today()
        return first, first + timedelta(days=90)
    start = min(s.start.date() for s in spans)
    finish = max(s.finish.date() for s in spans)
    if (finish - start).days <= MAX_DEFAULT_DAYS:
        return start, finish
    stamps = [p.status_date.date() for p in document.portfolio.projects.values() if p.status_date]
    anchor = min(stamps) if stamps else (today or date.today())
    first = min(max(start, anchor - timedelta(days=28)), finish - timedelta(days=MAX_DEFAULT_DAYS))
    return first, first + timedelta(days=MAX_DEFAULT_DAYS)


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit
