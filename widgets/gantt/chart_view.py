"""The Gantt chart: bars beside the task table, painted row by row, edited by dragging.

It paints only the rows and the time range on screen (a QGraphicsScene with 50k items
is too slow to build), reading the rows from the table beside it (``RowGeometry``) and
the dates from the Document. A drag moves a preview only; on release the gesture
becomes one command through the window's edit door, and the chart repaints when the
model reports the change (DESIGN 3.10).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import numpy as np
from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QObject,
    QPointF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QContextMenuEvent,
    QHelpEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QMenu, QToolTip, QWidget

from app.commands import EditTask, UnlinkTasks
from app.document import Document
from app.model import ConstraintKind, Link
from app.schedule.working_time import DateClock, calendar_clock
from widgets.gantt import tooltips
from widgets.gantt.interaction import (
    BarHit,
    DragKind,
    Linked,
    Outcome,
    command_for,
    drag_started,
    hit_test,
    moved,
    progressed,
    promote,
    stretched,
)
from widgets.gantt.link_cache import LinkCache, Visible
from widgets.gantt.link_routing import Route, distance_to, route
from widgets.gantt.painting import (
    Frame,
    LabelKind,
    Options,
    Scheme,
    bar_height,
    bar_hit,
    link_box,
    paint_background,
    paint_bars,
    paint_header,
    paint_links,
    paint_preview,
    scheme_for,
)
from widgets.gantt.row_geometry import RowGeometry
from widgets.gantt.time_scale import (
    DEFAULT_LEVEL,
    LEVELS,
    WHEEL_FACTOR,
    TimeScale,
    fit_px_per_day,
)
from widgets.models.task_tree_model import TaskTreeModel
from widgets.sinks import EditSink, MessageSink
from widgets.task_view import TaskTreeView

#: Days of room shown before the project's start and after its finish.
LEAD_DAYS = 14
TRAIL_DAYS = 60
#: Pixels from a link's line that still count as pointing at it.
LINK_PICK_PX = 4.0
#: Seconds of link routing a paint may spend before it shows what is routed and paints
#: again for the rest: a page scrolled into view, or an edit that moved every bar, can
#: need hundreds of routes (50 ms), which would otherwise hold up that one frame.
#: None routes everything in the paint (the window tests do, to grab complete charts).
ROUTING_BUDGET_S: float | None = 0.008
_OPAQUE = QImage.Format.Format_ARGB32_Premultiplied


@dataclass(slots=True)
class _Drag:
    """A press on a bar, and what dragging it would do so far."""

    task_id: int
    kind: DragKind
    press: QPointF
    hit: BarHit
    started: bool = False
    outcome: Outcome | None = None
    pointer: QPointF | None = None


class TimeHeader(QWidget):
    """The two-tier timescale above the chart, scrolled with it."""

    def __init__(self, chart: GanttChartView) -> None:
        super().__init__(chart)
        self.setObjectName("ganttTimescale")
        self._chart = chart
        #: The timescale painted for three widths around the view (what it was painted
        #: for, its left x, the image): scrolling copies it instead of drawing every
        #: caption again, which was a fifth of a repaint after a scroll.
        self._strip: tuple[tuple[object, ...], float, QImage] | None = None

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override."""
        painter = QPainter(self)
        chart = self._chart
        scheme = scheme_for(self.palette())
        width, height, x_offset = self.width(), self.height(), chart.x_offset
        left, image = self._strip_for(x_offset, scheme)
        painter.drawImage(QPointF(left - x_offset, 0), image)
        paint_header(painter, chart.scale, x_offset, width, height, scheme, self.font(), True)
        painter.end()

    def _strip_for(self, x_offset: float, scheme: Scheme) -> tuple[float, QImage]:
        """The painted strip covering the view, made again when the view leaves it or the
        zoom, size, colours or font change."""
        width, height, ratio = self.width(), self.height(), self.devicePixelRatioF()
        key = (self._chart.scale, width, height, scheme, self.font().key(), ratio)
        strip = self._strip
        if strip is not None and strip[0] == key and strip[1] <= x_offset <= strip[1] + 2 * width:
            return strip[1], strip[2]
        left = x_offset - width
        image = QImage(round(3 * width * ratio), round(height * ratio), _OPAQUE)
        image.setDevicePixelRatio(ratio)
        painter = QPainter(image)
        paint_header(painter, self._chart.scale, left, 3 * width, height, scheme, self.font())
        painter.end()
        self._strip = (key, left, image)
        return left, image


