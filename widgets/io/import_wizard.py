"""The column-mapping step of a task-list import from Excel or CSV, as in MS Project.

The file's first rows are shown as they are; beside each of its columns a combo box says
which Plansmith column it fills, preselected with the core's guess from the header
(``app.io.delimited.preview_table``). OK stays disabled while the mapping cannot be
imported as meant, and a line under the table says why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.io.delimited import REQUIRED_TASK_COLUMN

IGNORE = "(ignore)"
#: The one column a task list cannot do without: the core refuses a table with no names.
NAME = REQUIRED_TASK_COLUMN
PROBLEM_COLOR = QColor(170, 0, 0)
#: Wide enough for the longest target ("Duration (days)", "Constraint date").
COMBO_WIDTH = 190
Index = QModelIndex | QPersistentModelIndex


class Preview(Protocol):
    """What ``app.io.delimited.preview_table`` returns (``TablePreview``)."""

    header: list[str]
    rows: list[list[object]]
    guessed: dict[str, str | None]
    columns: tuple[str, ...]


def mapping_problem(mapping: Mapping[str, str | None], targets: Sequence[str]) -> str:
    """Why ``mapping`` cannot be imported as meant, or "" when it can.

    Two source columns filling one Plansmith column would leave one of them unused
    without a word; a table with no names column is refused by the reader anyway.
    """
    sources_of: dict[str, list[str]] = {}
    for source, target in mapping.items():
        if target is not None:
            sources_of.setdefault(target, []).append(source)
    for target, sources in sources_of.items():
        if len(sources) > 1:
            named = " and ".join(f"“{s}”" for s in sources)
            return f"{named} both fill {target}; set one of them to {IGNORE}."
    if NAME in targets and NAME not in sources_of:
        return f"Choose the column that holds the task names (Plansmith's {NAME})."
    return ""


def cell_text(value: object) -> str:
    """A raw cell as the preview shows it (dates without a midnight time)."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.hour == value.minute == value.second == 0:
        return value.date().isoformat()
    if isinstance(value, (date, datetime)):
        return value.isoformat(sep=" ", timespec="minutes")
    return str(value)


class PreviewModel(QAbstractTableModel):
    """The file's first rows; each column's header names its source and its target."""

    def __init__(self, preview: Preview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._preview = preview
        self._targets: dict[str, str | None] = dict(preview.guessed)

    def set_target(self, source: str, target: str | None) -> None:
        """Show a changed choice in the column's header."""
        self._targets[source] = target
        column = self._preview.header.index(source)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, column, column)
        self.dataChanged.emit(self.index(0, column), self.index(self.rowCount() - 1, column))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Qt override: the preview rows."""
        return 0 if parent.isValid() else len(self._preview.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override: one column per source column."""
        return 0 if parent.isValid() else len(self._preview.header)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt override: the cell's text; ignored columns greyed."""
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            row = self._preview.rows[index.row()]
            return cell_text(row[index.column()]) if index.column() < len(row) else ""
        if role == Qt.ItemDataRole.ForegroundRole and self._ignored(index.column()):
            return QColor(Qt.GlobalColor.gray)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Qt override: "source → target" above each column, row numbers at the side."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        source = self._preview.header[section]
        target = self._targets.get(source)
        return f"{source}\n→ {target if target else IGNORE}"

    def _ignored(self, column: int) -> bool:
        return self._targets.get(self._preview.header[column]) is None


class ImportWizard(QDialog):
    """Choose which Plansmith column each column of a task list fills."""

    def __init__(self, preview: Preview, source_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle(f"Import Task List — {source_name}")
        self.resize(860, 620)
        self._preview = preview
        self._combos: dict[str, QComboBox] = {}
        self.model = PreviewModel(preview, self)
        intro = QLabel(
            f"Choose which Plansmith column each column of <b>{source_name}</b> fills. "
            f"The guesses come from the headers; choose {IGNORE} for columns to leave out. "
            f"The first {len(preview.rows)} rows are shown below."
        )
        intro.setWordWrap(True)
        self.fields = self._build_fields()
        self.table = self._build_table()
        self.problem = QLabel()
        self.problem.setObjectName("mappingProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {PROBLEM_COLOR.name()}; font-weight: bold")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button.setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("<b>Columns</b>"))
        layout.addWidget(self.fields, 3)
        layout.addWidget(QLabel("<b>First rows of the file</b>"))
        layout.addWidget(self.table, 2)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._on_choice()

    @property
    def ok_button(self) -> QWidget:
        """The button that starts the import (named Import)."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def combo_for(self, source: str) -> QComboBox:
        """The target chooser of a source column."""
        return self._combos[source]

    def mapping(self) -> dict[str, str | None]:
        """Source header -> Plansmith column, or None for an ignored column."""
        return {source: _target(combo) for source, combo in self._combos.items()}

    def _build_fields(self) -> QTableWidget:
        """One line per source column: its header, the target chooser, a sample value."""
        preview = self._preview
        fields = QTableWidget(len(preview.header), 3)
        fields.setObjectName("mappingTable")
        fields.setHorizontalHeaderLabels(["Column in the file", "Plansmith column", "First value"])
        fields.verticalHeader().setVisible(False)
        fields.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        fields.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        first = preview.rows[0] if preview.rows else []
        for row, source in enumerate(preview.header):
            fields.setItem(row, 0, QTableWidgetItem(source))
            fields.setCellWidget(row, 1, self._combo(source, preview.guessed.get(source)))
            sample = cell_text(first[row]) if row < len(first) else ""
            fields.setItem(row, 2, QTableWidgetItem(sample))
        header = fields.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, COMBO_WIDTH)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        return fields

    def _combo(self, source: str, guess: str | None) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"target:{source}")
        combo.addItem(IGNORE, None)
        for target in self._preview.columns:
            combo.addItem(target, target)
        found = combo.findData(guess) if guess is not None else 0
        combo.setCurrentIndex(max(found, 0))
        combo.currentIndexChanged.connect(lambda _i, s=source: self._on_choice(s))
        self._combos[source] = combo
        return combo

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("previewTable")
        table.setModel(self.model)
        table.setAlternatingRowColors(True)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def _on_choice(self, source: str | None = None) -> None:
        """Follow a changed choice: the preview's header, the message and OK."""
        for changed in [source] if source is not None else list(self._combos):
            self.model.set_target(changed, _target(self._combos[changed]))
        problem = mapping_problem(self.mapping(), self._preview.columns)
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.ok_button.setEnabled(not problem)


def _target(combo: QComboBox) -> str | None:
    value = combo.currentData()
    return value if isinstance(value, str) else None
