"""A project's whole Gantt chart as a picture: PNG, SVG or PDF, for printing and export.

The table's ID, Name, Duration, Start and Finish columns sit left of the chart, the
timescale above, the legend below, all painted by ``painting`` exactly as on screen but
in the light scheme, which prints well. ``plansmith export DB --project P --to OUT.pdf``
calls ``render_gantt``; it starts a headless Qt GUI application when none is running.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtSvg import QSvgGenerator

from app.document import Document
from app.model import Duration
from app.model.duration import format_duration
from app.schedule.working_time import calendar_clock
from widgets.gantt.link_cache import BarGeometry, routes_of_rows
from widgets.gantt.link_routing import Route
from widgets.gantt.painting import (
    LIGHT,
    Frame,
    LabelKind,
    Options,
    bar_height,
    legend_height,
    paint_background,
    paint_bars,
    paint_header,
    paint_legend,
    paint_links,
)
from widgets.gantt.time_scale import TimeScale, fit_px_per_day
from widgets.models.columns import format_moment

SUFFIXES = (".png", ".svg", ".pdf")
#: Width of the chart part when no size is asked for, in pixels.
CHART_WIDTH = 1400
#: A PNG taller than this is scaled down (QImage's memory limit, and legibility).
MAX_PNG_HEIGHT = 16000
COLUMNS = ("ID", "Task Name", "Duration", "Start", "Finish")
MAX_NAME_PX = 320
PADDING = 6
#: Share of the chart's width the project's span fills; the rest holds the last labels.
LABEL_SHARE = 0.8

_APP: QGuiApplication | None = None


def _gui() -> None:
    """Make sure a Qt GUI application exists (fonts need one); headless when no display."""
    global _APP
    if QGuiApplication.instance() is not None:
        return
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _APP = QGuiApplication(sys.argv[:1])


@dataclass(slots=True)
class _Sheet:
    """The picture's layout: rows, column widths and the chart's frame."""

    document: Document
    project_id: int
    font: QFont
    bold: QFont
    rows: list[int]
    row_height: float
    header_height: float
    title_height: float
    widths: list[float]
    frame: Frame
    legend: float

    @property
    def table_width(self) -> float:
        return sum(self.widths)

    @property
    def width(self) -> float:
        return self.table_width + self.frame.width

    @property
    def body_top(self) -> float:
        return self.title_height + self.header_height

    @property
    def height(self) -> float:
        return self.body_top + len(self.rows) * self.row_height + self.legend


def _texts(document: Document, task_id: int) -> tuple[str, ...]:
    portfolio, dates = document.portfolio, document.schedule.tasks.get(task_id)
    task = portfolio.tasks[task_id]
    project = portfolio.projects[task.project_id]
    if dates is None:
        return (str(portfolio.row_number(task_id)), task.name, "", "", "")
    duration = format_duration(Duration(dates.duration_minutes, task.duration_unit), project.time)
    indent = "    " * (portfolio.outline_level(task_id) - 1)
    return (
        str(portfolio.row_number(task_id)),
        indent + task.name,
        duration,
        format_moment(dates.start, project.default_start_minute),
        format_moment(dates.finish, project.default_finish_minute),
    )


def _sheet(document: Document, project_id: int, chart_width: float) -> _Sheet:
    portfolio = document.portfolio
    project = portfolio.projects[project_id]
    font = QFont()
    font.setPointSizeF(9)
    bold = QFont(font)
    bold.setBold(True)
    metrics = QFontMetricsF(bold)
    rows = [task.id for task in portfolio.walk(project_id)]
    sample = rows[:2000]  # widths from the first rows: measuring 10k names costs seconds
    widths = [metrics.horizontalAdvance(title) + 2 * PADDING for title in COLUMNS]
    for task_id in sample:
        for column, text in enumerate(_texts(document, task_id)):
            widths[column] = max(widths[column], metrics.horizontalAdvance(text) + 2 * PADDING)
    widths[1] = min(widths[1], MAX_NAME_PX)
    row_height = metrics.height() + 8
    span = document.schedule.projects.get(project_id)
    start = min(span.start, project.start) if span else project.start
    finish = span.finish if span else start + timedelta(days=30)
    origin = datetime.combine(start.date(), datetime.min.time()) - timedelta(days=3)
    # The last bars' labels need room to the right of the project's finish.
    room = chart_width * LABEL_SHARE
    scale = TimeScale(origin, fit_px_per_day(origin, finish + timedelta(days=1), room))
    frame = Frame(
        portfolio=portfolio,
        schedule=document.schedule,
        project=project,
        clock=calendar_clock(project.calendar_id, portfolio.calendars),
        scale=scale,
        x_offset=0.0,
        width=chart_width,
        height=len(rows) * row_height,
        row_height=row_height,
        rows=[(task_id, row * row_height) for row, task_id in enumerate(rows)],
        options=Options(labels=LabelKind.RESOURCES),
        scheme=LIGHT,
        font=font,
        raster=False,
    )
    total = sum(widths) + chart_width
    return _Sheet(
        document, project_id, font, bold, rows, row_height, 2 * (metrics.height() + 6),
        metrics.height() * 1.8, widths, frame, legend_height(font, total),
    )  # fmt: skip


def _routes(sheet: _Sheet) -> list[tuple[Route, bool]]:
    """Every link of the project with both ends on a row, routed around the bars in
    between and in lanes, as the chart routes them."""
    frame = sheet.frame
    bars = BarGeometry(frame.scale, frame.row_height, bar_height(frame))
    found = routes_of_rows(sheet.document.portfolio, frame.schedule.tasks, sheet.rows, bars)
    return [(path, critical) for _, path, critical in found]


def _paint(painter: QPainter, sheet: _Sheet) -> None:
    """The whole sheet at its natural size, from (0, 0)."""
    painter.fillRect(QRectF(0, 0, sheet.width, sheet.height), LIGHT.background)
    _paint_title(painter, sheet)
    _paint_table(painter, sheet)
    painter.save()
    painter.translate(sheet.table_width, sheet.title_height)
    frame = sheet.frame
    paint_header(painter, frame.scale, 0.0, frame.width, sheet.header_height, LIGHT, sheet.font)
    painter.translate(0, sheet.header_height)
    painter.setClipRect(QRectF(0, 0, frame.width, frame.height))
    paint_background(painter, frame)
    paint_links(painter, frame, _routes(sheet), 0.0, 0.0)
    paint_bars(painter, frame)
    painter.restore()
    legend = QRectF(0, sheet.height - sheet.legend, sheet.width, sheet.legend)
    paint_legend(painter, legend, LIGHT, sheet.font)


def _paint_title(painter: QPainter, sheet: _Sheet) -> None:
    document = sheet.document
    project = document.portfolio.projects[sheet.project_id]
    span = document.schedule.projects.get(sheet.project_id)
    when = f"  {span.start:%a %Y-%m-%d} - {span.finish:%a %Y-%m-%d}" if span else ""
    painter.setFont(sheet.bold)
    painter.setPen(LIGHT.text)
    rect = QRectF(PADDING, 0, sheet.width - 2 * PADDING, sheet.title_height)
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter), f"{project.name}{when}")


def _paint_table(painter: QPainter, sheet: _Sheet) -> None:
    """The five columns: a header as tall as the timescale, then one line per task."""
    top = sheet.title_height
    painter.fillRect(QRectF(0, top, sheet.table_width, sheet.header_height), LIGHT.header)
    painter.setPen(LIGHT.header_text)
    painter.setFont(sheet.bold)
    x = 0.0
    for title, width in zip(COLUMNS, sheet.widths, strict=True):
        cell = QRectF(x + PADDING, top, width - 2 * PADDING, sheet.header_height)
        painter.drawText(
            cell, int(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft), title
        )
        x += width
    portfolio, schedule = sheet.document.portfolio, sheet.document.schedule
    metrics = QFontMetricsF(sheet.font)
    for row, task_id in enumerate(sheet.rows):
        y = sheet.body_top + row * sheet.row_height
        if (sheet.frame.first_row + row) % 2:
            painter.fillRect(QRectF(0, y, sheet.table_width, sheet.row_height), LIGHT.alternate)
        dates = schedule.tasks.get(task_id)
        painter.setFont(sheet.bold if portfolio.is_summary(task_id) else sheet.font)
        painter.setPen(QColor(200, 0, 0) if dates is not None and dates.critical else LIGHT.text)
        _paint_cells(painter, sheet, _texts(sheet.document, task_id), y, metrics)
    _paint_table_grid(painter, sheet)


def _paint_cells(
    painter: QPainter, sheet: _Sheet, texts: tuple[str, ...], y: float, metrics: QFontMetricsF
) -> None:
    x = 0.0
    for column, (text, width) in enumerate(zip(texts, sheet.widths, strict=True)):
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width - 2 * PADDING)
        align = Qt.AlignmentFlag.AlignRight if column in (0, 2) else Qt.AlignmentFlag.AlignLeft
        cell = QRectF(x + PADDING, y, width - 2 * PADDING, sheet.row_height)
        painter.drawText(cell, int(align | Qt.AlignmentFlag.AlignVCenter), shown)
        x += width


def _paint_table_grid(painter: QPainter, sheet: _Sheet) -> None:
    painter.setPen(QPen(LIGHT.grid_major, 0))
    bottom = sheet.body_top + len(sheet.rows) * sheet.row_height
    x = 0.0
    for width in sheet.widths:
        x += width
        painter.drawLine(QPointF(x, sheet.title_height), QPointF(x, bottom))
    painter.drawLine(QPointF(0, sheet.body_top - 0.5), QPointF(sheet.width, sheet.body_top - 0.5))


# --- the three formats ---------------------------------------------------------------------------


def render_gantt(
    document: Document, project_id: int, path: Path, size: QSize | tuple[int, int] | None = None
) -> Path:
    """Write a project's Gantt (table and chart, fitted to the page) to ``path``.

    The suffix picks the format: ``.png`` (``size`` in pixels, default the natural size),
    ``.svg`` (vector, natural size) or ``.pdf`` (A3 landscape pages, as many as the rows
    need at a legible scale; ``size`` in millimetres for another page).

    Raises:
        ValueError: unknown suffix or project.
        OSError: the file could not be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"{path}: cannot render {suffix or 'no suffix'}; use .png, .svg or .pdf")
    if project_id not in document.portfolio.projects:
        raise ValueError(f"no project {project_id} in {document.store.path}")
    _gui()
    wanted = QSize(*size) if isinstance(size, tuple) else size
    chart_width = CHART_WIDTH
    if wanted is not None and suffix == ".png":
        chart_width = max(300, wanted.width() - 560)
    sheet = _sheet(document, project_id, chart_width)
    if suffix == ".png":
        _write_png(sheet, path, wanted)
    elif suffix == ".svg":
        _write_svg(sheet, path)
    else:
        _write_pdf(sheet, path, wanted)
    return path


