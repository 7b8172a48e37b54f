"""The project's ledger as a table: one row per purchase order, invoice, expense or
timesheet cost, with each order's open amount beside it.

Like the task table, the model changes nothing itself: ``setData`` turns a typed value
into an ``EditLedgerEntry`` for the injected edit sink, and the rows are re-read from
the next snapshot the Budget tab hands over.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from app.budget.ledger import account_label
from app.commands.budget import EditLedgerEntry
from app.model.budget import EntryKind, EntryStatus, LedgerEntry
from widgets.budget.context import (
    KIND_NAMES,
    BudgetData,
    Choices,
    account_choices,
    from_qdate,
    kind_choices,
    order_choices,
    order_label,
    parse_amount,
    supplier_choices,
    task_choices,
    to_qdate,
)
from widgets.sinks import EditSink

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole

#: The ledger entry id of a row.
ENTRY_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
MUTED = QColor(110, 110, 110)


class LedgerColumn(IntEnum):
    """The ledger table's columns, in order."""

    KIND = 0
    DATE = 1
    SUPPLIER = 2
    REFERENCE = 3
    ACCOUNT = 4
    TASK = 5
    AMOUNT = 6
    OPEN = 7
    TAX = 8
    STATUS = 9
    DUE = 10
    SETTLES = 11

    @property
    def header(self) -> str:
        """The column's title."""
        return _HEADERS[self]

    @property
    def field(self) -> str | None:
        """The LedgerEntry field the column edits (None: computed)."""
        return _FIELDS.get(self)

    @property
    def is_choice(self) -> bool:
        """Edited by picking from a list."""
        return self in _CHOICE_COLUMNS

    @property
    def numeric(self) -> bool:
        """Money, aligned right."""
        return self in (LedgerColumn.AMOUNT, LedgerColumn.TAX, LedgerColumn.OPEN)


_HEADERS = {
    LedgerColumn.KIND: "Kind",
    LedgerColumn.DATE: "Date",
    LedgerColumn.SUPPLIER: "Supplier",
    LedgerColumn.REFERENCE: "Reference",
    LedgerColumn.ACCOUNT: "Account",
    LedgerColumn.TASK: "Task",
    LedgerColumn.AMOUNT: "Net amount",
    LedgerColumn.TAX: "Tax",
    LedgerColumn.STATUS: "Status",
    LedgerColumn.DUE: "Due date",
    LedgerColumn.SETTLES: "Settles PO",
    LedgerColumn.OPEN: "Open on PO",
}
_FIELDS = {
    LedgerColumn.KIND: "kind",
    LedgerColumn.DATE: "entry_date",
    LedgerColumn.SUPPLIER: "supplier_id",
    LedgerColumn.REFERENCE: "reference",
    LedgerColumn.ACCOUNT: "account_id",
    LedgerColumn.TASK: "task_id",
    LedgerColumn.AMOUNT: "amount",
    LedgerColumn.TAX: "tax",
    LedgerColumn.STATUS: "status",
    LedgerColumn.DUE: "due_date",
    LedgerColumn.SETTLES: "settles_id",
}
_CHOICE_COLUMNS = frozenset(
    {
        LedgerColumn.KIND,
        LedgerColumn.SUPPLIER,
        LedgerColumn.ACCOUNT,
        LedgerColumn.TASK,
        LedgerColumn.STATUS,
        LedgerColumn.SETTLES,
    }
)


