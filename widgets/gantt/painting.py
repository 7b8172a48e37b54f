"""How the Gantt chart looks: colours, bar shapes, arrows, the timescale and the legend.

The only module that knows colours and shapes (KD Gantt's ``ItemDelegate``). It paints a
``Frame``, a description of what is on screen, so the interactive chart and the exporter
(PNG, SVG, PDF) draw exactly the same picture.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
)

from app.commands.resources import format_assignments
from app.model import Duration, Portfolio, Project
from app.model.duration import format_duration
from app.schedule.result import Schedule, TaskDates
from app.schedule.working_time import DateClock
from widgets.gantt.interaction import BarHit, BarShape, Moved, Outcome, Progressed, Stretched
from widgets.gantt.link_routing import Box, Head, Route
from widgets.gantt.time_scale import TimeScale, Unit, labels, non_working_spans, ticks

#: Below this many pixels per day, non-working days are too thin to shade usefully.
SHADE_MIN_PX_PER_DAY = 6.0
#: From this many pixels per day, the non-working hours of each day are shaded too.
SHADE_HOURS_PX_PER_DAY = 200.0
ARROW = 4.0


class LabelKind(Enum):
    """What the text beside each bar shows (MS Project shows resource names)."""

    RESOURCES = "Resource Names"
    NAME = "Task Name"
    DURATION = "Duration"
    DATES = "Start - Finish"
    NONE = "None"


@dataclass(frozen=True, slots=True)
class Scheme:
    """The chart's colours; one for light and one for dark surroundings."""

    background: QColor
    alternate: QColor
    selected: QColor
    grid: QColor
    grid_major: QColor
    non_working: QColor
    bar: QColor
    bar_edge: QColor
    progress: QColor
    critical: QColor
    critical_edge: QColor
    critical_progress: QColor
    summary: QColor
    milestone: QColor
    baseline: QColor
    slack: QColor
    link: QColor
    link_critical: QColor
    today: QColor
    status: QColor
    deadline: QColor
    late: QColor
    text: QColor
    header: QColor
    header_text: QColor


def _scheme(*colours: str) -> Scheme:
    return Scheme(*(QColor(c) for c in colours))


LIGHT = _scheme(
    "#ffffff", "#f7f8fa", "#d6e6fb", "#ececec", "#c9ccd1", "#eceef2",
    "#5b8fd0", "#2f5f9a", "#203f6b", "#d9534f", "#a33b38", "#6e1d1b",
    "#262626", "#262626", "#b3b6bb", "#53a66a", "#7d8896", "#c0392b",
    "#e67e22", "#8e44ad", "#1e8449", "#c2185b", "#1f1f1f", "#f2f3f5", "#2a2a2a",
)  # fmt: skip
DARK = _scheme(
    "#1d1f23", "#23262b", "#2c4566", "#2c2f35", "#454951", "#282b31",
    "#5e9be0", "#9cc4f0", "#d5e6fa", "#e0625e", "#f2a3a0", "#fbe0df",
    "#d8d8d8", "#d8d8d8", "#6d737c", "#6cc07f", "#9aa5b2", "#ff7a70",
    "#f39c12", "#bb8fe0", "#4cc38a", "#ff5c9d", "#e8e8e8", "#2a2d32", "#dedede",
)  # fmt: skip


def scheme_for(palette: QPalette) -> Scheme:
    """The scheme that suits the system palette: dark when the window colour is dark."""
    return DARK if palette.color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT


@dataclass(frozen=True, slots=True)
class Options:
    """What the user chose to see."""

    baseline: int | None = None
    slack: bool = False
    labels: LabelKind = LabelKind.RESOURCES


@dataclass(slots=True)
class Frame:
    """Everything one paint needs: the data, the grid, the rows on screen and the choices.

    ``x_offset`` is the chart x at the left edge; ``rows`` pairs each task shown with the
    top of its row in the painted area.
    """

    portfolio: Portfolio
    schedule: Schedule
    project: Project
    clock: DateClock
    scale: TimeScale
    x_offset: float
    width: float
    height: float
    row_height: float
    rows: Sequence[tuple[int, float]]
    options: Options = field(default_factory=Options)
    scheme: Scheme = LIGHT
    font: QFont = field(default_factory=QFont)
    selected: frozenset[int] = frozenset()
    today: datetime | None = None
    #: The row number of ``rows[0]``, so alternate shading matches the table's.
    first_row: int = 0
    #: Paint the full-height columns as an image (fast on screen); False keeps them as
    #: vector shapes (for SVG and PDF).
    raster: bool = True

    def x(self, moment: datetime) -> float:
        """A moment's x in the painted area."""
        return self.scale.x_of(moment) - self.x_offset


