"""Which task is on which row of the chart: the table's rows, read from the table.

The chart never lays out rows of its own (KD Gantt's ``TreeViewRowController``): the
order is the table's outline with collapsed summaries' subtasks left out, the row height
is the table's, and the scroll offset is the table's vertical scroll bar. So the two
sides cannot drift apart, whatever the user expands, collapses or scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTreeView

from app.model import Portfolio
from widgets.models.task_tree_model import TaskTreeModel

#: Row height used before the table has any row to measure.
FALLBACK_ROW_HEIGHT = 24


class RowLayout:
    """The visible outline of one project: task ids by row and rows by task id."""

    def __init__(self, portfolio: Portfolio, project_id: int | None, collapsed: set[int]) -> None:
        self.order: list[int] = []
        if project_id is not None:
            stack = list(reversed(portfolio.children(project_id, None)))
            while stack:
                task_id = stack.pop()
                self.order.append(task_id)
                if task_id not in collapsed:
                    stack.extend(reversed(portfolio.children(project_id, task_id)))
        self.row_of = {task_id: row for row, task_id in enumerate(self.order)}

    def __len__(self) -> int:
        return len(self.order)


class RowGeometry:
    """Rows of the chart, measured on the table beside it."""

    def __init__(self, tree: QTreeView) -> None:
        self.tree = tree
        self._layout = RowLayout(Portfolio(), None, set())
        self._row_height = FALLBACK_ROW_HEIGHT
        self._dirty = True
        #: Counts layouts, so caches keyed on the rows know when they went stale.
        self.version = 0

    def invalidate(self) -> None:
        """Re-read the rows when next asked (a reset expands every summary, one signal
        each: laying out on each would cost O(rows) per summary)."""
        self._dirty = True

    @property
    def layout(self) -> RowLayout:
        """The rows as the table shows them now."""
        if self._dirty:
            self._dirty = False
            self.version += 1
            self._relayout()
        return self._layout

    def _relayout(self) -> None:
        """Re-read the outline and the row height."""
        model = self.tree.model()
        if not isinstance(model, TaskTreeModel) or model.project_id is None:
            self._layout = RowLayout(Portfolio(), None, set())
            return
        collapsed = {
            task_id
            for task_id in model.summary_ids()
            if not self.tree.isExpanded(model.index_of(task_id))
        }
        self._layout = RowLayout(model.document.portfolio, model.project_id, collapsed)
        self._measure(model)

    def _measure(self, model: TaskTreeModel) -> None:
        """Row height as the table draws it (uniform rows: the first row tells them all)."""
        first = model.index(0, 0, QModelIndex())
        height = self.tree.visualRect(first).height() if first.isValid() else 0
        if height <= 0 and first.isValid():
            height = self.tree.sizeHintForRow(0)
        self._row_height = height if height > 0 else FALLBACK_ROW_HEIGHT

    @property
    def row_height(self) -> int:
        """Pixels per row, the same on both sides."""
        if self._dirty:
            self.layout  # noqa: B018  (measures the rows)
        return self._row_height

    @property
    def offset(self) -> int:
        """Pixels scrolled off the top (the table's per-pixel scroll value)."""
        return self.tree.verticalScrollBar().value()

    def top_of(self, task_id: int) -> int | None:
        """The y of a task's row in viewport pixels (None: hidden in a collapsed summary)."""
        row = self.layout.row_of.get(task_id)
        return None if row is None else row * self._row_height - self.offset

    def row_at(self, y: float) -> int | None:
        """The row at viewport y, if there is one."""
        layout = self.layout
        row = int((y + self.offset) // self._row_height)
        return row if 0 <= row < len(layout) else None

    def task_at(self, y: float) -> int | None:
        """The task on the row at viewport y."""
        row = self.row_at(y)
        return None if row is None else self.layout.order[row]

    def visible_rows(self, height: int) -> range:
        """Rows that intersect a viewport ``height`` pixels tall."""
        layout, row_height = self.layout, self._row_height
        first = max(0, self.offset // row_height)
        last = min(len(layout), (self.offset + height) // row_height + 1)
        return range(first, max(first, last))