class LedgerModel(QAbstractTableModel):
    """One project's ledger entries, oldest first, from the Budget tab's snapshot."""

    #: A typed value was refused before it became a command; the text says why.
    editRefused = Signal(str)

    def __init__(self, edit_sink: EditSink, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._edit = edit_sink
        self._data: BudgetData | None = None
        self._entries: list[LedgerEntry] = []

    # --- the snapshot shown ---------------------------------------------------------------

    def set_data(self, data: BudgetData | None) -> None:
        """Show a new snapshot: cells update in place while the same entries are shown."""
        entries = data.entries() if data is not None else []
        same_rows = [e.id for e in entries] == [e.id for e in self._entries]
        if not same_rows:
            self.beginResetModel()
        self._data, self._entries = data, entries
        if not same_rows:
            self.endResetModel()
        elif entries:
            last = self.index(len(entries) - 1, len(LedgerColumn) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def entry_id(self, row: int) -> int:
        """The entry shown on a row."""
        return self._entries[row].id

    def row_of(self, entry_id: int) -> int:
        """The row of an entry, or -1 when it is not shown."""
        return next((r for r, e in enumerate(self._entries) if e.id == entry_id), -1)

    def entries(self, rows: list[int] | None = None) -> list[LedgerEntry]:
        """The entries on ``rows`` (all when None)."""
        return list(self._entries) if rows is None else [self._entries[r] for r in rows]

    def choices(self, index: AnyIndex) -> Choices:
        """What a picker cell offers; an invoice's "settles" lists only its supplier's orders."""
        if self._data is None or not index.isValid():
            return []
        column = LedgerColumn(index.column())
        portfolio, project_id = self._data.portfolio, self._data.project_id
        entry = self._entries[index.row()]
        if column is LedgerColumn.KIND:
            return kind_choices()
        if column is LedgerColumn.STATUS:
            return [(s.value.capitalize(), s) for s in EntryStatus]
        if column is LedgerColumn.SUPPLIER:
            return supplier_choices(portfolio)
        if column is LedgerColumn.ACCOUNT:
            return account_choices(portfolio, project_id)
        if column is LedgerColumn.TASK:
            return task_choices(portfolio, project_id)
        if column is LedgerColumn.SETTLES:
            return order_choices(portfolio, project_id, entry.supplier_id)
        return []

    # --- Qt's model interface -------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        """Qt override."""
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        """Qt override."""
        return 0 if parent.isValid() else len(LedgerColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        """Qt override."""
        if orientation is Qt.Orientation.Horizontal and role == _DISPLAY:
            return LedgerColumn(section).header
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Qt override: every stored field is editable in place unless the file is read-only."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        column = LedgerColumn(index.column())
        writable = self._data is not None and not self._data.read_only
        if writable and column.field is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> object:
        """Qt override."""
        if not index.isValid() or self._data is None:
            return None
        entry = self._entries[index.row()]
        column = LedgerColumn(index.column())
        if role == _DISPLAY:
            return self._display(entry, column)
        if role == _EDIT:
            return self._edit_value(entry, column)
        if role == ENTRY_ID_ROLE:
            return entry.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and column is LedgerColumn.OPEN:
            return MUTED
        if role == Qt.ItemDataRole.ToolTipRole and entry.description:
            return entry.description
        return None

    def setData(self, index: AnyIndex, value: object, role: int = _EDIT) -> bool:
        """Qt override: builds an EditLedgerEntry for the edit sink; never edits here."""
        if role != _EDIT or not index.isValid() or self._data is None:
            return False
        entry = self._entries[index.row()]
        column = LedgerColumn(index.column())
        try:
            changes = cell_changes(entry, column, value)
        except ValueError as exc:
            self.editRefused.emit(f"{column.header}: {exc}")
            return False
        if not changes:
            return False
        label = f"Set {column.header.lower()} of {KIND_NAMES[entry.kind].lower()}"
        return self._edit(EditLedgerEntry((entry.id,), changes, label=label))

    # --- what a cell shows ------------------------------------------------------------------

    def _display(self, entry: LedgerEntry, column: LedgerColumn) -> str:
        data = self._data
        assert data is not None
        portfolio = data.portfolio
        if column is LedgerColumn.OPEN:
            balance = data.control.orders.get(entry.id)
            return data.money(balance.open) if balance is not None else ""
        value = getattr(entry, column.field or "")
        if column is LedgerColumn.KIND:
            return KIND_NAMES[entry.kind]
        if column is LedgerColumn.STATUS:
            return entry.status.value.capitalize()
        if isinstance(value, Decimal):
            return data.money(value)
        if isinstance(value, date):
            return value.isoformat()
        if value is None:
            return ""
        if column is LedgerColumn.SUPPLIER:
            supplier = portfolio.suppliers.get(value)
            return supplier.name if supplier is not None else f"#{value}"
        if column is LedgerColumn.ACCOUNT:
            return account_label(portfolio, value)
        if column is LedgerColumn.TASK:
            task = portfolio.tasks.get(value)
            return f"{portfolio.wbs(value)} {task.name}" if task is not None else f"#{value}"
        if column is LedgerColumn.SETTLES:
            order = portfolio.ledger.get(value)
            return order_label(order) if order is not None else f"#{value}"
        return str(value)

    def _edit_value(self, entry: LedgerEntry, column: LedgerColumn) -> object:
        """What an editor starts with: a choice's value, a QDate, or text."""
        if column.is_choice:
            return getattr(entry, column.field or "")
        if column is LedgerColumn.DATE:
            return to_qdate(entry.entry_date)
        return self._display(entry, column)

    def sort_key(self, row: int, column: int) -> tuple[int, Any]:
        """How a column sorts: money and dates by value, text without case; blanks last."""
        entry = self._entries[row]
        name = LedgerColumn(column).field
        if LedgerColumn(column) is LedgerColumn.OPEN:
            balance = self._data.control.orders.get(entry.id) if self._data else None
            return (0, balance.open) if balance is not None else (1, 0)
        value = getattr(entry, name or "")
        if isinstance(value, Decimal | date):
            return (0, value)
        if value is None:
            return (1, "")
        text = self._display(entry, LedgerColumn(column)).casefold()
        return (0, text)


def cell_changes(entry: LedgerEntry, column: LedgerColumn, value: object) -> dict[str, Any]:
    """The fields typing ``value`` into a cell changes (empty when nothing does).

    Raises:
        ValueError: the typed text is not an amount or a date; the message says why.
    """
    name = column.field
    if name is None:
        raise ValueError("this column is worked out from the ledger and cannot be typed into")
    new = _typed_value(column, value)
    return {} if getattr(entry, name) == new else {name: new}


def _typed_value(column: LedgerColumn, value: object) -> object:
    if column in (LedgerColumn.AMOUNT, LedgerColumn.TAX):
        return parse_amount(str(value), column.header)
    if column is LedgerColumn.DATE:
        return _day(value, required=True)
    if column is LedgerColumn.DUE:
        return _day(value, required=False)
    if column is LedgerColumn.KIND:
        return EntryKind(value)
    if column is LedgerColumn.STATUS:
        return EntryStatus(value)
    if column is LedgerColumn.REFERENCE:
        return str(value).strip()
    if value is None or isinstance(value, int):
        return value
    raise ValueError(f"{value!r} is not one of the listed choices")


def _day(value: object, required: bool) -> date | None:
    """A date from a date editor or typed as YYYY-MM-DD; blank clears an optional one."""
    if isinstance(value, QDate):
        return from_qdate(value)
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text and not required:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date; type it as YYYY-MM-DD") from None


class LedgerFilter(QSortFilterProxyModel):
    """Rows of one kind (or all) whose text contains what the user typed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kind: EntryKind | None = None
        self._text = ""

    def set_kind(self, kind: EntryKind | None) -> None:
        """Show one kind of entry (None: every kind)."""
        self._refilter(lambda: setattr(self, "_kind", kind))

    def set_text(self, text: str) -> None:
        """Show rows with ``text`` in any column (case ignored)."""
        self._refilter(lambda: setattr(self, "_text", text.strip().casefold()))

    def _refilter(self, change: Callable[[], None]) -> None:
        """Apply a filter change; Qt 6.9 replaced invalidateFilter (now deprecated)."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:
            change()
            self.invalidateFilter()

    def ledger(self) -> LedgerModel:
        """The model filtered."""
        model = self.sourceModel()
        assert isinstance(model, LedgerModel)
        return model

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        """Qt override."""
        model = self.ledger()
        entry = model.entries([source_row])[0]
        if self._kind is not None and entry.kind is not self._kind:
            return False
        if not self._text:
            return True
        cells = (model.index(source_row, c).data(_DISPLAY) for c in LedgerColumn)
        return any(self._text in str(cell).casefold() for cell in cells)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        """Qt override: by value, not by the text shown."""
        model = self.ledger()
        return model.sort_key(left.row(), left.column()) < model.sort_key(
            right.row(), right.column()
        )
