"""The resource sheet's item model: the shared pool, one row per resource.

Like the task table's model it never edits: ``setData`` reads the typed text into the
fields of an ``EditResource`` and hands that to the injected edit sink; rows refresh when
the Document reports a change of resources, suppliers or calendars.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from app.commands.resources import EditResource
from app.document import Change, Document
from app.model.resource import Resource
from widgets.resources.rates import ValueRefused
from widgets.resources.sheet_edits import (
    NUMERIC_COLUMNS,
    SheetColumn,
    applies,
    cell_text,
    choices,
    resource_changes,
)
from widgets.sinks import EditSink

AnyIndex = QModelIndex | QPersistentModelIndex
#: The resource id of a row.
RESOURCE_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_ROOT = QModelIndex()
NOT_APPLICABLE = QColor(236, 236, 236)


class ResourceSheetModel(QAbstractTableModel):
    """The portfolio's shared resource pool as a table."""

    #: A typed value was refused before it became a command; the text says why.
    editRefused = Signal(str)

    def __init__(self, edit_sink: EditSink, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._edit = edit_sink
        self._document: Document | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._ids: list[int] = []

    # --- the document shown -----------------------------------------------------------

    def set_document(self, document: Document | None) -> None:
        """Show another file's pool (None: nothing)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.beginResetModel()
        self._document = document
        self._ids = self._pool_ids()
        self.endResetModel()
        if document is not None:
            self._unsubscribe = document.subscribe(self._on_change)

    def resource_id(self, row: int) -> int | None:
        """The resource on a row."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, resource_id: int) -> int:
        """The row of a resource (-1 when not shown)."""
        return self._ids.index(resource_id) if resource_id in self._ids else -1

    def choices(self, column: int) -> list[str]:
        """What a choice column's editor offers."""
        if self._document is None:
            return []
        return choices(self._document.portfolio, SheetColumn(column))

    def _pool_ids(self) -> list[int]:
        if self._document is None:
            return []
        pool = self._document.portfolio.resources.values()
        return sorted(r.id for r in pool if r.project_id is None)

    def _resource(self, index: AnyIndex) -> Resource | None:
        if self._document is None or not index.isValid():
            return None
        return self._document.portfolio.resources.get(self._ids[index.row()])

    # --- Qt's model interface ---------------------------------------------------------

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        """Qt override."""
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        """Qt override."""
        return 0 if parent.isValid() else len(SheetColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        """Qt override."""
        if role != _DISPLAY:
            return None
        if orientation is Qt.Orientation.Horizontal:
            return SheetColumn(section).header
        return str(section + 1)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Qt override: cells that mean nothing for the kind of resource are not editable."""
        resource = self._resource(index)
        if resource is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        writable = self._document is not None and not self._document.read_only
        if writable and applies(resource, SheetColumn(index.column())):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> object:
        """Qt override."""
        resource = self._resource(index)
        if resource is None or self._document is None:
            return None
        column = SheetColumn(index.column())
        if role in (_DISPLAY, _EDIT):
            return cell_text(self._document.portfolio, resource, column)
        if role == RESOURCE_ID_ROLE:
            return resource.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC_COLUMNS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.BackgroundRole and not applies(resource, column):
            return NOT_APPLICABLE
        if role == Qt.ItemDataRole.ToolTipRole and column is SheetColumn.STANDARD_RATE:
            return "Type a rate per hour, day, week, month or year: 95/h, 760/d, 12000/mo"
        return None

    def setData(self, index: AnyIndex, value: object, role: int = _EDIT) -> bool:
        """Qt override: reads the value into an ``EditResource`` for the edit sink."""
        resource = self._resource(index)
        if role != _EDIT or resource is None or self._document is None:
            return False
        column = SheetColumn(index.column())
        text = "" if value is None else str(value)
        if text == cell_text(self._document.portfolio, resource, column):
            return False
        try:
            changes = resource_changes(self._document.portfolio, resource, column, text)
        except ValueRefused as exc:
            self.editRefused.emit(f"{column.header}: {exc}")
            return False
        if all(getattr(resource, key) == new for key, new in changes.items()):
            return False  # "95/h" over 95.00/h: nothing to undo later
        return self._edit(EditResource(resource.id, changes, f"Edit {column.header}"))

    # --- keeping up with the Document ---------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if not (change.resources or change.budget or change.calendars):
            return
        ids = self._pool_ids()
        if ids != self._ids:
            self.beginResetModel()
            self._ids = ids
            self.endResetModel()
        elif ids:
            last = self.index(len(ids) - 1, len(SheetColumn) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
