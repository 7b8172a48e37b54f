"""The portfolio's projects as a list; renaming one in place goes to the edit sink."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.commands import EditError, EditProject
from app.document import Change, Document
from app.model import Portfolio
from app.schedule.result import Schedule
from widgets.models.columns import format_moment
from widgets.models.task_tree_model import EditSink

AnyIndex = QModelIndex | QPersistentModelIndex

#: The project id of a row.
PROJECT_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1

_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole


class ProjectListModel(QAbstractListModel):
    """One row per project, in the portfolio's order."""

    #: A rename was refused before it became a command; the text says why.
    editRefused = Signal(str)

    def __init__(self, document: Document, edit_sink: EditSink, parent: QObject | None = None):
        super().__init__(parent)
        self._document = document
        self._edit = edit_sink
        self._portfolio: Portfolio = document.portfolio
        self._schedule: Schedule = document.schedule
        self._ids = _ordered(self._portfolio)
        self._unsubscribe: Callable[[], None] | None = document.subscribe(self._on_change)

    def detach(self) -> None:
        """Stop listening to the Document."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def project_id(self, row: int) -> int | None:
        """The project on ``row``, if there is one."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, project_id: int) -> int:
        """The row of a project, or -1 when it is not in the list."""
        return self._ids.index(project_id) if project_id in self._ids else -1

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        """Qt override."""
        return 0 if parent.isValid() else len(self._ids)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Qt override."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        if not self._document.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> object:
        """Qt override."""
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        project = self._portfolio.projects[self._ids[index.row()]]
        if role in (_DISPLAY, _EDIT):
            return project.name
        if role == PROJECT_ID_ROLE:
            return project.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._span(project.id)
        return None

    def setData(self, index: AnyIndex, value: object, role: int = _EDIT) -> bool:
        """Qt override: renaming makes an EditProject command for the edit sink."""
        if role != _EDIT or not index.isValid():
            return False
        project_id = self._ids[index.row()]
        if str(value) == self._portfolio.projects[project_id].name:
            return False
        if not str(value).strip():
            self.editRefused.emit(str(EditError("a project needs a name")))
            return False
        return self._edit(EditProject(project_id, {"name": str(value)}, label="Rename project"))

    def _span(self, project_id: int) -> str:
        dates = self._schedule.projects.get(project_id)
        if dates is None:
            return "No tasks yet"
        project = self._portfolio.projects[project_id]
        start = format_moment(dates.start, project.default_start_minute)
        finish = format_moment(dates.finish, project.default_finish_minute)
        return f"{start} to {finish}"

    def _on_change(self, change: Change) -> None:
        self._portfolio, self._schedule = self._document.portfolio, self._document.schedule
        if not change.projects:
            return
        ids = _ordered(self._portfolio)
        if ids != self._ids:
            self.beginResetModel()
            self._ids = ids
            self.endResetModel()
        elif ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(ids) - 1, 0))


def _ordered(portfolio: Portfolio) -> list[int]:
    """Project ids in the order the user arranged them."""
    return [p.id for p in sorted(portfolio.projects.values(), key=lambda p: (p.position, p.id))]