def _write_png(sheet: _Sheet, path: Path, size: QSize | None) -> None:
    natural = QSizeF(sheet.width, sheet.height)
    target = size if size is not None else natural.toSize()
    if size is None and target.height() > MAX_PNG_HEIGHT:
        target = (natural * (MAX_PNG_HEIGHT / natural.height())).toSize()
    image = QImage(target, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(LIGHT.background)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    _fit(painter, natural, QSizeF(target))
    _paint(painter, sheet)
    painter.end()
    if not image.save(str(path)):
        raise OSError(f"{path}: the image could not be written")


def _write_svg(sheet: _Sheet, path: Path) -> None:
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    size = QSizeF(sheet.width, sheet.height).toSize()
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    project = sheet.document.portfolio.projects[sheet.project_id]
    generator.setTitle(f"{project.name} - Gantt chart")
    painter = QPainter(generator)
    _paint(painter, sheet)
    painter.end()


def _write_pdf(sheet: _Sheet, path: Path, size: QSize | None) -> None:
    """Pages as wide as the sheet; rows split across pages with the header repeated."""
    writer = QPdfWriter(str(path))
    page = (
        QPageSize(QPageSize.PageSizeId.A3)
        if size is None
        else QPageSize(QSizeF(size), QPageSize.Unit.Millimeter)
    )
    orientation = (
        QPageLayout.Orientation.Landscape if size is None else QPageLayout.Orientation.Portrait
    )
    writer.setPageLayout(QPageLayout(page, orientation, QMarginsF(10, 10, 10, 10)))
    writer.setResolution(SHEET_DPI)
    project = sheet.document.portfolio.projects[sheet.project_id]
    writer.setTitle(f"{project.name} - Gantt chart")
    sheet_pages(writer, sheet)


#: Dots per inch the sheet's pixel sizes are laid out for (the PDF writer's resolution).
SHEET_DPI = 144


def paint_pages(
    device: QPagedPaintDevice,
    document: Document,
    project_id: int,
    choose: Callable[[int], Sequence[int]] | None = None,
) -> int:
    """Paint a project's sheet on a paged device (a PDF writer, a printer).

    ``choose`` receives the number of pages the sheet needs and returns the zero-based
    pages to paint (a print dialog's From/To); all of them by default.

    Returns:
        The number of pages painted.
    """
    return sheet_pages(device, _sheet(document, project_id, CHART_WIDTH), choose)


def sheet_pages(
    device: QPagedPaintDevice, sheet: _Sheet, choose: Callable[[int], Sequence[int]] | None = None
) -> int:
    """A sheet that fits the page whole is scaled down onto one page; a longer one is
    scaled to the page's width (never enlarged) and its rows split across pages, each
    with the title, timescale and legend."""
    area = device.pageLayout().paintRectPixels(SHEET_DPI)
    scale = min(area.width() / sheet.width, area.height() / sheet.height)
    scale = max(scale, min(1.0, area.width() / sheet.width))
    per_page = _rows_per_page(sheet, area.height() / scale)
    firsts = list(range(0, max(1, len(sheet.rows)), per_page))
    wanted = list(choose(len(firsts))) if choose is not None else list(range(len(firsts)))
    dots = scale * device.resolution() / SHEET_DPI
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("the page device could not be started")
    for count, number in enumerate(wanted):
        if count:
            device.newPage()
        painter.save()
        painter.scale(dots, dots)
        _paint(painter, _page(sheet, firsts[number], per_page))
        painter.restore()
    painter.end()
    return len(wanted)


def _rows_per_page(sheet: _Sheet, page_height: float) -> int:
    room = page_height - sheet.body_top - sheet.legend
    return max(1, int(room // sheet.row_height))


def _page(sheet: _Sheet, first: int, count: int) -> _Sheet:
    """The same sheet showing only rows ``first`` .. ``first + count``."""
    rows = sheet.rows[first : first + count]
    frame = sheet.frame
    page_frame = Frame(
        frame.portfolio, frame.schedule, frame.project, frame.clock, frame.scale, 0.0,
        frame.width, len(rows) * frame.row_height, frame.row_height,
        [(task_id, row * frame.row_height) for row, task_id in enumerate(rows)],
        frame.options, frame.scheme, frame.font, first_row=first, raster=False,
    )  # fmt: skip
    return _Sheet(
        sheet.document, sheet.project_id, sheet.font, sheet.bold, rows, sheet.row_height,
        sheet.header_height, sheet.title_height, sheet.widths, page_frame, sheet.legend,
    )  # fmt: skip


def _fit(painter: QPainter, natural: QSizeF, target: QSizeF) -> None:
    """Scale the painter so the natural size fits the target, keeping proportions."""
    scale = min(target.width() / natural.width(), target.height() / natural.height())
    painter.scale(scale, scale)