class GanttChartView(QAbstractScrollArea):
    """Bars, links and the timescale for the project shown in ``tree``."""

    #: The zoom or options changed (the window updates its menu check marks).
    optionsChanged = Signal()

    def __init__(
        self,
        tree: TaskTreeView,
        perform: EditSink,
        message: MessageSink,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ganttChart")
        self.tree = tree
        self.rows = RowGeometry(tree)
        self._perform = perform
        self._message = message
        self.scale = TimeScale(datetime(2000, 1, 3), LEVELS[DEFAULT_LEVEL].px_per_day)
        self.options = Options()
        #: The "today" line; None hides it. Tests and exports may pin it.
        self.today: datetime | None = datetime.now()
        self.header = TimeHeader(self)
        self._drag: _Drag | None = None
        #: A dropped drag whose edit is still rescheduling: its bar stays where it was
        #: dropped until the new dates land (``Document.pending``).
        self._landing: _Drag | None = None
        self.links = LinkCache()
        self._changed: list[int] = []
        self._selected: frozenset[int] = frozenset()
        self._model: TaskTreeModel | None = None
        self.context_menu: QMenu | None = None
        #: Opens the task or link dialog; the Gantt view sets these.
        self.open_task: Callable[[int], None] = lambda task_id: None
        self.open_link: Callable[[int], None] = lambda link_id: None
        self.viewport().setMouseTracking(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.horizontalScrollBar().setSingleStep(20)
        self._connect_tree()

    # --- the table beside -----------------------------------------------------------------

    def _connect_tree(self) -> None:
        """Share the table's vertical scroll bar, rows, expansion and selection."""
        tree_bar, own_bar = self.tree.verticalScrollBar(), self.verticalScrollBar()
        tree_bar.rangeChanged.connect(self._follow_tree_range)
        tree_bar.valueChanged.connect(own_bar.setValue)
        own_bar.valueChanged.connect(tree_bar.setValue)
        self.tree.expanded.connect(self.relayout)
        self.tree.collapsed.connect(self.relayout)
        self.tree.modelChanged.connect(self.attach_model)
        self.tree.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: the table's text zoom changes its row height; follow it."""
        if watched is self.tree and event.type() == QEvent.Type.FontChange:
            self.sync_header()
            self.relayout()
        return super().eventFilter(watched, event)

    def _follow_tree_range(self, low: int, high: int) -> None:
        bar, tree_bar = self.verticalScrollBar(), self.tree.verticalScrollBar()
        bar.setRange(low, high)
        bar.setPageStep(tree_bar.pageStep())
        bar.setSingleStep(tree_bar.singleStep())
        bar.setValue(tree_bar.value())

    def attach_model(self) -> None:
        """Follow the table's (new) model: its resets, changes and selection."""
        model = self.tree.task_model()
        if self._model is not None and self._model is not model:
            for signal, slot in self._model_slots(self._model):
                signal.disconnect(slot)
        self._model = model
        if model is not None:
            for signal, slot in self._model_slots(model):
                signal.connect(slot)
            self.tree.selectionModel().selectionChanged.connect(self._on_selection)
        self._on_reset()

    def _model_slots(self, model: TaskTreeModel) -> list[tuple[object, Callable[..., None]]]:
        return [
            (model.modelReset, self._on_reset),
            (model.tasksChanged, self._on_tasks),
            (model.layoutChanged, self.relayout),
        ]

    @property
    def document(self) -> Document | None:
        """The Document of the project shown."""
        return self._model.document if self._model is not None else None

    @property
    def project_id(self) -> int | None:
        """The project shown."""
        return self._model.project_id if self._model is not None else None

    def _on_reset(self) -> None:
        """A new project, or rows came and went: lay out anew and re-anchor the time axis."""
        self._drag = self._landing = None
        self._changed = []
        self.relayout()
        self._anchor_origin(keep_view=False)
        self._on_selection()

    def _on_tasks(self, task_ids: Collection[int] | None) -> None:
        """Some tasks changed (None: every row): their links are rerouted at the next paint.

        Only collected here; ``_settle`` does the work once, at the paint.
        """
        if self._model is not None:
            self._changed.extend(self._model.task_ids() if task_ids is None else task_ids)
        self.viewport().update()

    def _settle(self) -> None:
        """Drop the routes of links of tasks that changed, and fit the scroll range."""
        if not self._changed:
            return
        changed, self._changed = self._changed, []
        self.links.invalidate_tasks(changed)
        self._update_range()

    def _on_selection(self, *args: object) -> None:
        selection = self.tree.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        self._selected = frozenset(index.internalId() for index in rows)
        self.viewport().update()

    def relayout(self, *args: object) -> None:
        """Re-read the rows (after expand, collapse or a reset) and repaint."""
        self.rows.invalidate()
        self.viewport().update()

    # --- the time axis -------------------------------------------------------------------

    @property
    def x_offset(self) -> float:
        """Chart x at the viewport's left edge."""
        return float(self.horizontalScrollBar().value())

    def _span(self) -> tuple[datetime, datetime] | None:
        """The project's first start and last finish (None when nothing is shown)."""
        document, project_id = self.document, self.project_id
        if document is None or project_id is None:
            return None
        dates = document.schedule.projects.get(project_id)
        project = document.portfolio.projects[project_id]
        if dates is None:
            return project.start, project.start + timedelta(days=30)
        return min(dates.start, project.start), dates.finish

    def _anchor_origin(self, keep_view: bool) -> None:
        """Put the time axis's origin a little before the project's start."""
        span = self._span()
        if span is None:
            return
        origin = datetime.combine(span[0].date(), datetime.min.time()) - timedelta(days=LEAD_DAYS)
        origin -= timedelta(days=origin.weekday())
        left = self.scale.moment_at(self.x_offset) if keep_view else origin
        self.scale = replace(self.scale, origin=origin)
        self._update_range()
        self.horizontalScrollBar().setValue(round(self.scale.x_of(left)))
        self.links.invalidate_all()
        self.viewport().update()
        self.header.update()

    def _update_range(self) -> None:
        span = self._span()
        bar = self.horizontalScrollBar()
        width = self.viewport().width()
        if span is None:
            bar.setRange(0, 0)
            return
        if span[0] < self.scale.origin:
            self._anchor_origin(keep_view=True)
            return
        end = self.scale.x_of(span[1] + timedelta(days=TRAIL_DAYS))
        bar.setRange(0, max(0, round(end) - width))
        bar.setPageStep(width)

    def set_px_per_day(self, px_per_day: float, anchor_x: float | None = None) -> None:
        """Zoom, keeping the moment under ``anchor_x`` (default: the middle) in place."""
        anchor = self.viewport().width() / 2 if anchor_x is None else anchor_x
        moment = self.scale.moment_at(self.x_offset + anchor)
        self.scale = self.scale.zoomed(px_per_day)
        self.links.invalidate_all()
        self._update_range()
        self.horizontalScrollBar().setValue(round(self.scale.x_of(moment) - anchor))
        self.viewport().update()
        self.header.update()
        self.optionsChanged.emit()

    def zoom(self, step: int) -> None:
        """One zoom level in (+1) or out (-1): years/quarters ... days/hours."""
        self.set_px_per_day(self.scale.stepped(step).px_per_day)

    def zoom_level(self) -> int:
        """The index in ``LEVELS`` of the tiers shown."""
        return LEVELS.index(self.scale.level)

    def zoom_to_fit(self) -> None:
        """Show the whole project across the viewport."""
        span = self._span()
        if span is None:
            return
        self.set_px_per_day(fit_px_per_day(span[0], span[1], self.viewport().width()))
        margin = (self.viewport().width() - self.scale.x_of(span[1]) + self.scale.x_of(span[0])) / 2
        self.horizontalScrollBar().setValue(round(self.scale.x_of(span[0]) - max(0.0, margin)))

    def scroll_to_task(self, task_id: int | None = None) -> None:
        """Bring a task's bar (default: the current task's) into view, table row too."""
        task_id = self.tree.current_task_id() if task_id is None else task_id
        document = self.document
        if task_id is None or document is None or task_id not in document.schedule.tasks:
            return
        if self._model is not None:
            self.tree.scrollTo(self._model.index_of(task_id))
        start = document.schedule.tasks[task_id].start
        self.horizontalScrollBar().setValue(round(self.scale.x_of(start) - 40))

    def set_options(self, **changes: object) -> None:
        """Change what is shown (baseline, slack, labels) and repaint."""
        self.options = replace(self.options, **changes)  # type: ignore[arg-type]
        self.links.invalidate_all()
        self.viewport().update()
        self.optionsChanged.emit()

    def set_labels(self, kind: LabelKind) -> None:
        """Choose the text beside the bars."""
        self.set_options(labels=kind)

    # --- geometry ---------------------------------------------------------------------------

    def header_height(self) -> int:
        """The timescale's height: two lines of text, and no less than the table's header."""
        tiers = 2 * (self.fontMetrics().height() + 6)
        return max(tiers, self.tree.header().sizeHint().height())

    def sync_header(self) -> None:
        """Make the table's header as tall as the timescale so the rows line up."""
        height = self.header_height()
        self.tree.header().setMinimumHeight(height)
        self.setViewportMargins(0, height, 0, 0)
        self._place_header()

    def _place_header(self) -> None:
        rect = self.viewport().geometry()
        self.header.setGeometry(
            rect.left(), rect.top() - self.header_height(), rect.width(), self.header_height()
        )

    def clock(self) -> DateClock | None:
        """Working time of the project's calendar (for shading and snapping)."""
        document, project_id = self.document, self.project_id
        if document is None or project_id is None:
            return None
        project = document.portfolio.projects[project_id]
        return calendar_clock(project.calendar_id, document.portfolio.calendars)

    def frame(self, width: int | None = None, height: int | None = None) -> Frame | None:
        """What is on screen now, for painting and hit tests."""
        self._settle()
        document, project_id, clock = self.document, self.project_id, self.clock()
        if document is None or project_id is None or clock is None:
            return None
        width = self.viewport().width() if width is None else width
        height = self.viewport().height() if height is None else height
        visible = self.rows.visible_rows(height)
        row_height, offset = self.rows.row_height, self.rows.offset
        order = self.rows.layout.order
        return Frame(
            portfolio=document.portfolio,
            schedule=document.schedule,
            project=document.portfolio.projects[project_id],
            clock=clock,
            scale=self.scale,
            x_offset=self.x_offset,
            width=width,
            height=height,
            row_height=row_height,
            rows=[(order[row], row * row_height - offset) for row in visible],
            options=self.options,
            scheme=scheme_for(self.palette()),
            font=self.font(),
            selected=self._selected,
            today=self.today,
            first_row=visible.start,
        )

    def bar_at(self, task_id: int) -> BarHit | None:
        """Where a task's bar is painted now, in viewport pixels (None: not on a row)."""
        top = self.rows.top_of(task_id)
        frame = self.frame()
        if top is None or frame is None:
            return None
        return bar_hit(frame, task_id, top)

    # --- links ------------------------------------------------------------------------------------

    def visible_links(self, frame: Frame, budget: float | None = None) -> Visible:
        """Links crossing what is on screen: full routes, and columns of passing links
        (those routed within ``budget`` seconds, when given: see ``LinkCache.visible``)."""
        document = self.document
        if document is None:
            return Visible([], np.empty(0))
        origin = replace(frame, x_offset=0.0)
        geometry = (self.scale, self.rows.row_height, frame.options.baseline)
        layout = self.rows.layout
        return self.links.visible(
            frame.portfolio,
            frame.schedule.tasks,
            layout.row_of,
            (self.rows.version, geometry),
            self.rows.visible_rows(int(frame.height)),
            (frame.x_offset - 40, frame.x_offset + frame.width + 40),
            lambda link: self._route(origin, link),
            budget,
        )

    def visible_routes(self, frame: Frame) -> list[tuple[int, Route, bool]]:
        """Full routes of links with an end on a row shown (link id, route, critical)."""
        return self.visible_links(frame).routes

    def _route(self, origin: Frame, link: Link) -> Route:
        """A link's route in chart coordinates (x on the time axis, y from the first row)."""
        row_of, row_height = self.rows.layout.row_of, self.rows.row_height
        pred = link_box(origin, link.predecessor_id, row_of[link.predecessor_id] * row_height)
        succ = link_box(origin, link.successor_id, row_of[link.successor_id] * row_height)
        assert pred is not None and succ is not None
        return route(link.kind, pred, succ, bar_height(origin))

    def link_at(self, pos: QPointF) -> int | None:
        """The link whose arrow passes within a few pixels of ``pos`` (bars come first:
        an arrow ending on a bar must not steal the clicks meant for the bar)."""
        frame = self.frame()
        if frame is None or self._on_bar(pos):
            return None
        x, y = pos.x() + frame.x_offset, pos.y() + self.rows.offset
        best: tuple[float, int] | None = None
        for link_id, found, _critical in self.visible_routes(frame):
            distance = distance_to(found, x, y)
            if distance <= LINK_PICK_PX and (best is None or distance < best[0]):
                best = (distance, link_id)
        return None if best is None else best[1]

    def _on_bar(self, pos: QPointF) -> bool:
        task_id = self.rows.task_at(pos.y())
        hit = self.bar_at(task_id) if task_id is not None else None
        return hit is not None and hit_test(hit, pos.x(), pos.y()) is not DragKind.NONE

    # --- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override."""
        painter = QPainter(self.viewport())
        frame = self.frame()
        if frame is None:
            painter.fillRect(self.viewport().rect(), scheme_for(self.palette()).background)
            painter.end()
            return
        links = self.visible_links(frame, ROUTING_BUDGET_S)
        paint_background(painter, frame, links.passing - frame.x_offset)
        routes = [(found, critical) for _, found, critical in links.routes]
        paint_links(painter, frame, routes, frame.x_offset, self.rows.offset)
        paint_bars(painter, frame)
        drag = self._drag or self._still_landing()
        if drag is not None and drag.started:
            linking = drag.kind is DragKind.LINK
            paint_preview(painter, frame, drag.hit, drag.outcome, drag.pointer, linking)
        painter.end()
        if not self.links.complete:  # route the rest after this frame is shown
            QTimer.singleShot(0, self.viewport(), self.viewport().update)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """Qt override."""
        self.viewport().update()
        if dx:
            self.header.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Qt override."""
        super().resizeEvent(event)
        self._place_header()
        self._update_range()

    def sizeHint(self) -> QSize:
        """Qt override."""
        return QSize(700, 400)

    # --- the mouse ----------------------------------------------------------------------------

    def _writable(self) -> bool:
        document = self.document
        return document is not None and not document.read_only

    def _select(self, task_id: int, modifiers: Qt.KeyboardModifier) -> None:
        """Make the clicked row the table's current row (Ctrl toggles it in the selection)."""
        if self._model is None:
            return
        index = self._model.index_of(task_id, 2)
        flags = QItemSelectionModel.SelectionFlag
        selection = self.tree.selectionModel()
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            selection.setCurrentIndex(index, flags.Toggle | flags.Rows)
        else:
            selection.setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Qt override."""
        pos = event.position()
        task_id = self.rows.task_at(pos.y())
        if task_id is None or event.button() is not Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._select(task_id, event.modifiers())
        hit = self.bar_at(task_id)
        kind = hit_test(hit, pos.x(), pos.y()) if hit is not None else DragKind.NONE
        if hit is not None and kind is not DragKind.NONE and self._writable():
            self._drag = _Drag(task_id, kind, pos, hit)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Qt override."""
        pos = event.position()
        drag = self._drag
        if drag is None or not event.buttons() & Qt.MouseButton.LeftButton:
            self._hover(pos)
            return
        dx, dy = pos.x() - drag.press.x(), pos.y() - drag.press.y()
        if not drag.started and not drag_started(dx, dy):
            return
        drag.started = True
        drag.kind = promote(drag.kind, dx, dy, self.rows.row_height)
        drag.pointer = pos
        drag.outcome = self._outcome(drag, pos)
        self._describe(drag)
        self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Qt override."""
        drag, self._drag = self._drag, None
        if drag is None or not drag.started or event.button() is not Qt.MouseButton.LeftButton:
            self.viewport().update()
            return
        outcome = self._outcome(drag, event.position())
        self.viewport().update()
        document = self.document
        if outcome is None or document is None:
            return
        command = command_for(outcome, document.portfolio, document.schedule)
        if command is not None and self._perform(command):
            self._confirm(outcome)
            if document.pending:
                drag.outcome, drag.pointer = outcome, event.position()
                self._landing = drag

    def _still_landing(self) -> _Drag | None:
        """The dropped drag to keep drawing while its edit reschedules, if any."""
        document = self.document
        if self._landing is not None and (document is None or not document.pending):
            self._landing = None
        return self._landing

    def _outcome(self, drag: _Drag, pos: QPointF) -> Outcome | None:
        """What releasing the mouse at ``pos`` would do."""
        document, clock = self.document, self.clock()
        if document is None or clock is None:
            return None
        dates = document.schedule.tasks.get(drag.task_id)
        task = document.portfolio.tasks.get(drag.task_id)
        if dates is None or task is None:
            return None
        dx = pos.x() - drag.press.x()
        if drag.kind is DragKind.MOVE:
            return moved(drag.task_id, dates.start, dx, self.scale, clock)
        if drag.kind is DragKind.RESIZE_FINISH:
            elapsed = task.duration_unit.elapsed
            return stretched(
                drag.task_id, dates.start, dates.finish, dx, self.scale, clock, elapsed
            )
        if drag.kind is DragKind.PROGRESS:
            return progressed(drag.task_id, pos.x(), drag.hit.x0, drag.hit.x1)
        target = self.rows.task_at(pos.y())
        return Linked(drag.task_id, target) if target is not None else None

    def _describe(self, drag: _Drag) -> None:
        """Say in the status bar what releasing would do, as the drag goes."""
        outcome = drag.outcome
        document = self.document
        if outcome is None or document is None:
            return
        self._message(tooltips.describe_outcome(document.portfolio, outcome))

    def _confirm(self, outcome: Outcome) -> None:
        """Tell the user what the drag did (a move sets a constraint they may not expect)."""
        document = self.document
        if document is not None:
            self._message(tooltips.confirm_outcome(document.portfolio, outcome))

    def _hover(self, pos: QPointF) -> None:
        """A cursor that says what a press here would grab."""
        task_id = self.rows.task_at(pos.y())
        hit = self.bar_at(task_id) if task_id is not None else None
        kind = hit_test(hit, pos.x(), pos.y()) if hit is not None else DragKind.NONE
        shapes = {
            DragKind.MOVE: Qt.CursorShape.SizeAllCursor,
            DragKind.RESIZE_FINISH: Qt.CursorShape.SizeHorCursor,
            DragKind.PROGRESS: Qt.CursorShape.PointingHandCursor,
            DragKind.LINK: Qt.CursorShape.CrossCursor,
        }
        if kind in shapes and self._writable():
            self.viewport().setCursor(shapes[kind])
        else:
            self.viewport().unsetCursor()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Qt override: a link opens its dialog, a bar or row its Task Information."""
        pos = event.position()
        link_id = self.link_at(pos)
        if link_id is not None:
            self.open_link(link_id)
            return
        task_id = self.rows.task_at(pos.y())
        if task_id is not None:
            self.open_task(task_id)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Qt override: Ctrl+wheel zooms around the pointer; the wheel alone scrolls."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            notches = event.angleDelta().y() / 120
            if notches:
                factor = WHEEL_FACTOR**notches
                self.set_px_per_day(self.scale.px_per_day * factor, event.position().x())
            event.accept()
            return
        super().wheelEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        """Qt override: the tooltip of the bar under the pointer."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self._tooltip(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def _tooltip(self, pos: QPointF) -> str:
        task_id = self.rows.task_at(pos.y())
        document = self.document
        if task_id is None or document is None:
            return ""
        hit = self.bar_at(task_id)
        if hit is None or hit_test(hit, pos.x(), pos.y()) is DragKind.NONE:
            return ""
        return tooltips.task_tooltip(document.portfolio, document.schedule, task_id)

    # --- the context menu ------------------------------------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Qt override: what can be done with the link or task under the pointer."""
        pos = QPointF(event.pos())
        menu = QMenu(self)
        menu.setObjectName("ganttContextMenu")
        link_id = self.link_at(pos)
        task_id = self.rows.task_at(pos.y())
        if link_id is not None:
            self._link_menu(menu, link_id)
        elif task_id is not None:
            self._select(task_id, Qt.KeyboardModifier.NoModifier)
            self._task_menu(menu, task_id)
        menu.addSeparator()
        menu.addAction("Zoom to &Fit Project", self.zoom_to_fit)
        self.context_menu = menu
        menu.popup(event.globalPos())

    def _link_menu(self, menu: QMenu, link_id: int) -> None:
        menu.addAction("&Edit Link...", lambda: self.open_link(link_id))
        delete = menu.addAction("&Delete Link", lambda: self._perform(UnlinkTasks((link_id,))))
        delete.setEnabled(self._writable())

    def _task_menu(self, menu: QMenu, task_id: int) -> None:
        writable = self._writable()
        menu.addAction("Task &Information...", lambda: self.open_task(task_id))
        menu.addAction("&Scroll to Task", lambda: self.scroll_to_task(task_id))
        menu.addSeparator()
        for percent in (0, 25, 50, 75, 100):
            change = {"percent_complete": percent}
            action = menu.addAction(
                f"{percent}% Complete",
                lambda c=change: self._perform(EditTask((task_id,), c, label="Set % complete")),
            )
            action.setEnabled(writable)
        clear = {"constraint": ConstraintKind.ASAP, "constraint_date": None}
        action = menu.addAction(
            "&Clear Date Constraint",
            lambda: self._perform(EditTask((task_id,), clear, label="Clear constraint")),
        )
        action.setEnabled(writable and self._has_constraint(task_id))
        unlink = menu.addAction("&Unlink Task", lambda: self._unlink(task_id))
        unlink.setEnabled(writable and self._has_links(task_id))

    def _has_constraint(self, task_id: int) -> bool:
        document = self.document
        return document is not None and document.portfolio.tasks[task_id].constraint.needs_date

    def _has_links(self, task_id: int) -> bool:
        document = self.document
        if document is None:
            return False
        portfolio = document.portfolio
        return bool(portfolio.predecessors(task_id) or portfolio.successors(task_id))

    def _unlink(self, task_id: int) -> None:
        document = self.document
        if document is None:
            return
        portfolio = document.portfolio
        ids = [k.id for k in (*portfolio.predecessors(task_id), *portfolio.successors(task_id))]
        self._perform(UnlinkTasks(tuple(ids), label="Unlink task"))