# --- bar geometry (shared with hit testing) --------------------------------------------------


def shape_of(portfolio: Portfolio, task_id: int, dates: TaskDates) -> BarShape:
    """Summaries as brackets, milestones and zero-length tasks as diamonds, others as bars."""
    if dates.summary or portfolio.is_summary(task_id):
        return BarShape.SUMMARY
    task = portfolio.tasks[task_id]
    if task.milestone or dates.start == dates.finish:
        return BarShape.MILESTONE
    return BarShape.TASK


def percent_of(portfolio: Portfolio, task_id: int, dates: TaskDates) -> int:
    """% complete as shown: rolled up for summaries, as entered for other tasks."""
    return dates.percent_complete if dates.summary else portfolio.tasks[task_id].percent_complete


def bar_hit(frame: Frame, task_id: int, top: float) -> BarHit | None:
    """Where a task's bar is painted (None when the task has no dates)."""
    dates = frame.schedule.tasks.get(task_id)
    if dates is None:
        return None
    shape = shape_of(frame.portfolio, task_id, dates)
    height = bar_height(frame)
    bar_top = top + frame.row_height * (0.14 if frame.options.baseline is not None else 0.22)
    x0, x1 = frame.x(dates.start), frame.x(dates.finish)
    if shape is BarShape.MILESTONE:
        half = height / 2
        return BarHit(x0 - half, x0 + half, x0, bar_top, height, shape)
    x1 = max(x1, x0 + 2)
    progress = x0 + (x1 - x0) * percent_of(frame.portfolio, task_id, dates) / 100
    return BarHit(x0, x1, progress, bar_top, height, shape)


def link_box(frame: Frame, task_id: int, top: float) -> Box | None:
    """A task's bar as link routing sees it (a milestone's point, not its diamond)."""
    hit = bar_hit(frame, task_id, top)
    if hit is None:
        return None
    if hit.shape is BarShape.MILESTONE:
        return Box(hit.progress_x, hit.progress_x, top, frame.row_height)
    return Box(hit.x0, hit.x1, top, frame.row_height)


def bar_height(frame: Frame) -> float:
    """Height of a task bar (less when a baseline shares the row)."""
    return frame.row_height * (0.46 if frame.options.baseline is not None else 0.56)


# --- the chart body ------------------------------------------------------------------------------


def paint_background(painter: QPainter, frame: Frame, passing: np.ndarray | None = None) -> None:
    """Rows, non-working time, the grid, passing links, and the today and status lines.

    ``passing`` holds the x of links whose both ends are off screen: one faint line each.
    """
    scheme = frame.scheme
    painter.fillRect(QRectF(0, 0, frame.width, frame.height), scheme.background)
    for index, (task_id, top) in enumerate(frame.rows):
        rect = QRectF(0, top, frame.width, frame.row_height)
        if task_id in frame.selected:
            painter.fillRect(rect, scheme.selected)
        elif (frame.first_row + index) % 2:
            painter.fillRect(rect, scheme.alternate)
    if frame.raster:
        _paint_columns(painter, frame, passing)
    else:
        _paint_non_working(painter, frame)
        _paint_grid(painter, frame)
    _vertical_line(painter, frame, frame.today, scheme.today, Qt.PenStyle.SolidLine)
    _vertical_line(painter, frame, frame.project.status_date, scheme.status, Qt.PenStyle.DashLine)


def _non_working_xs(frame: Frame) -> list[tuple[float, float]]:
    """Days off (and, zoomed in, the hours off) from the project calendar, as x spans."""
    if frame.scale.px_per_day < SHADE_MIN_PX_PER_DAY:
        return []
    first = frame.scale.moment_at(frame.x_offset).date() - timedelta(days=1)
    last = frame.scale.moment_at(frame.x_offset + frame.width).date() + timedelta(days=1)
    hours = frame.scale.px_per_day >= SHADE_HOURS_PX_PER_DAY
    spans = non_working_spans(frame.clock, first, last, hours)
    return [(frame.x(begin), frame.x(end)) for begin, end in spans]


