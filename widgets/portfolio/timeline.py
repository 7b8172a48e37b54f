"""The portfolio timeline: one summary bar per project on one timescale, its milestones,
and the links between projects (``app.resources.dashboard.portfolio_timeline``).

Painted with QPainter: a handful of bars needs no scene; hovering shows what is under
the pointer, and a double-click on a bar opens that project.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.resources.dashboard import CrossLink, Milestone, ProjectBar, Timeline

ROW_HEIGHT = 34
HEADER_HEIGHT = 26
LEGEND_HEIGHT = 24
MAX_ROW_HEIGHT = 64
LABEL_WIDTH = 250
RIGHT_MARGIN = 24
BAR_COLOR = QColor(70, 130, 190)
BASELINE_COLOR = QColor(170, 170, 170)
MILESTONE_COLOR = QColor(40, 40, 40)
DONE_COLOR = QColor(60, 150, 80)
LINK_COLOR = QColor(200, 90, 30)
GRID_COLOR = QColor(225, 225, 225)


class PortfolioTimeline(QWidget):
    """Project bars against months; orange arrows join linked projects."""

    def __init__(self, open_project: Callable[[int], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("portfolioTimeline")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)
        self._open_project = open_project
        self._timeline = Timeline((), ())
        self._first = datetime(2000, 1, 1)
        self._last = datetime(2000, 2, 1)

    @property
    def timeline(self) -> Timeline:
        """What is drawn."""
        return self._timeline

    def set_timeline(self, timeline: Timeline) -> None:
        """Draw another timeline; the scale spans every bar, milestone and baseline."""
        self._timeline = timeline
        moments = [m for bar in timeline.bars for m in _moments(bar)]
        if moments:
            first, last = min(moments), max(moments)
            self._first = datetime(first.year, first.month, 1)
            self._last = _month_after(last)
        self.setMinimumHeight(self._height())
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        """Qt override."""
        return QSize(900, self._height())

    def _height(self) -> int:
        return HEADER_HEIGHT + ROW_HEIGHT * max(1, len(self._timeline.bars)) + LEGEND_HEIGHT + 8

    # --- geometry -------------------------------------------------------------------------

    def x_of(self, moment: datetime) -> float:
        """Where a moment falls on the timescale."""
        span = (self._last - self._first).total_seconds() or 1.0
        width = max(1, self.width() - LABEL_WIDTH - RIGHT_MARGIN)
        return LABEL_WIDTH + width * (moment - self._first).total_seconds() / span

    def row_height(self) -> float:
        """Rows grow to fill the space a few projects leave (up to ``MAX_ROW_HEIGHT``)."""
        rows = max(1, len(self._timeline.bars))
        room = (self.height() - HEADER_HEIGHT - LEGEND_HEIGHT - 8) / rows
        return float(min(MAX_ROW_HEIGHT, max(ROW_HEIGHT, room)))

    def row_rect(self, row: int) -> QRectF:
        """The band of a project's row."""
        height = self.row_height()
        return QRectF(0, HEADER_HEIGHT + row * height, self.width(), height)

    def bar_rect(self, row: int) -> QRectF:
        """A project's summary bar."""
        bar = self._timeline.bars[row]
        band = self.row_rect(row)
        left, right = self.x_of(bar.start), self.x_of(bar.finish)
        thickness = 12 + (band.height() - ROW_HEIGHT) / 4
        top = band.center().y() - thickness / 2 - 3
        return QRectF(left, top, max(2.0, right - left), thickness)

    def _row_of_project(self) -> dict[int, int]:
        return {bar.project_id: row for row, bar in enumerate(self._timeline.bars)}

    # --- painting -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if not self._timeline.bars:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No scheduled projects")
            return
        self._paint_months(painter)
        for row, bar in enumerate(self._timeline.bars):
            self._paint_row(painter, row, bar)
        for link in self._timeline.links:
            self._paint_link(painter, link)
        self._paint_legend(painter)

    def _paint_legend(self, painter: QPainter) -> None:
        """Say what the marks mean, under the last row."""
        top = HEADER_HEIGHT + self.row_height() * len(self._timeline.bars) + 6
        x = float(LABEL_WIDTH)
        entries = (
            (BAR_COLOR, "bar", "scheduled span"),
            (BASELINE_COLOR, "line", "baseline"),
            (MILESTONE_COLOR, "diamond", "milestone"),
            (DONE_COLOR, "diamond", "milestone done"),
            (LINK_COLOR, "arrow", "link between projects"),
        )
        metrics = painter.fontMetrics()
        for color, shape, text in entries:
            centre = QPointF(x + 9, top + 8)
            if shape == "diamond":
                _diamond(painter, centre, Milestone(0, 0, "", datetime.min, color is DONE_COLOR))
            elif shape == "arrow":
                painter.setPen(QPen(color, 1.6))
                painter.drawLine(QPointF(x, centre.y()), QPointF(x + 18, centre.y()))
            else:
                height = 12 if shape == "bar" else 4
                painter.fillRect(QRectF(x, centre.y() - height / 2, 18, height), color)
            painter.setPen(QPen(self.palette().text().color()))
            painter.drawText(QPointF(x + 24, top + 8 + metrics.ascent() / 2 - 1), text)
            x += 24 + metrics.horizontalAdvance(text) + 18

    def _paint_months(self, painter: QPainter) -> None:
        text_color = self.palette().text().color()
        month = self._first
        bottom = HEADER_HEIGHT + self.row_height() * len(self._timeline.bars)
        while month < self._last:
            following = _month_after(month)
            left, right = self.x_of(month), self.x_of(following)
            painter.setPen(QPen(GRID_COLOR))
            painter.drawLine(QPointF(left, 4), QPointF(left, bottom))
            painter.setPen(QPen(text_color))
            label = (
                month.strftime("%b %Y")
                if month.month == 1 or month == self._first
                else month.strftime("%b")
            )
            painter.drawText(
                QRectF(left, 4, right - left, HEADER_HEIGHT - 6),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            month = following

    def _paint_row(self, painter: QPainter, row: int, bar: ProjectBar) -> None:
        band = self.row_rect(row)
        if row % 2:
            painter.fillRect(
                QRectF(0, band.top(), self.width(), band.height()), QColor(248, 248, 248)
            )
        painter.setPen(QPen(self.palette().text().color()))
        painter.drawText(
            QRectF(6, band.top(), LABEL_WIDTH - 12, band.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(
                f"{bar.name} ({bar.priority})", Qt.TextElideMode.ElideRight, LABEL_WIDTH - 12
            ),
        )
        rect = self.bar_rect(row)
        if bar.baseline_start is not None and bar.baseline_finish is not None:
            left, right = self.x_of(bar.baseline_start), self.x_of(bar.baseline_finish)
            painter.fillRect(QRectF(left, rect.bottom() + 2, right - left, 4), BASELINE_COLOR)
        painter.fillRect(rect, BAR_COLOR)
        for mark in bar.milestones:
            _diamond(painter, QPointF(self.x_of(mark.date), rect.center().y()), mark)

    def _paint_link(self, painter: QPainter, link: CrossLink) -> None:
        rows = self._row_of_project()
        if link.from_project not in rows or link.to_project not in rows:
            return
        start = QPointF(
            self.x_of(link.from_date), self.bar_rect(rows[link.from_project]).center().y()
        )
        end = QPointF(self.x_of(link.to_date), self.bar_rect(rows[link.to_project]).center().y())
        path = QPainterPath(start)
        path.lineTo(QPointF(start.x() + 6, start.y()))
        path.lineTo(QPointF(start.x() + 6, end.y()))
        path.lineTo(end)
        painter.setPen(QPen(LINK_COLOR, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        direction = 1 if end.x() >= start.x() + 6 else -1
        head = QPolygonF(
            [
                end,
                QPointF(end.x() - 7 * direction, end.y() - 4),
                QPointF(end.x() - 7 * direction, end.y() + 4),
            ]
        )
        painter.setBrush(LINK_COLOR)
        painter.drawPolygon(head)

    # --- pointing -------------------------------------------------------------------------

    def project_at(self, point: QPointF) -> int | None:
        """The project whose row is under a point."""
        row = int((point.y() - HEADER_HEIGHT) // self.row_height())
        if point.y() < HEADER_HEIGHT or not 0 <= row < len(self._timeline.bars):
            return None
        return self._timeline.bars[row].project_id

    def describe_at(self, point: QPointF) -> str | None:
        """What a tooltip says about the point: a milestone, a link or a project bar."""
        row_of = {bar.project_id: row for row, bar in enumerate(self._timeline.bars)}
        for row, bar in enumerate(self._timeline.bars):
            centre_y = self.bar_rect(row).center().y()
            for mark in bar.milestones:
                if abs(self.x_of(mark.date) - point.x()) <= 6 and abs(centre_y - point.y()) <= 8:
                    state = "done" if mark.done else "due"
                    return f"{bar.name}: {mark.name}, {state} {mark.date:%a %Y-%m-%d}"
        for link in self._timeline.links:
            if link.to_project in row_of:
                end = QPointF(
                    self.x_of(link.to_date), self.bar_rect(row_of[link.to_project]).center().y()
                )
                if abs(end.x() - point.x()) <= 6 and abs(end.y() - point.y()) <= 8:
                    return (
                        f"Link ({link.kind.value}) from "
                        f"{self._name(link.from_project)} to {self._name(link.to_project)}"
                    )
        project_id = self.project_at(point)
        if project_id is None:
            return None
        bar = self._timeline.bars[row_of[project_id]]
        return f"{bar.name}: {bar.start:%d %b %Y} – {bar.finish:%d %b %Y}. Double-click to open."

    def _name(self, project_id: int) -> str:
        return next((b.name for b in self._timeline.bars if b.project_id == project_id), "?")

    def event(self, event: QEvent) -> bool:
        """Qt override: tooltips describe what is under the pointer."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.describe_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Qt override: open the project double-clicked."""
        project_id = self.project_at(event.position())
        if project_id is not None:
            self._open_project(project_id)


def _moments(bar: ProjectBar) -> list[datetime]:
    found = [bar.start, bar.finish, *(m.date for m in bar.milestones)]
    found += [m for m in (bar.baseline_start, bar.baseline_finish) if m is not None]
    return found


def _month_after(moment: datetime | date) -> datetime:
    first = datetime(moment.year, moment.month, 1)
    return (first + timedelta(days=32)).replace(day=1)


def _diamond(painter: QPainter, centre: QPointF, mark: Milestone) -> None:
    size = 6.5
    shape = QPolygonF(
        [
            QPointF(centre.x(), centre.y() - size),
            QPointF(centre.x() + size, centre.y()),
            QPointF(centre.x(), centre.y() + size),
            QPointF(centre.x() - size, centre.y()),
        ]
    )
    painter.setPen(QPen(QColor(255, 255, 255), 1))
    painter.setBrush(DONE_COLOR if mark.done else MILESTONE_COLOR)
    painter.drawPolygon(shape)
