"""The Portfolio tab: every project's status line (sortable, filterable) and the portfolio
timeline below. Work is skipped while the tab is hidden; a change marks it stale and it
is recomputed when shown (``app.resources.dashboard`` does the judging)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.document import Change, Document
from app.model import Portfolio
from app.resources.dashboard import Status, Timeline, dashboard, portfolio_timeline
from widgets.portfolio.dashboard_model import (
    PROJECT_ID_ROLE,
    DashboardFilter,
    DashboardModel,
    DashColumn,
)
from widgets.portfolio.timeline import PortfolioTimeline
from widgets.resources.navigation import open_project
from widgets.subscription import RefreshWhenShown, Subscription

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

AnyIndex = QModelIndex | QPersistentModelIndex
#: MS Project's priority range.
MAX_PRIORITY = 1000
#: Widest a dashboard column starts (long milestone names are elided; tooltips and
#: dragging show the rest).
MAX_COLUMN_WIDTH = 200


class PriorityDelegate(QStyledItemDelegate):
    """A spin box from 0 to 1000 for the priority column."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        """Qt override."""
        box = QSpinBox(parent)
        box.setRange(0, MAX_PRIORITY)
        box.setSingleStep(50)
        return box

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        """Qt override."""
        if isinstance(editor, QSpinBox):
            editor.interpretText()
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


class PortfolioView(QWidget):
    """The dashboard table over the timeline."""

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("portfolioView")
        self._window = window
        self._document: Document | None = None
        self._subscription = Subscription(self._on_change)
        self._refresh = RefreshWhenShown(self, self._recompute)
        self.model = DashboardModel(window.perform, self)
        self.model.editRefused.connect(window.show_problem)
        self.proxy = DashboardFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("portfolioFilter")
        self.filter_edit.setPlaceholderText("Filter projects by name")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.status_choice = QComboBox()
        self.status_choice.setObjectName("portfolioStatus")
        self.status_choice.addItem("All statuses", None)
        for status in Status:
            self.status_choice.addItem(status.value.capitalize(), status.value)
        self.status_choice.currentIndexChanged.connect(lambda _i: self._filter_status())
        self.table = self._build_table()
        self.timeline = PortfolioTimeline(lambda pid: open_project(window, pid))
        self._lay_out()

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("portfolioTable")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(DashColumn.PRIORITY, Qt.SortOrder.DescendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setItemDelegateForColumn(DashColumn.PRIORITY, PriorityDelegate(table))
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        table.doubleClicked.connect(self._open_row)
        return table

    def _lay_out(self) -> None:
        controls = QHBoxLayout()
        controls.addWidget(self.filter_edit, 1)
        controls.addWidget(self.status_choice)
        controls.addWidget(QLabel("Double-click a project to open it; F2 edits its priority."))
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(controls)
        top_layout.addWidget(self.table)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.timeline)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

    def _filter_status(self) -> None:
        value = self.status_choice.currentData()
        self.proxy.set_status(Status(value) if value else None)

    # --- following the window ----------------------------------------------------------

    def set_document(self, document: Document | None) -> None:
        """Follow the window's file."""
        self._subscription.follow(document)
        self._document = document
        self.refresh()

    def _on_change(self, change: Change) -> None:
        self._refresh.request()

    def showEvent(self, event: QShowEvent) -> None:
        """Qt override: catch up with edits made while the tab was hidden."""
        super().showEvent(event)
        self._refresh.shown()

    def refresh(self) -> None:
        """Recompute the status lines and the timeline (when next shown, if hidden)."""
        self._refresh.request()

    def _recompute(self) -> None:
        document = self._document
        if document is None:
            self.model.set_rows([], Portfolio(), True)
            self.timeline.set_timeline(Timeline((), ()))
            return
        portfolio, schedule = document.portfolio, document.schedule
        rows = self.model.rowCount()
        self.model.set_rows(dashboard(portfolio, schedule), portfolio, document.read_only)
        self.timeline.set_timeline(portfolio_timeline(portfolio, schedule))
        self._fit_columns()
        if rows != self.model.rowCount():
            self._share_height()

    def _fit_columns(self) -> None:
        """Columns as wide as their contents, but none so wide it pushes the rest away."""
        self.table.resizeColumnsToContents()
        for column in range(self.proxy.columnCount()):
            if self.table.columnWidth(column) > MAX_COLUMN_WIDTH:
                self.table.setColumnWidth(column, MAX_COLUMN_WIDTH)

    def _share_height(self) -> None:
        """Give the table the height its rows need (a few projects leave no blank half)
        and the timeline the rest."""
        table = self.table
        wanted = (
            table.horizontalHeader().height()
            + table.verticalHeader().length()
            + self.filter_edit.sizeHint().height()
            + 2 * table.frameWidth()
            + 24
        )
        total = sum(self.splitter.sizes()) or self.height()
        top = min(max(wanted, total // 4), total * 2 // 3)
        self.splitter.setSizes([top, total - top])

    def project_row(self, project_id: int) -> QModelIndex:
        """The table index (first column) of a project, after sorting and filtering."""
        source = self.model.index(self.model.row_of(project_id), 0)
        return self.proxy.mapFromSource(source)

    def _open_row(self, index: QModelIndex) -> None:
        if index.column() == DashColumn.PRIORITY:
            return
        project_id = index.data(PROJECT_ID_ROLE)
        if isinstance(project_id, int):
            open_project(self._window, project_id)