def _grid_xs(frame: Frame) -> list[tuple[float, bool]]:
    """x of the lower tier's boundaries (False) and the upper tier's (True)."""
    start = frame.scale.moment_at(frame.x_offset)
    end = frame.scale.moment_at(frame.x_offset + frame.width)
    level = frame.scale.level
    found = [(frame.x(begin), False) for begin, _ in ticks(level.lower, start, end)]
    return found + [(frame.x(begin), True) for begin, _ in ticks(level.upper, start, end)]


def _paint_non_working(painter: QPainter, frame: Frame) -> None:
    for x0, x1 in _non_working_xs(frame):
        painter.fillRect(QRectF(x0, 0, x1 - x0, frame.height), frame.scheme.non_working)


def _paint_grid(painter: QPainter, frame: Frame) -> None:
    for x, major in _grid_xs(frame):
        colour = frame.scheme.grid_major if major else frame.scheme.grid
        painter.setPen(QPen(colour, 0))
        x = round(x) + 0.5
        painter.drawLine(QPointF(x, 0), QPointF(x, frame.height))


_PREMULTIPLIED = QImage.Format.Format_ARGB32_Premultiplied
#: Rows of the column strip blitted at a time (one blit per band of this many rows).
STRIP_ROWS = 64


def _paint_columns(painter: QPainter, frame: Frame, passing: np.ndarray | None) -> None:
    """Shading, grid and passing links as one translucent strip, blitted down the height.

    Everything here runs the full height and varies only across, so one row of pixels
    composed with numpy says it all; the raster engine draws hundreds of full-height
    lines far slower than it copies a few bands of an image.
    """
    width = int(frame.width) + 1
    strip = np.zeros((width, 4), dtype=np.float32)
    shade = _premultiplied(frame.scheme.grid_major, 80)
    for x0, x1 in _non_working_xs(frame):
        _over(strip, slice(max(0, round(x0)), max(0, min(width, round(x1)))), shade)
    if passing is not None and len(passing):
        columns = passing[(passing >= 0) & (passing < width)].astype(np.int64)
        _over(strip, columns, _premultiplied(frame.scheme.link, 70))
    for x, major in _grid_xs(frame):
        if 0 <= round(x) < width:
            alpha = 255 if major else 90
            _over(
                strip, slice(round(x), round(x) + 1), _premultiplied(frame.scheme.grid_major, alpha)
            )
    band = np.ascontiguousarray(np.repeat(strip.astype(np.uint8)[None, :, :], STRIP_ROWS, axis=0))
    image = QImage(
        band.data, width, STRIP_ROWS, width * 4, QImage.Format.Format_ARGB32_Premultiplied
    )
    for top in range(0, int(frame.height) + 1, STRIP_ROWS):
        painter.drawImage(0, top, image)


def _premultiplied(colour: QColor, alpha: int) -> np.ndarray:
    """A colour at ``alpha`` as premultiplied BGRA floats (QImage's byte order)."""
    share = alpha / 255
    return np.array(
        [colour.blue() * share, colour.green() * share, colour.red() * share, alpha], np.float32
    )


def _over(strip: np.ndarray, where: slice | np.ndarray, colour: np.ndarray) -> None:
    """Composite ``colour`` over the strip's pixels at ``where`` (Porter-Duff over)."""
    strip[where] = colour + strip[where] * (1 - colour[3] / 255)


def _vertical_line(
    painter: QPainter, frame: Frame, moment: datetime | None, colour: QColor, style: Qt.PenStyle
) -> None:
    if moment is None:
        return
    x = frame.x(moment)
    if -2 <= x <= frame.width + 2:
        painter.setPen(QPen(colour, 2, style))
        painter.drawLine(QPointF(x, 0), QPointF(x, frame.height))


def paint_links(
    painter: QPainter, frame: Frame, routes: Iterable[tuple[Route, bool]], dx: float, dy: float
) -> None:
    """Arrows under the bars; ``dx``/``dy`` move chart coordinates into the painted area.

    Routes run only across and down, so pixel-aligned lines need no antialiasing (and
    cost a fraction of antialiased ones); the heads are smoothed. Each colour is one
    path for the lines and one for the heads: two draw calls instead of two per link.
    """
    lines = {False: QPainterPath(), True: QPainterPath()}
    heads = {False: QPainterPath(), True: QPainterPath()}
    ox, oy = 0.5 - round(dx), 0.5 - round(dy)
    for route, critical in routes:
        path = lines[critical]
        points = route.points
        path.moveTo(round(points[0][0]) + ox, round(points[0][1]) + oy)
        for x, y in points[1:]:
            path.lineTo(round(x) + ox, round(y) + oy)
        x, y = points[-1]
        heads[critical].addPolygon(_head(route.head, round(x) + ox, round(y) + oy))
    painter.save()
    for critical in (False, True):
        colour = frame.scheme.link_critical if critical else frame.scheme.link
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.strokePath(lines[critical], QPen(colour, 0))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillPath(heads[critical], colour)
    painter.restore()


