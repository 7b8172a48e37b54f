"""How the Gantt chart looks: colours, bar shapes, arrows, the timescale and the legend.

The only module that knows colours and shapes (KD Gantt's ``ItemDelegate``). It paints a
``Frame``, a description of what is on screen, so the interactive chart and the exporter
(PNG, SVG, PDF) draw exactly the same picture.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
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
from app.schedule.deferred import resolved
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
    return bar_height_for(frame.row_height, frame.options.baseline)


def bar_height_for(row_height: float, baseline: int | None) -> float:
    """Height of a task bar in rows of ``row_height``, with or without a baseline shown."""
    return row_height * (0.46 if baseline is not None else 0.56)


#: Bar dates are read as days since this moment, so a zoom only rescales them.
DAY_ZERO = datetime(2000, 1, 1)


def bar_days(
    portfolio: Portfolio, dates: Mapping[int, TaskDates], task_ids: Sequence[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each task's start and finish in days since ``DAY_ZERO`` (NaN: no dates) and whether
    it is drawn as a milestone: what ``bar_hit`` reads, kept apart from the zoom.

    Read for every row of a project when an edit moves them all (10k rows), so the loop
    reads plain dicts and converts each distinct moment once (a plan has few of them).
    """
    count = len(task_ids)
    start, finish = np.full(count, np.nan), np.full(count, np.nan)
    milestone = np.zeros(count, dtype=bool)
    records, tasks = resolved(dates), portfolio.tasks
    days: dict[datetime, float] = {}
    for row, task_id in enumerate(task_ids):
        found = records.get(task_id)
        if found is None or task_id not in tasks:
            continue
        first, last = found.start, found.finish
        x0, x1 = days.get(first), days.get(last)
        if x0 is None:
            x0 = days[first] = _days(first)
        if x1 is None:
            x1 = days[last] = _days(last)
        start[row], finish[row] = x0, x1
        if first == last or tasks[task_id].milestone:  # else never a diamond (shape_of)
            milestone[row] = shape_of(portfolio, task_id, found) is BarShape.MILESTONE
    return start, finish, milestone


def _days(moment: datetime) -> float:
    delta = moment - DAY_ZERO
    return delta.days + delta.seconds / 86400


