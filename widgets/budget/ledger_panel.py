"""The Ledger section: the filterable, editable table of entries with its totals.

Cells are edited in place (pickers for kind, supplier, account, task, status and the
order an invoice settles; a date editor; typed money); Add and Edit open the entry form;
Delete removes the selected entries as one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.budget.ledger import project_control
from app.commands.budget import AddLedgerEntry, DeleteLedgerEntries, EditLedgerEntry
from app.model.budget import EntryKind, LedgerEntry
from widgets.budget.context import KIND_NAMES, BudgetData, Host
from widgets.budget.entry_dialog import EntryDialog
from widgets.budget.forms import date_edit, fill_combo
from widgets.budget.ledger_model import LedgerColumn, LedgerFilter, LedgerModel

AnyIndex = QModelIndex | QPersistentModelIndex
#: Widest a column is made on first showing (long task names elide; the user may widen).
MAX_COLUMN_WIDTH = 150


class LedgerDelegate(QStyledItemDelegate):
    """Pickers for choice columns and a date editor for the entry date."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        """Qt override."""
        column = LedgerColumn(index.column())
        if column.is_choice:
            return QComboBox(parent)
        if column is LedgerColumn.DATE:
            editor = date_edit()
            editor.setParent(parent)
            return editor
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        """Qt override: fill a picker with the row's choices, current one selected."""
        if isinstance(editor, QComboBox):
            fill_combo(editor, _ledger(index).choices(index), index.data(Qt.ItemDataRole.EditRole))
        elif isinstance(editor, QDateEdit):
            editor.setDate(index.data(Qt.ItemDataRole.EditRole))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        """Qt override: a picker hands over the value it stands for, not its label."""
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QDateEdit):
            model.setData(index, editor.date(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


def _ledger(index: AnyIndex) -> LedgerModel:
    """The ledger model behind an index of the filtered view."""
    model = index.model()
    while isinstance(model, LedgerFilter):
        model = model.sourceModel()
    assert isinstance(model, LedgerModel)
    return model


class LedgerPanel(QWidget):
    """The ledger table, its filter bar, its buttons and its totals."""

    def __init__(self, host: Host, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ledgerPanel")
        self._host = host
        self._data: BudgetData | None = None
        self._first_fill = True  # columns fit their contents once, then keep the user's widths
        self.model = LedgerModel(host.perform, self)
        self.model.editRefused.connect(host.show_problem)
        self.proxy = LedgerFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("ledgerTable")
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(LedgerDelegate(self.table))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(LedgerColumn.DATE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(  # as in the task table: no delayed edit on a second click
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._edit_on_double_click)
        self.search = QLineEdit()
        self.search.setObjectName("ledgerSearch")
        self.search.setPlaceholderText("Filter: supplier, reference, account, task...")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter_text)
        self.kind = QComboBox()
        self.kind.setObjectName("ledgerKind")
        fill_combo(self.kind, [("All kinds", None), *((n, k) for k, n in KIND_NAMES.items())])
        self.kind.currentIndexChanged.connect(self._filter_kind)
        self.totals = QLabel()
        self.totals.setObjectName("ledgerTotals")
        self.add_button = QPushButton("&Add Entry...")
        self.edit_button = QPushButton("&Edit Entry...")
        self.delete_button = QPushButton("&Delete")
        self.add_button.clicked.connect(self.add_entry)
        self.edit_button.clicked.connect(self.edit_entry)
        self.delete_button.clicked.connect(self.delete_selected)
        self._add_delete_key()
        self._lay_out()

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Show:"))
        bar.addWidget(self.kind)
        bar.addWidget(self.search, 1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)

    def _add_delete_key(self) -> None:
        """Delete removes the selected entries while the table has the focus."""
        action = QAction("Delete Entries", self.table)
        action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: self.delete_selected())
        self.table.addAction(action)

    # --- showing a snapshot -----------------------------------------------------------------

    def refresh(self, data: BudgetData) -> None:
        """Show the snapshot's entries and totals."""
        self._data = data
        self.model.set_data(data)
        if self._first_fill and data.entries():
            self._fit_columns()
            self._first_fill = False
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setEnabled(not data.read_only)
        self._show_totals()

    def _fit_columns(self) -> None:
        """Columns fit their contents, but none so wide that the open amount scrolls away."""
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(header.count()):
            header.resizeSection(column, min(header.sectionSize(column), MAX_COLUMN_WIDTH))

    def _show_totals(self) -> None:
        """Totals of the shown rows as cost control counts them, and of the whole ledger.

        Both come from ``project_control``: actual over just the shown entries, and what is
        open on the shown orders against every invoice of the project, so a filter that
        hides an order's invoices does not make the order look unsettled.
        """
        data = self._data
        if data is None:
            self.totals.setText("")
            return
        shown = self.shown_entries()
        actual = project_control(data.portfolio, data.project_id, entries=shown, lines=[])
        orders = [e for e in shown if e.kind.is_commitment]
        spends = [e for e in self.model.entries() if not e.kind.is_commitment]
        committed = project_control(
            data.portfolio, data.project_id, entries=orders + spends, lines=[]
        )
        currency, total = data.project.currency, data.control.total
        self.totals.setText(
            f"<b>{len(shown)}</b> of {self.model.rowCount()} entries shown: "
            f"actual <b>{data.money(actual.total.actual)}</b>, open on orders "
            f"<b>{data.money(committed.total.committed)}</b> {currency}"
            f" &nbsp;·&nbsp; whole ledger: actual {data.money(total.actual)}, "
            f"open on orders {data.money(total.committed)} {currency}"
        )

    def shown_entries(self) -> list[LedgerEntry]:
        """The entries the filter lets through."""
        rows = [
            self.proxy.mapToSource(self.proxy.index(r, 0)).row()
            for r in range(self.proxy.rowCount())
        ]
        return self.model.entries(rows)

    def _filter_text(self, text: str) -> None:
        self.proxy.set_text(text)
        self._show_totals()

    def _filter_kind(self, _row: int) -> None:
        kind = self.kind.currentData()  # Qt hands a str enum back as a plain str
        self.proxy.set_kind(EntryKind(kind) if kind else None)
        self._show_totals()

    # --- selection ------------------------------------------------------------------------

    def select_entry(self, entry_id: int) -> bool:
        """Select an entry's row (clearing a filter that hides it); False if not in the ledger."""
        row = self.model.row_of(entry_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.search.clear()
            self.kind.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def selected_ids(self) -> list[int]:
        """Entries of the selected rows (or of the current row)."""
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        current = self.table.currentIndex()
        if not rows and current.isValid():
            rows = {current.row()}
        source = sorted(self.proxy.mapToSource(self.proxy.index(r, 0)).row() for r in rows)
        return [self.model.entry_id(r) for r in source]

    # --- edits ----------------------------------------------------------------------------

    def add_entry(self) -> None:
        """Open the entry form for a new entry."""
        if self._data is None:
            return
        dialog = EntryDialog(self._data, None, self)
        dialog.on_submit(lambda: self._submit_new(dialog))
        self._host.open_dialog(dialog)

    def _submit_new(self, dialog: EntryDialog) -> bool:
        data = self._data
        if data is None:
            return False
        try:
            values = dialog.values()
        except ValueError as exc:
            self._host.show_problem(str(exc))
            return False
        kind, day, amount = values.pop("kind"), values.pop("entry_date"), values.pop("amount")
        command = AddLedgerEntry(
            data.project_id, kind, day, amount, values, label=f"Add {KIND_NAMES[kind].lower()}"
        )
        new_id = command.new_entry_id(data.portfolio)
        if not self._host.perform(command):
            return False
        self.select_entry(new_id)
        return True

    def edit_entry(self) -> None:
        """Open the entry form on the current row's entry."""
        ids = self.selected_ids()
        if self._data is None or not ids:
            return
        entry = self._data.portfolio.ledger[ids[0]]
        dialog = EntryDialog(self._data, entry, self)
        dialog.on_submit(lambda: self._submit_edit(dialog, entry.id))
        self._host.open_dialog(dialog)

    def _submit_edit(self, dialog: EntryDialog, entry_id: int) -> bool:
        try:
            changes = dialog.changes()
        except ValueError as exc:
            self._host.show_problem(str(exc))
            return False
        return not changes or self._host.perform(EditLedgerEntry((entry_id,), changes))

    def _edit_on_double_click(self, index: QModelIndex) -> None:
        """A computed cell (open on order) cannot be typed into: open the form instead."""
        if not index.flags() & Qt.ItemFlag.ItemIsEditable:
            self.edit_entry()

    def delete_selected(self) -> None:
        """Delete the selected entries as one undo step."""
        ids = self.selected_ids()
        if not ids or self._data is None or self._data.read_only:
            return
        label = "Delete ledger entry" if len(ids) == 1 else f"Delete {len(ids)} ledger entries"
        self._host.perform(DeleteLedgerEntries(tuple(ids), label=label))