_HEAD_OFFSETS = {
    Head.RIGHT: ((-ARROW * 1.6, -ARROW), (-ARROW * 1.6, ARROW)),
    Head.LEFT: ((ARROW * 1.6, -ARROW), (ARROW * 1.6, ARROW)),
    Head.DOWN: ((-ARROW, -ARROW * 1.6), (ARROW, -ARROW * 1.6)),
    Head.UP: ((-ARROW, ARROW * 1.6), (ARROW, ARROW * 1.6)),
}


def _head(head: Head, x: float, y: float) -> QPolygonF:
    (ax, ay), (bx, by) = _HEAD_OFFSETS[head]
    return QPolygonF([QPointF(x, y), QPointF(x + ax, y + ay), QPointF(x + bx, y + by)])


def paint_bars(painter: QPainter, frame: Frame) -> None:
    """Every row's bar with its baseline, slack, progress, deadline, lateness and label."""
    painter.setFont(frame.font)
    metrics = QFontMetricsF(frame.font)
    for task_id, top in frame.rows:
        hit = bar_hit(frame, task_id, top)
        if hit is None or hit.x0 > frame.width + 4:
            continue
        dates = frame.schedule.tasks[task_id]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        right = _paint_extras(painter, frame, task_id, dates, hit, top)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        _paint_shape(painter, frame, dates, hit)
        right = max(right, _paint_markers(painter, frame, task_id, dates, hit, top))
        if hit.x1 >= 0:  # a label whose bar is scrolled away would float, cut, at the edge
            _paint_label(painter, frame, task_id, dates, right + 4, top, metrics)


def _paint_extras(
    painter: QPainter, frame: Frame, task_id: int, dates: TaskDates, hit: BarHit, top: float
) -> float:
    """The baseline under the bar, a levelling delay before it and the slack after it.

    Returns where they end on the right.
    """
    right = hit.x1
    number = frame.options.baseline
    saved = frame.portfolio.baselines.get((task_id, number)) if number is not None else None
    if saved is not None and saved.start is not None and saved.finish is not None:
        x0, x1 = frame.x(saved.start), max(frame.x(saved.finish), frame.x(saved.start) + 2)
        y = top + frame.row_height * 0.66
        painter.fillRect(QRectF(x0, y, x1 - x0, frame.row_height * 0.2), frame.scheme.baseline)
        right = max(right, x1)
    delay = frame.portfolio.tasks[task_id].leveling_delay_minutes
    if delay > 0 and hit.shape is not BarShape.SUMMARY:
        # MS Project's levelling-delay bar: a thin line from where the task would start
        # without levelling to where it starts now.
        x0 = frame.x(frame.clock.subtract_working(dates.start, delay))
        y = hit.top + hit.height / 2
        painter.setPen(QPen(frame.scheme.slack, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(x0, y), QPointF(hit.x0, y))
        painter.drawLine(QPointF(x0, y - 3), QPointF(x0, y + 3))
    if frame.options.slack and hit.shape is not BarShape.SUMMARY:
        slack_end = frame.x(dates.late_finish)
        if slack_end > hit.x1 + 1 and dates.total_slack_minutes > 0:
            y = hit.top + hit.height / 2
            painter.setPen(QPen(frame.scheme.slack, 2))
            painter.drawLine(QPointF(hit.x1, y), QPointF(slack_end, y))
            painter.drawLine(QPointF(slack_end, y - 3), QPointF(slack_end, y + 3))
            right = max(right, slack_end)
    return right


def _paint_shape(painter: QPainter, frame: Frame, dates: TaskDates, hit: BarHit) -> None:
    scheme = frame.scheme
    if hit.shape is BarShape.SUMMARY:
        _paint_summary(painter, scheme, hit)
        return
    if hit.shape is BarShape.MILESTONE:
        colour = scheme.critical if dates.critical else scheme.milestone
        cx, cy, half = (hit.x0 + hit.x1) / 2, hit.top + hit.height / 2, hit.height / 2
        diamond = [QPointF(cx, cy - half), QPointF(cx + half, cy), QPointF(cx, cy + half)]
        diamond.append(QPointF(cx - half, cy))
        painter.setPen(QPen(scheme.background, 1))
        painter.setBrush(colour)
        painter.drawPolygon(QPolygonF(diamond))
        return
    fill = scheme.critical if dates.critical else scheme.bar
    edge = scheme.critical_edge if dates.critical else scheme.bar_edge
    rect = QRectF(hit.x0, hit.top, hit.x1 - hit.x0, hit.height)
    painter.setPen(QPen(edge, 1))
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, 2, 2)
    if hit.progress_x > hit.x0:
        band = QRectF(
            hit.x0, hit.top + hit.height * 0.35, hit.progress_x - hit.x0, hit.height * 0.3
        )
        painter.fillRect(band, scheme.critical_progress if dates.critical else scheme.progress)


