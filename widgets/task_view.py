"""The task table: a QTreeView that keeps expansion and selection by task id across resets.

A structural edit (insert, indent, delete...) resets the model; the view saves which
tasks were collapsed and selected just before and restores them by id right after, so
the user keeps their place (DESIGN 3.9).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Signal,
)
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QDateEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from widgets.models.columns import Column
from widgets.models.task_tree_model import TaskTreeModel

AnyIndex = QModelIndex | QPersistentModelIndex

#: Starting widths in pixels, before the user's own are restored from settings.
COLUMN_WIDTHS = {
    Column.ID: 44,
    Column.WBS: 56,
    Column.NAME: 280,
    Column.DURATION: 72,
    Column.START: 160,
    Column.FINISH: 160,
    Column.PREDECESSORS: 100,
    Column.RESOURCES: 150,
    Column.PERCENT_COMPLETE: 84,
    Column.TOTAL_SLACK: 80,
    Column.FREE_SLACK: 80,
    Column.CRITICAL: 60,
    Column.LEVELING_DELAY: 96,
}


#: Extra pixels per row over the text's height.
ROW_PADDING = 6

#: Spans of changed rows repainted one by one between two paints; past this many (a big
#: reschedule) the whole table is, since finding a row far off screen walks the layout.
PRECISE_SPANS = 32

#: Bounds of the table's text size when zooming, in points.
MIN_POINT_SIZE = 6.0
MAX_POINT_SIZE = 28.0


class TaskItemDelegate(QStyledItemDelegate):
    """Date pickers for Start and Finish, a 0-100 spin box for % complete, text elsewhere."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        """Qt override."""
        column = Column(index.column())
        if column in (Column.START, Column.FINISH):
            editor = QDateEdit(parent)
            editor.setDisplayFormat("yyyy-MM-dd")
            editor.setCalendarPopup(True)
            return editor
        if column is Column.PERCENT_COMPLETE:
            spin = QSpinBox(parent)
            spin.setRange(0, 100)
            spin.setSuffix("%")
            return spin
        return super().createEditor(parent, option, index)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        """Qt override: rows a little taller than the text, so the Gantt bars beside them
        have room for a baseline and a progress band (MS Project's rows are as tall)."""
        size = super().sizeHint(option, index)
        size.setHeight(size.height() + ROW_PADDING)
        return size


class TaskTreeView(QTreeView):
    """The task table of the main window."""

    #: A new model (or none) was set; the Gantt chart beside follows it.
    modelChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taskTable")
        self.setItemDelegate(TaskItemDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setAllColumnsShowFocus(True)
        self.setExpandsOnDoubleClick(False)
        self._base_point_size = self.font().pointSizeF()
        self._collapsed: set[int] = set()
        self._selected: list[int] = []
        self._current: tuple[int, int, int] | None = None
        self._spans_since_paint = 0

    def setModel(self, model: QAbstractItemModel | None) -> None:
        """Qt override: follows the model's resets to keep the user's place."""
        old = self.model()
        if old is not None:
            old.modelAboutToBeReset.disconnect(self._save_state)
            old.modelReset.disconnect(self._restore_state)
        super().setModel(model)
        if model is None:
            self.modelChanged.emit()
            return
        model.modelAboutToBeReset.connect(self._save_state)
        model.modelReset.connect(self._restore_state)
        for column, width in COLUMN_WIDTHS.items():
            self.setColumnWidth(column, width)
        # The outline indents the names, as in MS Project, not the ID column.
        self.setTreePosition(Column.NAME)
        self._collapsed = set()
        self._selected = []
        self._current = None
        self._expand_all_but(set())
        self.modelChanged.emit()

    def task_model(self) -> TaskTreeModel | None:
        """The TaskTreeModel shown, if any."""
        model = self.model()
        return model if isinstance(model, TaskTreeModel) else None

    def current_task_id(self) -> int | None:
        """The task of the row with the keyboard focus."""
        index = self.currentIndex()
        return index.internalId() if index.isValid() else None

    def selected_task_ids(self) -> list[int]:
        """Selected tasks in table order (the current one when nothing is selected)."""
        model = self.task_model()
        if model is None:
            return []
        chosen = {index.internalId() for index in self.selectionModel().selectedRows()}
        if not chosen and self.current_task_id() is not None:
            chosen = {self.current_task_id()}  # type: ignore[arg-type]
        return [task_id for task_id in model.task_ids() if task_id in chosen]

    def select_tasks(self, task_ids: list[int], column: int = Column.NAME) -> None:
        """Select these tasks' rows and put the focus on the first, in ``column``."""
        model = self.task_model()
        if model is None:
            return
        selection = QItemSelection()
        for task_id in task_ids:
            index = model.index_of(task_id)
            if index.isValid():
                last = model.index_of(task_id, model.columnCount() - 1)
                selection.select(index, last)
        first = model.index_of(task_ids[0], column) if task_ids else QModelIndex()
        flags = QItemSelectionModel.SelectionFlag
        if first.isValid():
            self.selectionModel().setCurrentIndex(first, flags.NoUpdate)
            self.scrollTo(first)
        self.selectionModel().select(selection, flags.ClearAndSelect | flags.Rows)

    def _expand_all_but(self, collapsed: set[int]) -> None:
        """Expand every summary except ``collapsed`` ones.

        Cheaper than ``expandAll`` on big plans: that asks the (Python) model about every
        row, while this touches summaries only, right after a reset when Qt defers layout.
        """
        model = self.task_model()
        if model is None:
            return
        for task_id in model.summary_ids():
            if task_id not in collapsed:
                self.expand(model.index_of(task_id))

    def dataChanged(
        self, top_left: AnyIndex, bottom_right: AnyIndex, roles: Sequence[int] = ()
    ) -> None:
        """Qt override: repaint a span of changed values without QTreeView's per-row work.

        For a span, QTreeView re-asks the model whether every row has children and how
        tall it is; here rows are uniform and children only change with a reset, so that
        work (seconds of Python calls after a reschedule moves thousands of tasks) is
        skipped, and only the band of rows the span covers is repainted (after a drag,
        a few rows rather than the whole table). A single cell still goes the usual way,
        which refreshes an open editor.
        """
        if top_left == bottom_right or self.is_editing():
            super().dataChanged(top_left, bottom_right, list(roles))
            return
        self._spans_since_paint += 1
        if self._spans_since_paint > PRECISE_SPANS:
            self.viewport().update()
            return
        band = self._rows_band(top_left, bottom_right)
        if band is not None:
            self.viewport().update(band)

    def _rows_band(self, first: AnyIndex, last: AnyIndex) -> QRect | None:
        """The viewport band from sibling row ``first`` down to ``last`` (None: off screen,
        or inside a collapsed summary)."""
        top = self.visualRect(first.siblingAtColumn(0))
        bottom = self.visualRect(last.siblingAtColumn(0))
        if top.isNull() or bottom.isNull():
            return None
        viewport = self.viewport().rect()
        band = QRect(0, top.top(), viewport.width(), bottom.bottom() - top.top() + 1)
        band = band.intersected(viewport)
        return None if band.isEmpty() else band

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override: a paint starts a new count of changed spans (see ``dataChanged``)."""
        self._spans_since_paint = 0
        super().paintEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Qt override: Return moves down a row, as MS Project does for quick entry."""
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            below = self.indexBelow(self.currentIndex())
            if below.isValid():
                self.setCurrentIndex(below)

    def zoom(self, step: int) -> None:
        """Make the table's text larger (+1) or smaller (-1) by a point, or reset (0).

        Column widths scale with the text, so zooming does not cut dates short.
        """
        font = self.font()
        old = font.pointSizeF()
        size = self._base_point_size if step == 0 else old + step
        font.setPointSizeF(min(MAX_POINT_SIZE, max(MIN_POINT_SIZE, size)))
        factor = font.pointSizeF() / old
        for column in range(self.header().count()):
            self.setColumnWidth(column, round(self.columnWidth(column) * factor))
        self.setFont(font)

    def zoom_level(self) -> float:
        """Points added to (or taken from) the normal text size."""
        return self.font().pointSizeF() - self._base_point_size

    def set_zoom_level(self, level: float) -> None:
        """Restore a zoom level from ``zoom_level``."""
        self.zoom(0)
        if level:
            self.zoom(round(level))

    def is_editing(self) -> bool:
        """True while a cell editor is open (table shortcuts then leave the keys to it)."""
        return self.state() == QAbstractItemView.State.EditingState

    def _save_state(self) -> None:
        model = self.task_model()
        if model is None:
            return
        self._collapsed = {
            task_id
            for task_id in model.summary_ids()
            if not self.isExpanded(model.index_of(task_id))
        }
        self._selected = self.selected_task_ids()
        current = self.currentIndex()
        self._current = None
        if current.isValid():
            row = model.task_ids().index(current.internalId())
            self._current = (current.internalId(), current.column(), row)

    def _restore_state(self) -> None:
        """Expand all but the tasks that were collapsed (new summaries open), reselect.

        When the current task is gone (deleted, or an insert undone), the row that now
        sits where it was takes the focus, so the keyboard keeps working from there.
        """
        model = self.task_model()
        if model is None:
            return
        self._expand_all_but(self._collapsed)
        if self._current is None:
            return
        current_id, column, row = self._current
        ids = [t for t in [current_id, *self._selected] if model.index_of(t).isValid()]
        if not ids:
            order = model.task_ids()
            ids = [order[min(row, len(order) - 1)]] if order else []
        self.select_tasks(list(dict.fromkeys(ids)), column)
