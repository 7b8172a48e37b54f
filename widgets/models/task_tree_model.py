"""The task table of one project: a read-only window on the Document, edits go to a sink.

Indexes carry the task id as their internal id, so an index never points at a Python
object that a newer snapshot may have dropped. ``setData`` changes nothing itself: it
turns the typed value into a command for the injected edit sink (Calligra Plan's
pattern), and the table refreshes when the Document reports the change.

Speed: Qt calls ``index``, ``parent``, ``flags`` and ``data`` from C++ for every row it
lays out and every cell it paints, so these do as little Python as possible. The outline
(children, row numbers, outline numbers, which rows are summaries) is read from the
snapshot of the last structural change: an edit of dates, names or links leaves it as
it was, and asking a new snapshot would rebuild those portfolio-wide indexes after every
edit. Cell texts are made when Qt first asks for them and kept until the Change names
their task, so a repaint after a drag re-formats only the rows that moved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QDateTime,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from app.commands import EditError
from app.commands.links import format_predecessors
from app.commands.resources import format_assignments
from app.document import Change, Document, keeps_its_row
from app.model import Duration, DurationUnit, Portfolio, Project, Task, TimeSettings
from app.model.duration import format_duration
from app.model.revision import changed_keys
from app.schedule.result import Schedule, TaskDates
from widgets.models.cell_edits import CellEditError, command_for_cell
from widgets.models.columns import ROLLED_UP, Column, format_moment
from widgets.sinks import EditSink

AnyIndex = QModelIndex | QPersistentModelIndex

#: The task id of a row, for views and tests that need it without knowing the columns.
TASK_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1

CRITICAL_COLOR = QColor(200, 0, 0)
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_FONT = Qt.ItemDataRole.FontRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
#: The roles ``data`` answers; a delegate asks for a dozen more per cell on every paint.
_ANSWERED = frozenset({_DISPLAY, _EDIT, _FOREGROUND, _FONT, _ALIGNMENT, _TOOLTIP, TASK_ID_ROLE})
_COLUMNS = tuple(Column)
_COLUMN_COUNT = len(_COLUMNS)
_EDITABLE_COLUMNS = frozenset(c.value for c in Column if c.editable)
_ROLLED_UP_COLUMNS = frozenset(c.value for c in ROLLED_UP)
_NUMERIC_COLUMNS = frozenset(c.value for c in Column if c.numeric)
#: Columns whose text an edit of tasks alone leaves as it was: they read the outline,
#: the links and the assignments, which a Change reports as ``structure``, ``links`` and
#: ``resources``. Keeping them saves rebuilding the file-wide link and assignment indexes
#: of each new snapshot just to repaint the row of a dragged bar.
_KEPT_ON_TASK_EDITS = frozenset({Column.ID, Column.PREDECESSORS, Column.RESOURCES})
#: Changed tasks beyond which an edit refreshes every row rather than only theirs.
BULK_TASKS = 2000
#: What an edit of tasks' own fields leaves as it was (a pending edit that changes any of
#: these is not shown before it lands).
_NOT_TASK_FIELDS = ("projects", "links", "resources", "assignments", "calendars")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_READ = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
_WRITE = _READ | Qt.ItemFlag.ItemIsEditable
#: Leaves say so: QTreeView then skips asking them for children as it lays out each row.
_LEAF = Qt.ItemFlag.ItemNeverHasChildren
#: The invisible root, as a shared default argument (an index is a value, never mutated).
_ROOT = QModelIndex()


class TaskTreeModel(QAbstractItemModel):
    """The WBS tree of one project of the Document, with one column per ``Column``."""

    #: An edit was refused before it became a command; the text says why.
    editRefused = Signal(str)
    #: Rows whose values changed, sent once before their ``dataChanged`` spans: the ids of
    #: their tasks, or None for every row. A view that needs the tasks (the Gantt's link
    #: cache) hears of them in one call rather than once per span (one per summary).
    tasksChanged = Signal(object)

    def __init__(
        self,
        document: Document,
        edit_sink: EditSink,
        project_id: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._edit = edit_sink
        self._project_id = project_id
        self._portfolio: Portfolio = document.portfolio
        self._schedule: Schedule = document.schedule
        #: The snapshot whose outline the rows show (see the module's docstring).
        self._outline: Portfolio = document.portfolio
        self._rows: dict[int, int] = {}
        #: Tasks with subtasks (``flags`` asks for every row as the table lays out).
        self._summary_set: frozenset[int] = frozenset()
        self._summaries: list[int] | None = None
        #: Display texts by task, then column, made when Qt first asks; those of the
        #: columns an edit of tasks leaves as they were are kept apart (``_kept``).
        self._texts: dict[int, dict[int, str]] = {}
        self._kept: dict[int, dict[int, str]] = {}
        self._bold: QFont | None = None
        self._index_rows()
        self._unsubscribe: Callable[[], None] | None = document.subscribe(self._on_change)

    # --- the project shown ------------------------------------------------------------

    @property
    def document(self) -> Document:
        """The Document shown (the Gantt chart reads dates, links and calendars from it)."""
        return self._document

    @property
    def project_id(self) -> int | None:
        """The project whose tasks are shown (None: no project, no rows)."""
        return self._project_id

    def set_project(self, project_id: int | None) -> None:
        """Show another project's tasks."""
        self.beginResetModel()
        self._project_id = project_id
        self._take_snapshot()
        self.endResetModel()

    def detach(self) -> None:
        """Stop listening to the Document (before the model is dropped or the file closed)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def refresh(self) -> None:
        """Re-read every value, e.g. after a reschedule that sent no change notice."""
        self._portfolio, self._schedule = self._document.portfolio, self._document.schedule
        self._emit_all()

    # --- lookups used by views ------------------------------------------------------------

    def task_id(self, index: AnyIndex) -> int | None:
        """The task on an index's row, or None for the invisible root."""
        return index.internalId() if index.isValid() else None

    def index_of(self, task_id: int, column: int = 0) -> QModelIndex:
        """The index of a task's row (invalid when the task is not in this project)."""
        if task_id not in self._rows:
            return QModelIndex()
        return self.createIndex(self._rows[task_id], column, task_id)

    def summary_ids(self) -> list[int]:
        """Tasks that have subtasks (the rows a view can expand or collapse)."""
        if self._summaries is None:
            self._summaries = [task_id for task_id in self._rows if task_id in self._summary_set]
        return list(self._summaries)

    def task_ids(self) -> list[int]:
        """Every task of the project in outline order."""
        if self._project_id is None:
            return []
        return [task.id for task in self._outline.walk(self._project_id)]

    def task_count(self) -> int:
        """How many tasks the project has (every row, expanded or not)."""
        return len(self._rows)

    # --- Qt's model interface ---------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = _ROOT) -> QModelIndex:
        """Qt override (without ``hasIndex``, which calls back into Python twice)."""
        if parent.isValid():
            if parent.column() > 0:
                return QModelIndex()
            children = self._children(parent.internalId())
        else:
            children = self._children(None)
        if not (0 <= row < len(children) and 0 <= column < _COLUMN_COUNT):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: AnyIndex = _ROOT) -> QModelIndex:  # type: ignore[override]
        """Qt override."""
        if not index.isValid():
            return QModelIndex()
        task = self._outline.tasks.get(index.internalId())
        if task is None or task.parent_id is None:
            return QModelIndex()
        return self.createIndex(self._rows[task.parent_id], 0, task.parent_id)

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        """Qt override."""
        if not parent.isValid():
            return len(self._children(None))
        if parent.column() > 0:
            return 0
        return len(self._children(parent.internalId()))

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        """Qt override."""
        return _COLUMN_COUNT

    def hasChildren(self, parent: AnyIndex = _ROOT) -> bool:
        """Qt override."""
        return self.rowCount(parent) > 0

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        """Qt override."""
        if orientation is Qt.Orientation.Horizontal and role == _DISPLAY:
            return Column(section).header
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Qt override."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        column, summary = index.column(), self._is_summary(index.internalId())
        if column not in _EDITABLE_COLUMNS or self._document.read_only:
            flags = _READ
        else:
            flags = _READ if column in _ROLLED_UP_COLUMNS and summary else _WRITE
        return flags if summary else flags | _LEAF

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> object:
        """Qt override."""
        if role not in _ANSWERED or not index.isValid():
            return None
        task_id = index.internalId()
        if role == _DISPLAY:
            return self._text(task_id, index.column())
        task = self._portfolio.tasks.get(task_id)
        if task is None:
            return None
        column = _COLUMNS[index.column()]
        if role == _EDIT:
            return self._edit_value(task, column)
        return self._decoration(task, column, role)

    def setData(self, index: AnyIndex, value: object, role: int = _EDIT) -> bool:
        """Qt override: builds a command and hands it to the edit sink; never edits here."""
        if role != _EDIT or not index.isValid():
            return False
        task_id = index.internalId()
        if task_id not in self._portfolio.tasks:
            return False
        column = Column(index.column())
        value = _from_qt(value)
        if value == _from_qt(self._edit_value(self._portfolio.tasks[task_id], column)):
            return False
        try:
            command = command_for_cell(self._portfolio, task_id, column, value)
        except (CellEditError, EditError) as exc:
            self.editRefused.emit(f"{column.header}: {exc}")
            return False
        return self._edit(command)

    # --- what a cell shows --------------------------------------------------------------

    def _dates(self, task_id: int) -> TaskDates | None:
        return self._schedule.tasks.get(task_id)

    def _text(self, task_id: int, column: int) -> str | None:
        """A cell's display text, made once and kept until the task changes."""
        cache = self._kept if column in _KEPT_ON_TASK_EDITS else self._texts
        texts = cache.get(task_id)
        if texts is None:
            texts = cache[task_id] = {}
        text = texts.get(column)
        if text is None:
            task = self._portfolio.tasks.get(task_id)
            if task is None:
                return None
            text = texts[column] = self._display(task, _COLUMNS[column])
        return text

    def _is_summary(self, task_id: int) -> bool:
        return task_id in self._summary_set

    def _display(self, task: Task, column: Column) -> str:
        project = self._portfolio.projects[task.project_id]
        dates = self._dates(task.id)
        if column is Column.ID:
            return str(self._outline.row_number(task.id))
        if column is Column.WBS:  # the code typed for the task, else its outline number
            return task.wbs or self._outline.outline_number(task.id)
        if column is Column.NAME:
            return task.name
        if column is Column.DURATION:
            minutes = dates.duration_minutes if dates and dates.summary else task.duration_minutes
            return format_duration(Duration(minutes, task.duration_unit), project.time)
        if column is Column.PREDECESSORS:
            return format_predecessors(self._portfolio, task.id)
        if column is Column.RESOURCES:
            return format_assignments(self._portfolio, task.id)
        if column is Column.PERCENT_COMPLETE:
            percent = dates.percent_complete if dates and dates.summary else task.percent_complete
            return f"{percent}%"
        if column is Column.LEVELING_DELAY:  # what Project > Level Resources set
            delay = task.leveling_delay_minutes
            return _days(delay, project.time) if delay else ""
        if dates is None:
            return ""
        return _schedule_text(dates, column, project)

    def _edit_value(self, task: Task, column: Column) -> object:
        """What an editor starts with: text, a QDate, or a whole percentage."""
        if column in (Column.START, Column.FINISH):
            dates = self._dates(task.id)
            if dates is None:
                return None
            moment = dates.start if column is Column.START else dates.finish
            return QDate(moment.year, moment.month, moment.day)
        if column is Column.PERCENT_COMPLETE:
            return task.percent_complete
        if column is Column.WBS:
            return task.wbs or ""
        return self._display(task, column)

    def _decoration(self, task: Task, column: Column, role: int) -> object:
        """Colour, weight, alignment, tooltips and the task id role."""
        if role == TASK_ID_ROLE:
            return task.id
        if role == _FOREGROUND:
            dates = self._dates(task.id)
            return CRITICAL_COLOR if dates is not None and dates.critical else None
        if role == _FONT:
            return self._bold_font() if self._is_summary(task.id) else None
        if role == _ALIGNMENT:
            return _RIGHT if column in _NUMERIC_COLUMNS else None
        if role == _TOOLTIP:
            return self._tooltip(task, column, self._dates(task.id))
        return None

    def _bold_font(self) -> QFont:
        """One bold font for every summary row (made on first use: a QFont needs the app)."""
        if self._bold is None:
            self._bold = QFont()
            self._bold.setBold(True)
        return self._bold

    def _tooltip(self, task: Task, column: Column, dates: TaskDates | None) -> str | None:
        project = self._portfolio.projects[task.project_id]
        if column in (Column.START, Column.FINISH) and task.constraint.needs_date:
            when = format_moment(task.constraint_date, -1)
            return f"Constraint: {task.constraint.short} {when}"
        if column is Column.FINISH and dates is not None and dates.deadline_missed:
            return f"Finishes after its deadline ({format_moment(task.deadline, -1)})"
        if column is Column.NAME and task.notes:
            return task.notes
        if column in (Column.TOTAL_SLACK, Column.FREE_SLACK) and project.critical_slack_minutes:
            return f"Critical at {_days(project.critical_slack_minutes, project.time)} or less"
        return None

    # --- keeping up with the Document ---------------------------------------------------

    def _on_change(self, change: Change) -> None:
        """Turn a change notice into dataChanged, or a reset when rows came or went."""
        gone = self._project_id is not None and (
            self._project_id not in self._document.portfolio.projects
        )
        if change.structure or (change.projects and gone):
            self.beginResetModel()
            self._take_snapshot()
            self.endResetModel()
            return
        self._portfolio, self._schedule = self._document.portfolio, self._document.schedule
        if change.links or change.resources or change.projects or change.calendars:
            self._emit_all()  # predecessors, resource names, durations' units...
            return
        rows = self._rows
        shown = frozenset(t for t in change.tasks if t in rows)  # other projects' tasks go
        if not shown:
            return
        self.tasksChanged.emit(shown)
        if len(shown) > BULK_TASKS:
            # Most rows moved (the first task of a long chain): sparing a few rows' texts
            # and spans would cost a pass over thousands of tasks.
            self._texts.clear()
            self._emit_rows(self._all_parents())
            return
        for task_id in shown:
            self._texts.pop(task_id, None)
        self._emit_tasks(shown)

    # --- an edit still rescheduling -----------------------------------------------------

    def show_pending_edit(self) -> None:
        """Show what an edit still rescheduling typed (a name, a duration, a % complete)
        at once, beside the dates it had; its own dates follow when it lands.

        Only for edits of tasks' own fields: rows that came, went or moved, and links or
        assignments, wait for the edit to land.
        """
        after, current = self._document.pending_portfolio, self._document.portfolio
        if after is None or self._portfolio is not current:
            return
        if any(getattr(after, c) is not getattr(current, c) for c in _NOT_TASK_FIELDS):
            return
        upserts, deletes = changed_keys(current.tasks, after.tasks)
        if deletes or not all(keeps_its_row(current.tasks.get(t), after.tasks[t]) for t in upserts):
            return
        self._portfolio = after
        self._refresh_rows(upserts)

    def drop_pending_edit(self) -> None:
        """Back to the Document's plan, when an edit shown pending did not land."""
        current = self._document.portfolio
        if self._portfolio is current:
            return
        upserts, _ = changed_keys(current.tasks, self._portfolio.tasks)
        self._portfolio = current
        self._refresh_rows(upserts)

    def _refresh_rows(self, task_ids: Iterable[int]) -> None:
        shown = frozenset(t for t in task_ids if t in self._rows)
        for task_id in shown:
            self._texts.pop(task_id, None)
        self._emit_tasks(shown)

    def _emit_all(self) -> None:
        """Every row may show something else: drop every text and say so."""
        self._texts.clear()
        self._kept.clear()
        self.tasksChanged.emit(None)
        self._emit_rows(self._all_parents())

    def _take_snapshot(self) -> None:
        self._portfolio, self._schedule = self._document.portfolio, self._document.schedule
        self._outline = self._portfolio
        if self._project_id not in self._portfolio.projects:
            self._project_id = None
        self._index_rows()

    def _emit_tasks(self, task_ids: Iterable[int]) -> None:
        """One dataChanged per parent, spanning the changed rows under it."""
        spans: dict[int | None, tuple[int, int]] = {}
        for task_id in task_ids:
            parent_id = self._outline.tasks[task_id].parent_id
            row = self._rows[task_id]
            low, high = spans.get(parent_id, (row, row))
            spans[parent_id] = (min(low, row), max(high, row))
        for parent_id, (low, high) in spans.items():
            self._emit_span(parent_id, low, high)

    def _emit_rows(self, parent_ids: Iterable[int | None]) -> None:
        for parent_id in parent_ids:
            count = len(self._children(parent_id))
            if count:
                self._emit_span(parent_id, 0, count - 1)

    def _emit_span(self, parent_id: int | None, low: int, high: int) -> None:
        children = self._children(parent_id)
        last = len(Column) - 1
        self.dataChanged.emit(
            self.createIndex(low, 0, children[low]), self.createIndex(high, last, children[high])
        )

    def _all_parents(self) -> list[int | None]:
        return [None, *self.summary_ids()]

    def _children(self, parent_id: int | None) -> list[int]:
        if self._project_id is None:
            return []
        return self._outline.children(self._project_id, parent_id)

    def _index_rows(self) -> None:
        """Each task's row under its parent, so ``parent()`` is a dictionary lookup.

        Walks down from the project's top level rather than over ``project_task_ids``,
        whose index spans every project of the file.
        """
        self._rows = {}
        self._summary_set = frozenset()
        self._summaries = None
        self._texts, self._kept = {}, {}
        if self._project_id is None:
            return
        summaries: set[int] = set()
        stack: list[int | None] = [None]
        while stack:
            parent_id = stack.pop()
            children = self._children(parent_id)
            if children and parent_id is not None:
                summaries.add(parent_id)
            for row, child in enumerate(children):
                self._rows[child] = row
            stack.extend(children)
        self._summary_set = frozenset(summaries)


def _schedule_text(dates: TaskDates, column: Column, project: Project) -> str:
    """The computed columns: dates, slack and criticality."""
    if column is Column.START:
        return format_moment(dates.start, project.default_start_minute)
    if column is Column.FINISH:
        return format_moment(dates.finish, project.default_finish_minute)
    if column is Column.TOTAL_SLACK:
        return _days(dates.total_slack_minutes, project.time)
    if column is Column.FREE_SLACK:
        return _days(dates.free_slack_minutes, project.time)
    return "Yes" if dates.critical else "No"


def _days(minutes: int, time: TimeSettings) -> str:
    """Slack in days of the project, as MS Project shows it."""
    return format_duration(Duration(minutes, DurationUnit.DAYS), time)


def _from_qt(value: object) -> object:
    """Editors hand back QDate and QDateTime; the commands take Python dates."""
    if isinstance(value, QDateTime):
        moment = value.toPython()
        return moment if isinstance(moment, datetime) else None
    if isinstance(value, QDate):
        day = value.toPython()
        return day if isinstance(day, date) else None
    return value