def _paint_summary(painter: QPainter, scheme: Scheme, hit: BarHit) -> None:
    """A bracket: a thin bar with points hanging down at both ends (MS Project's look)."""
    thick = max(3.0, hit.height * 0.4)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(scheme.summary)
    painter.drawRect(QRectF(hit.x0, hit.top, hit.x1 - hit.x0, thick))
    point = min(hit.height * 0.5, max(3.0, (hit.x1 - hit.x0) / 2))
    for x, sign in ((hit.x0, 1), (hit.x1, -1)):
        tip = [QPointF(x, hit.top), QPointF(x + sign * point, hit.top + thick)]
        tip += [QPointF(x, hit.top + thick + point)]
        painter.drawPolygon(QPolygonF(tip))
    if hit.progress_x > hit.x0:  # rolled-up progress: a light line through the bracket
        band = QRectF(hit.x0, hit.top + thick * 0.3, hit.progress_x - hit.x0, thick * 0.4)
        painter.fillRect(band, scheme.background)


def is_late(frame: Frame, task_id: int, dates: TaskDates) -> bool:
    """Past its deadline, or behind the status date (work that should be done is not)."""
    if dates.deadline_missed:
        return True
    status = frame.project.status_date
    percent = percent_of(frame.portfolio, task_id, dates)
    return status is not None and dates.finish <= status and percent < 100


def _paint_markers(
    painter: QPainter, frame: Frame, task_id: int, dates: TaskDates, hit: BarHit, top: float
) -> float:
    """A deadline arrow and a lateness flag; returns where they end."""
    right = hit.x1
    deadline = frame.portfolio.tasks[task_id].deadline
    size = frame.row_height * 0.22
    if deadline is not None:
        x, y = frame.x(deadline), top + 2
        arrow = [QPointF(x - size, y), QPointF(x + size, y), QPointF(x, y + size * 1.4)]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(frame.scheme.deadline)
        painter.drawPolygon(QPolygonF(arrow))
        painter.fillRect(QRectF(x - 0.75, y, 1.5, frame.row_height - 4), frame.scheme.deadline)
        right = max(right, x + size)
    if is_late(frame, task_id, dates):
        x, y = hit.x1 + 3 + size, hit.top + hit.height / 2
        painter.setPen(QPen(frame.scheme.background, 1))
        painter.setBrush(frame.scheme.late)
        painter.drawEllipse(QPointF(x, y), size, size)
        right = max(right, x + size)
    return right


def label_text(portfolio: Portfolio, project: Project, task_id: int, kind: LabelKind) -> str:
    """The text beside a bar for the chosen label kind."""
    if kind is LabelKind.RESOURCES:
        return format_assignments(portfolio, task_id)
    if kind is LabelKind.NAME:
        return portfolio.tasks[task_id].name
    return ""


def _paint_label(
    painter: QPainter,
    frame: Frame,
    task_id: int,
    dates: TaskDates,
    x: float,
    top: float,
    metrics: QFontMetricsF,
) -> None:
    kind = frame.options.labels
    if kind is LabelKind.DURATION:
        task = frame.portfolio.tasks[task_id]
        text = format_duration(
            Duration(dates.duration_minutes, task.duration_unit), frame.project.time
        )
    elif kind is LabelKind.DATES:
        text = f"{dates.start:%d %b} - {dates.finish:%d %b}"
    else:
        text = label_text(frame.portfolio, frame.project, task_id, kind)
    if not text or x > frame.width:
        return
    painter.setPen(frame.scheme.text)
    baseline = top + (frame.row_height + metrics.ascent() - metrics.descent()) / 2
    painter.drawText(QPointF(x, baseline), text)


