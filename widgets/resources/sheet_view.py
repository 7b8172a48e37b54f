"""The Resources tab: the resource sheet with Add and Delete, edited in place.

Fitting the columns to their contents asks the model for every cell, which on a big
shared pool takes longer than the rest of opening the window; it is done when the tab
is first shown, and over a sample of rows (``FIT_ROWS``), not at open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.commands.resources import AddResource, DeleteResources
from app.document import Document
from widgets.resources.sheet_edits import CHOICE_COLUMNS, SheetColumn
from widgets.resources.sheet_model import ResourceSheetModel

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

AnyIndex = QModelIndex | QPersistentModelIndex
#: Widest a column starts; the user can drag it wider.
MAX_COLUMN_WIDTH = 240
#: Rows measured when fitting the columns (Qt's default is 1000).
FIT_ROWS = 100


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down for the type, calendar and supplier columns; text editors elsewhere."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        """Qt override."""
        model = index.model()
        if SheetColumn(index.column()) not in CHOICE_COLUMNS or not isinstance(
            model, ResourceSheetModel
        ):
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.addItems(model.choices(index.column()))
        combo.activated.connect(lambda _i, box=combo: self._chosen(box))
        return combo

    def _chosen(self, combo: QComboBox) -> None:
        """A pick from the list is the whole edit: commit it and close the editor."""
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        """Qt override."""
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        """Qt override."""
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class ResourceSheet(QWidget):
    """The shared pool as MS Project's Resource Sheet."""

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resourceSheet")
        self._window = window
        self.model = ResourceSheetModel(window.perform, self)
        self.model.editRefused.connect(window.show_problem)
        self.table = QTableView()
        self.table.setObjectName("resourceTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ChoiceDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
        self.table.setWordWrap(False)
        self._fit_pending = False
        self.add_button = QPushButton("&Add Resource")
        self.add_button.setObjectName("addResource")
        self.add_button.clicked.connect(self.add_resource)
        self.delete_button = QPushButton("&Delete Resource")
        self.delete_button.setObjectName("deleteResource")
        self.delete_button.clicked.connect(self.delete_selected)
        self._lay_out()
        self.model.modelReset.connect(self._refresh_buttons)
        self.table.selectionModel().selectionChanged.connect(self._refresh_buttons)
        self._refresh_buttons()

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.table)

    def set_document(self, document: Document | None) -> None:
        """Follow the window's open file (the columns are fitted when the tab shows)."""
        self.model.set_document(document)
        self._fit_pending = True
        if self.isVisible():
            self._fit_columns()
        self._refresh_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        """Qt override: fit the columns to a file opened while the tab was hidden."""
        super().showEvent(event)
        if self._fit_pending:
            self._fit_columns()

    def _fit_columns(self) -> None:
        """Columns as wide as their contents (once per file; the user's widths then stay)."""
        self._fit_pending = False
        self.table.resizeColumnsToContents()
        for column in SheetColumn:
            width = self.table.columnWidth(column)
            self.table.setColumnWidth(column, min(max(width + 12, 70), MAX_COLUMN_WIDTH))

    def selected_ids(self) -> list[int]:
        """The resources of the selected rows."""
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        ids = (self.model.resource_id(row) for row in sorted(rows))
        return [rid for rid in ids if rid is not None]

    def add_resource(self) -> None:
        """Add a work resource with a free name and start typing its name."""
        document = self._window.document
        if document is None:
            return
        taken = {r.name.casefold() for r in document.portfolio.resources.values()}
        name = next(
            n
            for n in (f"New resource {i}" for i in range(1, len(taken) + 2))
            if n.casefold() not in taken
        )
        new_id = document.portfolio.next_id("resources")
        if self._window.perform(AddResource(name)):
            index = self.model.index(self.model.row_of(new_id), SheetColumn.NAME)
            self.table.setFocus()
            self.table.setCurrentIndex(index)
            self.table.edit(index)

    def delete_selected(self) -> None:
        """Delete the selected resources and their assignments (one undoable step)."""
        ids = self.selected_ids()
        if ids:
            self._window.perform(DeleteResources(tuple(ids)))

    def _refresh_buttons(self) -> None:
        document = self._window.document
        writable = document is not None and not document.read_only
        self.add_button.setEnabled(writable)
        self.delete_button.setEnabled(writable and bool(self.selected_ids()))