def bar_spans(
    days: tuple[np.ndarray, np.ndarray, np.ndarray], scale: TimeScale, height: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Chart x of bars read by ``bar_days`` at ``scale``, as ``link_box`` and ``bar_hit``
    place them: (where links leave and reach: left, right; what a bar covers: left, right).
    """
    start, finish, milestone = days
    origin = _days(scale.origin)
    x0 = (start - origin) * scale.px_per_day
    x1 = np.maximum((finish - origin) * scale.px_per_day, x0 + 2)
    half = height / 2
    return (
        x0,
        np.where(milestone, x0, x1),
        np.where(milestone, x0 - half, x0),
        np.where(milestone, x0 + half, x1),
    )


# --- the chart body ------------------------------------------------------------------------------


def paint_background(painter: QPainter, frame: Frame, passing: np.ndarray | None = None) -> None:
    """Rows, non-working time, the grid, passing links, and the today and status lines.

    ``passing`` holds the x of links whose both ends are off screen: one faint line each.
    """
    scheme = frame.scheme
    if frame.raster:
        _paint_rows_raster(painter, frame, passing)
    else:
        painter.fillRect(QRectF(0, 0, frame.width, frame.height), scheme.background)
        for rect, colour in _row_fills(frame):
            painter.fillRect(rect, colour)
        _paint_non_working(painter, frame)
        _paint_grid(painter, frame)
    _vertical_line(painter, frame, frame.today, scheme.today, Qt.PenStyle.SolidLine)
    _vertical_line(painter, frame, frame.project.status_date, scheme.status, Qt.PenStyle.DashLine)


def _row_fills(frame: Frame) -> list[tuple[QRectF, QColor]]:
    """Selected and alternate rows, with their colours (other rows show the background)."""
    fills = []
    for index, (task_id, top) in enumerate(frame.rows):
        rect = QRectF(0, top, frame.width, frame.row_height)
        if task_id in frame.selected:
            fills.append((rect, frame.scheme.selected))
        elif (frame.first_row + index) % 2:
            fills.append((rect, frame.scheme.alternate))
    return fills


#: The non-working spans of a calendar are read for blocks of this many days at a time,
#: so scrolling across reuses them (reading them is a walk over the days).
SPAN_BLOCK_DAYS = 64
_SPANS: dict[tuple[int, date, date, bool], tuple[object, list[tuple[datetime, datetime]]]] = {}
_SPANS_LIMIT = 256


def _non_working_xs(frame: Frame) -> list[tuple[float, float]]:
    """Days off (and, zoomed in, the hours off) from the project calendar, as x spans."""
    if frame.scale.px_per_day < SHADE_MIN_PX_PER_DAY:
        return []
    first = frame.scale.moment_at(frame.x_offset).date() - timedelta(days=1)
    last = frame.scale.moment_at(frame.x_offset + frame.width).date() + timedelta(days=1)
    hours = frame.scale.px_per_day >= SHADE_HOURS_PX_PER_DAY
    spans = _spans_between(frame.clock, first, last, hours)
    return [(frame.x(begin), frame.x(end)) for begin, end in spans]


def _spans_between(
    clock: DateClock, first: date, last: date, hours: bool
) -> list[tuple[datetime, datetime]]:
    """``non_working_spans`` from ``first`` to ``last``, read by blocks and kept per clock
    (the clock's working time is cached and immutable, so its identity keys it)."""
    step = timedelta(days=SPAN_BLOCK_DAYS)
    begin = date.fromordinal(first.toordinal() - first.toordinal() % SPAN_BLOCK_DAYS)
    found: list[tuple[datetime, datetime]] = []
    while begin <= last:
        key = (id(clock.clock), begin, begin + step, hours)
        entry = _SPANS.get(key)
        if entry is None or entry[0] is not clock.clock:
            if len(_SPANS) >= _SPANS_LIMIT:
                _SPANS.clear()
            spans = non_working_spans(clock, begin, begin + step - timedelta(days=1), hours)
            entry = _SPANS[key] = (clock.clock, spans)
        for span in entry[1]:  # type: ignore[attr-defined]
            _join(found, span)
        begin += step
    low, high = datetime.combine(first, time()), datetime.combine(last + timedelta(days=1), time())
    return [(max(a, low), min(b, high)) for a, b in found if b > low and a < high]


def _join(spans: list[tuple[datetime, datetime]], span: tuple[datetime, datetime]) -> None:
    """Add a span, merging it with the previous one when they touch (across blocks)."""
    if spans and spans[-1][1] == span[0]:
        spans[-1] = (spans[-1][0], span[1])
    else:
        spans.append(span)


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
#: Rows of the column strip blitted at a time where no row is (one blit per band).
STRIP_ROWS = 64


@dataclass(slots=True)
class _RowImages:
    """The chart's last column strip composed over each kind of row, as opaque images:
    a row is then one copy, instead of a fill and a translucent blend per band."""

    key: tuple[object, ...] = ()
    #: Background, alternate and selected rows, and a taller background band.
    images: tuple[QImage, ...] = ()
    #: What the key's ids name, held so they cannot be reused by other objects.
    held: tuple[object, ...] = ()


_ROWS = _RowImages()


def _paint_rows_raster(painter: QPainter, frame: Frame, passing: np.ndarray | None) -> None:
    """Rows with the shading, grid and passing links over them, copied row by row.

    Everything in the strip runs the full height and varies only across, so one row of
    pixels composed with numpy says it all; a row of each kind is composed once (with the
    same blend the raster engine does) and the rows are opaque copies of those.
    """
    plain, alternate, selected, band = _row_images(painter, frame, passing)
    bottom = 0.0
    for index, (task_id, top) in enumerate(frame.rows):
        if top > bottom:
            _tile(painter, band, bottom, top)
        if task_id in frame.selected:
            image = selected
        elif (frame.first_row + index) % 2:
            image = alternate
        else:
            image = plain
        painter.drawImage(QPointF(0, top), image)
        bottom = top + frame.row_height
    _tile(painter, band, bottom, frame.height + 1)


def _tile(painter: QPainter, band: QImage, top: float, bottom: float) -> None:
    """The background band copied down from ``top`` to ``bottom``."""
    ratio = band.devicePixelRatio()
    height = band.height() / ratio
    y = top
    while y < bottom:
        part = min(height, bottom - y)
        source = QRectF(0, 0, band.width(), part * ratio)
        painter.drawImage(QRectF(0, y, band.width() / ratio, part), band, source)
        y += part


def _row_images(
    painter: QPainter, frame: Frame, passing: np.ndarray | None
) -> tuple[QImage, QImage, QImage, QImage]:
    """The four images, made again only when the strip, the row height or colours change."""
    device = painter.device()
    ratio = device.devicePixelRatioF() if device is not None else 1.0
    clock = frame.clock.clock
    scheme = frame.scheme
    key = (
        int(frame.width) + 1, frame.row_height, ratio, frame.x_offset, frame.scale,
        id(clock), id(scheme), None if passing is None else passing.tobytes(),
    )  # fmt: skip
    if _ROWS.key != key or _ROWS.held[0] is not clock or _ROWS.held[1] is not scheme:
        strip = _column_strip(frame, passing).astype(np.uint8)
        height = max(1, round(frame.row_height))
        tall = max(STRIP_ROWS, height)
        pixels = np.ascontiguousarray(np.repeat(strip[None, :, :], tall, axis=0))
        overlay = QImage(pixels.data, strip.shape[0], tall, strip.shape[0] * 4, _PREMULTIPLIED)
        kinds = (
            (scheme.background, height), (scheme.alternate, height),
            (scheme.selected, height), (scheme.background, tall),
        )  # fmt: skip
        images = [_over_colour(overlay, colour, rows, ratio) for colour, rows in kinds]
        _ROWS.key, _ROWS.images, _ROWS.held = key, tuple(images), (clock, scheme)
    plain, alternate, selected, band = _ROWS.images
    return plain, alternate, selected, band


def _over_colour(overlay: QImage, colour: QColor, height: int, ratio: float) -> QImage:
    """An opaque image of ``colour`` with the top ``height`` rows of ``overlay`` (the strip
    repeated down) drawn over it."""
    width = overlay.width()
    image = QImage(round(width * ratio), round(height * ratio), _PREMULTIPLIED)
    image.setDevicePixelRatio(ratio)
    painter = QPainter(image)
    painter.fillRect(QRectF(0, 0, width, height), colour)
    painter.drawImage(QPointF(0, 0), overlay, QRectF(0, 0, width, height))
    painter.end()
    return image


def _column_strip(frame: Frame, passing: np.ndarray | None) -> np.ndarray:
    """One row of premultiplied BGRA: non-working shading, passing links, then the grid."""
    width = int(frame.width) + 1
    strip = np.zeros((width, 4), dtype=np.float32)
    spans = [(max(0, round(a)), max(0, min(width, round(b)))) for a, b in _non_working_xs(frame)]
    _over_spans(strip, spans, _premultiplied(frame.scheme.grid_major, 80))
    if passing is not None and len(passing):
        columns = passing[(passing >= 0) & (passing < width)].astype(np.int64)
        _over(strip, columns, _premultiplied(frame.scheme.link, 70))
    grid = _grid_xs(frame)
    for major, alpha in ((False, 90), (True, 255)):
        columns = np.array([round(x) for x, big in grid if big is major], dtype=np.int64)
        columns = columns[(columns >= 0) & (columns < width)]
        _over_each(strip, columns, _premultiplied(frame.scheme.grid_major, alpha))
    return strip


def _over_spans(strip: np.ndarray, spans: list[tuple[int, int]], colour: np.ndarray) -> None:
    """``_over`` on each span of columns in turn, in as many passes as spans overlap."""
    if not spans:
        return
    bounds = np.array(spans, dtype=np.int64)
    bounds = bounds[bounds[:, 0] < bounds[:, 1]]
    steps = np.zeros(len(strip) + 1, dtype=np.int64)
    np.add.at(steps, bounds[:, 0], 1)
    np.add.at(steps, bounds[:, 1], -1)
    counts = np.cumsum(steps)[: len(strip)]
    while counts.any():
        covered = counts > 0
        _over(strip, covered, colour)
        counts -= covered


def _over_each(strip: np.ndarray, columns: np.ndarray, colour: np.ndarray) -> None:
    """``_over`` at each of ``columns``, as many times as a column is listed."""
    while len(columns):
        unique, first = np.unique(columns, return_index=True)
        _over(strip, unique, colour)
        columns = np.delete(columns, first)


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
    The paths are built in chart coordinates and kept while the same routes are shown,
    so a repaint or a scroll only strokes them again.
    """
    lines, heads = _link_paths(tuple(routes))
    shift = (-round(dx), -round(dy))  # moving the paths, not the painter: a transformed
    painter.save()  # painter strokes hairlines through another (slower) path
    for critical in (False, True):
        colour = frame.scheme.link_critical if critical else frame.scheme.link
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.strokePath(lines[critical].translated(*shift), QPen(colour, 0))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillPath(heads[critical].translated(*shift), colour)
    painter.restore()


@dataclass(slots=True)
class _LinkPaths:
    """The last routes painted and their paths: (lines, heads), each by criticality."""

    routes: tuple[tuple[Route, bool], ...] = ()
    paths: tuple[tuple[QPainterPath, QPainterPath], tuple[QPainterPath, QPainterPath]] = (
        (QPainterPath(), QPainterPath()),
        (QPainterPath(), QPainterPath()),
    )


_LINKS = _LinkPaths()
#: Each route's polyline and head, pixel-aligned in chart coordinates, by the route's id
#: (the route is held beside them, so the id cannot name another route meanwhile).
_POLYGONS: dict[int, tuple[Route, QPolygonF, QPolygonF]] = {}
_POLYGONS_LIMIT = 50_000


def _link_paths(
    routes: tuple[tuple[Route, bool], ...],
) -> tuple[tuple[QPainterPath, QPainterPath], tuple[QPainterPath, QPainterPath]]:
    """Line and head paths (not critical, critical) of ``routes``, reused when they are
    the very routes painted last."""
    last = _LINKS.routes
    same = len(last) == len(routes) and all(
        a is b and c == d for (a, c), (b, d) in zip(last, routes, strict=True)
    )
    if not same:
        lines = (QPainterPath(), QPainterPath())
        heads = (QPainterPath(), QPainterPath())
        if len(_POLYGONS) > _POLYGONS_LIMIT:
            _POLYGONS.clear()
        for route, critical in routes:
            _, line, head = _polygons(route)
            lines[critical].addPolygon(line)
            heads[critical].addPolygon(head)
        _LINKS.routes, _LINKS.paths = routes, (lines, heads)
    return _LINKS.paths


def _polygons(route: Route) -> tuple[Route, QPolygonF, QPolygonF]:
    found = _POLYGONS.get(id(route))
    if found is None or found[0] is not route:
        corners: list[tuple[int, int]] = []
        for x, y in route.points:  # as lineTo would: no zero-length pieces once on pixels
            corner = (round(x), round(y))
            if not corners or corner != corners[-1]:
                corners.append(corner)
        line = QPolygonF([QPointF(x + 0.5, y + 0.5) for x, y in corners])
        x, y = route.points[-1]
        found = _POLYGONS[id(route)] = (
            route,
            line,
            _head(route.head, round(x) + 0.5, round(y) + 0.5),
        )
    return found


_HEAD_OFFSETS = {
    Head.RIGHT: ((-ARROW * 1.6, -ARROW), (-ARROW * 1.6, ARROW)),
    Head.LEFT: ((ARROW * 1.6, -ARROW), (ARROW * 1.6, ARROW)),
    Head.DOWN: ((-ARROW, -ARROW * 1.6), (ARROW, -ARROW * 1.6)),
    Head.UP: ((-ARROW, ARROW * 1.6), (ARROW, ARROW * 1.6)),
}


def _head(head: Head, x: float, y: float) -> QPolygonF:
    (ax, ay), (bx, by) = _HEAD_OFFSETS[head]
    return QPolygonF([QPointF(x, y), QPointF(x + ax, y + ay), QPointF(x + bx, y + by)])


@dataclass(frozen=True, slots=True)
class _Shown:
    """A row's bar as this paint draws it."""

    task_id: int
    top: float
    dates: TaskDates
    hit: BarHit


def paint_bars(painter: QPainter, frame: Frame) -> None:
    """Every row's bar with its baseline, slack, progress, deadline, lateness and label.

    Drawn in passes (the extras, the shapes by colour, the markers, the labels) so the
    painter's pen, brush and antialiasing change a few times per paint rather than a
    few times per row; rows never overlap, so each row still stacks in the same order.
    """
    painter.setFont(frame.font)
    metrics = _metrics(frame.font)
    shown = []
    for task_id, top in frame.rows:
        hit = bar_hit(frame, task_id, top)
        if hit is None or hit.x0 > frame.width + 4:
            continue
        shown.append(_Shown(task_id, top, frame.schedule.tasks[task_id], hit))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    rights = [_paint_extras(painter, frame, s.task_id, s.dates, s.hit, s.top) for s in shown]
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    _paint_shapes(painter, frame, shown)
    for number, row in enumerate(shown):
        right = _paint_markers(painter, frame, row.task_id, row.dates, row.hit, row.top)
        rights[number] = max(rights[number], right)
    painter.setPen(frame.scheme.text)
    texts = _label_texts(frame)
    for row, right in zip(shown, rights, strict=True):
        if row.hit.x1 >= 0:  # a label whose bar is scrolled away would float, cut, at the edge
            _paint_label(painter, frame, texts, row, right + 4, metrics)


_METRICS: dict[str, QFontMetricsF] = {}


def _metrics(font: QFont) -> QFontMetricsF:
    """Font metrics, made once per font (making them costs more than a bar)."""
    key = font.key()
    found = _METRICS.get(key)
    if found is None:
        found = _METRICS[key] = QFontMetricsF(font)
    return found


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


def _paint_shapes(painter: QPainter, frame: Frame, shown: Sequence[_Shown]) -> None:
    """Bars, brackets and diamonds, grouped by look, then the progress drawn into them."""
    scheme = frame.scheme
    groups: dict[tuple[BarShape, bool], list[BarHit]] = {}
    for row in shown:
        critical = row.dates.critical and row.hit.shape is not BarShape.SUMMARY
        groups.setdefault((row.hit.shape, critical), []).append(row.hit)
    for critical in (False, True):
        bars = groups.get((BarShape.TASK, critical), [])
        if bars:
            painter.setPen(QPen(scheme.critical_edge if critical else scheme.bar_edge, 1))
            painter.setBrush(scheme.critical if critical else scheme.bar)
            for hit in bars:
                painter.drawRoundedRect(QRectF(hit.x0, hit.top, hit.x1 - hit.x0, hit.height), 2, 2)
        diamonds = groups.get((BarShape.MILESTONE, critical), [])
        if diamonds:
            painter.setPen(QPen(scheme.background, 1))
            painter.setBrush(scheme.critical if critical else scheme.milestone)
            for hit in diamonds:
                painter.drawPolygon(_diamond(hit))
    brackets = groups.get((BarShape.SUMMARY, False), [])
    if brackets:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(scheme.summary)
        for hit in brackets:
            _paint_bracket(painter, hit)
    for row in shown:
        _paint_progress(painter, scheme, row)


def _diamond(hit: BarHit) -> QPolygonF:
    cx, cy, half = (hit.x0 + hit.x1) / 2, hit.top + hit.height / 2, hit.height / 2
    return QPolygonF(
        [
            QPointF(cx, cy - half),
            QPointF(cx + half, cy),
            QPointF(cx, cy + half),
            QPointF(cx - half, cy),
        ]
    )


def _paint_progress(painter: QPainter, scheme: Scheme, row: _Shown) -> None:
    """% complete: a band inside a bar, a light line through a bracket."""
    hit = row.hit
    if hit.progress_x <= hit.x0 or hit.shape is BarShape.MILESTONE:
        return
    if hit.shape is BarShape.SUMMARY:
        thick = max(3.0, hit.height * 0.4)
        band = QRectF(hit.x0, hit.top + thick * 0.3, hit.progress_x - hit.x0, thick * 0.4)
        painter.fillRect(band, scheme.background)
        return
    band = QRectF(hit.x0, hit.top + hit.height * 0.35, hit.progress_x - hit.x0, hit.height * 0.3)
    painter.fillRect(band, scheme.critical_progress if row.dates.critical else scheme.progress)


def _paint_summary(painter: QPainter, scheme: Scheme, hit: BarHit) -> None:
    """A bracket: a thin bar with points hanging down at both ends (MS Project's look)."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(scheme.summary)
    _paint_bracket(painter, hit)
    if hit.progress_x > hit.x0:  # rolled-up progress: a light line through the bracket
        thick = max(3.0, hit.height * 0.4)
        band = QRectF(hit.x0, hit.top + thick * 0.3, hit.progress_x - hit.x0, thick * 0.4)
        painter.fillRect(band, scheme.background)


def _paint_bracket(painter: QPainter, hit: BarHit) -> None:
    """The bracket's bar and points, in the painter's brush."""
    thick = max(3.0, hit.height * 0.4)
    painter.drawRect(QRectF(hit.x0, hit.top, hit.x1 - hit.x0, thick))
    point = min(hit.height * 0.5, max(3.0, (hit.x1 - hit.x0) / 2))
    for x, sign in ((hit.x0, 1), (hit.x1, -1)):
        tip = [QPointF(x, hit.top), QPointF(x + sign * point, hit.top + thick)]
        tip += [QPointF(x, hit.top + thick + point)]
        painter.drawPolygon(QPolygonF(tip))


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


@dataclass(slots=True)
class _Labels:
    """Label texts of one portfolio, schedule and label kind, by task: formatting a task's
    resources costs more than drawing them, and a repaint needs the same texts again."""

    key: tuple[object, ...] = ()
    texts: dict[int, str] = field(default_factory=dict)


_LABELS = _Labels()


def _label_texts(frame: Frame) -> dict[int, str]:
    """The label cache for this frame's data (emptied when any of it changes)."""
    key = (frame.portfolio, frame.schedule, frame.project, frame.options.labels)
    old = _LABELS.key
    if len(old) != len(key) or any(a is not b for a, b in zip(old, key, strict=True)):
        _LABELS.key, _LABELS.texts = key, {}
    return _LABELS.texts


def _paint_label(
    painter: QPainter,
    frame: Frame,
    texts: dict[int, str],
    row: _Shown,
    x: float,
    metrics: QFontMetricsF,
) -> None:
    """The text beside a bar; the painter's pen is already the text colour."""
    if x > frame.width:
        return
    text = texts.get(row.task_id)
    if text is None:
        text = texts[row.task_id] = _label(frame, row.task_id, row.dates)
    if not text:
        return
    baseline = row.top + (frame.row_height + metrics.ascent() - metrics.descent()) / 2
    painter.drawText(QPointF(x, baseline), text)


def _label(frame: Frame, task_id: int, dates: TaskDates) -> str:
    kind = frame.options.labels
    if kind is LabelKind.DURATION:
        task = frame.portfolio.tasks[task_id]
        return format_duration(
            Duration(dates.duration_minutes, task.duration_unit), frame.project.time
        )
    if kind is LabelKind.DATES:
        return f"{dates.start:%d %b} - {dates.finish:%d %b}"
    return label_text(frame.portfolio, frame.project, task_id, kind)


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
    edges_only: bool = False,
) -> None:
    """The two tiers of the timescale; captions of long upper units stay in view.

    Captions are formatted once per tick and kept (``strftime`` is most of the cost of a
    header repaint, and scrolling across repaints the header every step).

    With ``edges_only``, over a copy of the header painted for a wider span, only the
    ticks crossing the left or right edge are painted again: only their captions depend
    on where the edges are; every tick within shows as it does in the copy.
    """
    if not edges_only:
        painter.fillRect(QRectF(0, 0, width, height), scheme.header)
    painter.setFont(font)
    start, end = scale.moment_at(x_offset), scale.moment_at(x_offset + width)
    tier = height / 2
    level = scale.level
    grid = QPen(scheme.grid_major, 0)
    text_pen = QPen(scheme.header_text)
    for row, unit in ((0, level.upper), (1, level.lower)):
        y = row * tier
        choice = _format_for(unit, scale, font)
        align = Qt.AlignmentFlag.AlignVCenter
        align |= Qt.AlignmentFlag.AlignLeft if row == 0 else Qt.AlignmentFlag.AlignHCenter
        for begin, finish in ticks(unit, start, end):
            x0, x1 = scale.x_of(begin) - x_offset, scale.x_of(finish) - x_offset
            if edges_only:
                if x0 >= 0 and x1 <= width:
                    continue
                painter.fillRect(
                    QRectF(max(x0, 0), y, min(x1, width) - max(x0, 0), tier), scheme.header
                )
            painter.setPen(grid)
            painter.drawLine(QPointF(round(x0) + 0.5, y), QPointF(round(x0) + 0.5, y + tier))
            shown = QRectF(max(x0, 0) + 3, y, min(x1, width) - max(x0, 0) - 4, tier)
            if shown.width() < 6:
                continue
            text = _captions(unit, begin)[choice] if choice is not None else ""
            if text:
                painter.setPen(text_pen)
                painter.drawText(shown, int(align), text)
    painter.setPen(grid)
    painter.drawLine(QPointF(0, tier + 0.5), QPointF(width, tier + 0.5))
    painter.drawLine(QPointF(0, height - 0.5), QPointF(width, height - 0.5))


_CAPTIONS: dict[tuple[Unit, datetime], tuple[str, ...]] = {}
_CAPTIONS_LIMIT = 20_000


def _captions(unit: Unit, begin: datetime) -> tuple[str, ...]:
    """``labels`` of a tick, kept: they never change."""
    key = (unit, begin)
    found = _CAPTIONS.get(key)
    if found is None:
        if len(_CAPTIONS) >= _CAPTIONS_LIMIT:
            _CAPTIONS.clear()
        found = _CAPTIONS[key] = labels(unit, begin)
    return found


def _format_for(unit: Unit, scale: TimeScale, font: QFont) -> int | None:
    """Which of a unit's caption formats every tick of the tier has room for.

    Chosen once per tier from the widest caption of each format (September, a Wednesday
    the 30th), so neighbouring ticks never mix long and short forms.
    """
    room = NOMINAL_DAYS[unit] * scale.px_per_day - 6
    key = (unit, font.key())
    widths = _WIDEST.get(key)
    if widths is None:
        metrics = _metrics(font)
        widths = _WIDEST[key] = [metrics.horizontalAdvance(t) for t in labels(unit, WIDEST_SAMPLE)]
    for index, width in enumerate(widths):
        if width <= room:
            return index
    return None


#: Widths of each unit's widest captions, by font.
_WIDEST: dict[tuple[Unit, str], list[float]] = {}


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