def paint_preview(
    painter: QPainter,
    frame: Frame,
    hit: BarHit,
    outcome: Outcome | None,
    pointer: QPointF | None,
    linking: bool,
) -> None:
    """The ghost of what releasing the mouse would do: the bar where it would be, or the
    link being drawn from the bar to the pointer."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if linking:
        if pointer is not None:
            start = QPointF((hit.x0 + hit.x1) / 2, hit.top + hit.height / 2)
            painter.setPen(QPen(frame.scheme.link_critical, 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(start, pointer)
        painter.restore()
        return
    x0, x1 = hit.x0, hit.x1
    if isinstance(outcome, Moved):
        anchor = hit.progress_x if hit.shape is BarShape.MILESTONE else hit.x0
        shift = frame.x(outcome.start) - anchor
        x0, x1 = x0 + shift, x1 + shift
    elif isinstance(outcome, Stretched):
        x1 = max(x0 + 1, frame.x(outcome.finish))
    elif isinstance(outcome, Progressed):
        x1 = x0 + (hit.x1 - hit.x0) * outcome.percent / 100
    ghost = QColor(frame.scheme.bar)
    ghost.setAlpha(90)
    painter.setPen(QPen(frame.scheme.text, 1, Qt.PenStyle.DashLine))
    painter.setBrush(ghost)
    painter.drawRect(QRectF(x0, hit.top - 1, x1 - x0, hit.height + 2))
    painter.restore()


# --- the timescale ---

#: A moment whose captions are the widest of their kind (September, Wednesday the 30th).
WIDEST_SAMPLE = datetime(2026, 9, 30, 23)
#: Days in each unit, for the room a tick has (the shortest month: its captions must fit).
NOMINAL_DAYS = {
    Unit.YEAR: 365.0,
    Unit.QUARTER: 90.0,
    Unit.MONTH: 28.0,
    Unit.WEEK: 7.0,
    Unit.DAY: 1.0,
    Unit.HOUR: 1 / 24,
}


def paint_header(
    painter: QPainter,
    scale: TimeScale,
    x_offset: float,
    width: float,
    height: float,
    scheme: Scheme,
    font: QFont,
) -> None:
    """The two tiers of the timescale; captions of long upper units stay in view."""
    painter.fillRect(QRectF(0, 0, width, height), scheme.header)
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    start, end = scale.moment_at(x_offset), scale.moment_at(x_offset + width)
    tier = height / 2
    level = scale.level
    for row, unit in ((0, level.upper), (1, level.lower)):
        y = row * tier
        choice = _format_for(unit, scale, metrics)
        for begin, finish in ticks(unit, start, end):
            x0, x1 = scale.x_of(begin) - x_offset, scale.x_of(finish) - x_offset
            painter.setPen(QPen(scheme.grid_major, 0))
            painter.drawLine(QPointF(round(x0) + 0.5, y), QPointF(round(x0) + 0.5, y + tier))
            shown = QRectF(max(x0, 0) + 3, y, min(x1, width) - max(x0, 0) - 4, tier)
            if shown.width() < 6:
                continue
            painter.setPen(scheme.header_text)
            align = Qt.AlignmentFlag.AlignVCenter
            align |= Qt.AlignmentFlag.AlignLeft if row == 0 else Qt.AlignmentFlag.AlignHCenter
            text = labels(unit, begin)[choice] if choice is not None else ""
            if text:
                painter.drawText(shown, int(align), text)
    painter.setPen(QPen(scheme.grid_major, 0))
    painter.drawLine(QPointF(0, tier + 0.5), QPointF(width, tier + 0.5))
    painter.drawLine(QPointF(0, height - 0.5), QPointF(width, height - 0.5))


def _format_for(unit: Unit, scale: TimeScale, metrics: QFontMetricsF) -> int | None:
    """Which of a unit's caption formats every tick of the tier has room for.

    Chosen once per tier from the widest caption of each format (September, a Wednesday
    the 30th), so neighbouring ticks never mix long and short forms.
    """
    room = NOMINAL_DAYS[unit] * scale.px_per_day - 6
    widest = labels(unit, WIDEST_SAMPLE)
    for index, text in enumerate(widest):
        if metrics.horizontalAdvance(text) <= room:
            return index
    return None


# --- the legend -----------------------------------------------------------------------------------

LEGEND = (
    "Task",
    "Critical task",
    "Progress",
    "Summary",
    "Milestone",
    "Baseline",
    "Slack",
    "Deadline",
    "Late",
    "Today",
    "Status date",
    "Non-working time",
)


def legend_width(font: QFont) -> float:
    """Pixels the legend needs on one line."""
    metrics = QFontMetricsF(font)
    return sum(28 + metrics.horizontalAdvance(name) + 14 for name in LEGEND)


def paint_legend(painter: QPainter, rect: QRectF, scheme: Scheme, font: QFont) -> None:
    """One line of swatches and names, wrapping onto more lines when narrow."""
    painter.fillRect(rect, scheme.header)
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    line = metrics.height() + 6
    x, y = rect.left() + 8, rect.top() + 3
    for name in LEGEND:
        advance = 28 + metrics.horizontalAdvance(name) + 14
        if x + advance > rect.right() and x > rect.left() + 8:
            x, y = rect.left() + 8, y + line
        _swatch(painter, name, QRectF(x, y + 2, 22, line - 8), scheme)
        painter.setPen(scheme.header_text)
        painter.drawText(
            QRectF(x + 26, y, advance, line - 4), int(Qt.AlignmentFlag.AlignVCenter), name
        )
        x += advance


def legend_height(font: QFont, width: float) -> float:
    """How tall the legend is when wrapped to ``width``."""
    metrics = QFontMetricsF(font)
    line = metrics.height() + 6
    lines, x = 1, 8.0
    for name in LEGEND:
        advance = 28 + metrics.horizontalAdvance(name) + 14
        if x + advance > width and x > 8:
            lines, x = lines + 1, 8.0
        x += advance
    return lines * line + 6


def _swatch(painter: QPainter, name: str, box: QRectF, scheme: Scheme) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    mid = box.center().y()
    if name in ("Task", "Critical task", "Progress"):
        critical = name == "Critical task"
        painter.setPen(QPen(scheme.critical_edge if critical else scheme.bar_edge, 1))
        painter.setBrush(scheme.critical if critical else scheme.bar)
        painter.drawRoundedRect(box, 2, 2)
        if name == "Progress":
            band = QRectF(
                box.left(), mid - box.height() * 0.15, box.width() * 0.6, box.height() * 0.3
            )
            painter.fillRect(band, scheme.progress)
    elif name == "Summary":
        _paint_summary(
            painter,
            scheme,
            BarHit(box.left(), box.right(), box.left(), box.top(), box.height(), BarShape.SUMMARY),
        )
    elif name == "Milestone":
        half = box.height() / 2
        cx = box.center().x()
        painter.setBrush(scheme.milestone)
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(cx, mid - half),
                    QPointF(cx + half, mid),
                    QPointF(cx, mid + half),
                    QPointF(cx - half, mid),
                ]
            )
        )
    elif name == "Baseline":
        painter.fillRect(QRectF(box.left(), mid - 2, box.width(), 5), scheme.baseline)
    elif name == "Slack":
        painter.setPen(QPen(scheme.slack, 2))
        painter.drawLine(QPointF(box.left(), mid), QPointF(box.right(), mid))
    elif name == "Deadline":
        painter.setBrush(scheme.deadline)
        cx = box.center().x()
        painter.drawPolygon(
            QPolygonF(
                [QPointF(cx - 5, box.top()), QPointF(cx + 5, box.top()), QPointF(cx, box.bottom())]
            )
        )
    elif name == "Late":
        painter.setBrush(scheme.late)
        painter.drawEllipse(QPointF(box.center().x(), mid), 4.5, 4.5)
    elif name in ("Today", "Status date"):
        colour = scheme.today if name == "Today" else scheme.status
        style = Qt.PenStyle.SolidLine if name == "Today" else Qt.PenStyle.DashLine
        painter.setPen(QPen(colour, 2, style))
        painter.drawLine(
            QPointF(box.center().x(), box.top()), QPointF(box.center().x(), box.bottom())
        )
    else:
        painter.fillRect(box, scheme.non_working)
        painter.setPen(QPen(scheme.grid_major, 0))
        painter.setBrush(QBrush())
        painter.drawRect(box)
    painter.restore()
