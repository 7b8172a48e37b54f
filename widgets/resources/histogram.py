"""The load histogram of one resource: work per period as bars against its capacity.

Painted with QPainter (a bar per column of the usage grid) so it follows the grid's
periods exactly and costs nothing to redraw; over-allocated bars share the grid's red.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.resources.usage import ResourceRow, Usage
from widgets.resources.usage_model import OVER_COLOR, period_label

BAR_COLOR = QColor(70, 130, 190)
CAPACITY_COLOR = QColor(30, 30, 30)
_MARGIN_LEFT, _MARGIN_RIGHT, _MARGIN_TOP, _MARGIN_BOTTOM = 48, 12, 24, 34


class LoadHistogram(QWidget):
    """Bars of one resource's work per period, with its capacity as a stepped line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loadHistogram")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._usage: Usage | None = None
        self._row: ResourceRow | None = None

    def sizeHint(self) -> QSize:
        """Qt override."""
        return QSize(600, 200)

    def show_row(self, usage: Usage | None, resource_id: int | None) -> None:
        """Draw the row of ``resource_id`` (None: an empty chart with a hint)."""
        self._usage = usage
        self._row = None
        if usage is not None and resource_id is not None:
            self._row = usage.rows.get(resource_id)
        self.update()

    @property
    def row(self) -> ResourceRow | None:
        """The resource drawn."""
        return self._row

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if self._usage is None or self._row is None or not self._row.cells:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Select a resource")
            return
        self._paint_chart(painter, self._usage, self._row)

    def _plot(self) -> QRectF:
        return QRectF(
            _MARGIN_LEFT,
            _MARGIN_TOP,
            max(1, self.width() - _MARGIN_LEFT - _MARGIN_RIGHT),
            max(1, self.height() - _MARGIN_TOP - _MARGIN_BOTTOM),
        )

    def _paint_chart(self, painter: QPainter, usage: Usage, row: ResourceRow) -> None:
        plot = self._plot()
        peak = max(1.0, *(max(c.work_minutes, c.capacity_minutes) / 60 for c in row.cells))
        tick = _tick(peak)
        top_hours = tick * (int(peak * 1.05 // tick) + 1)
        step = plot.width() / len(row.cells)
        painter.drawText(
            QRectF(plot.left(), 2, plot.width(), _MARGIN_TOP - 4),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            f"{row.name}: work against capacity (hours); red = over-allocated",
        )
        self._paint_axis(painter, plot, top_hours, tick)
        for index, cell in enumerate(row.cells):
            height = plot.height() * (cell.work_minutes / 60) / top_hours
            bar = QRectF(
                plot.left() + index * step + step * 0.15, plot.bottom() - height, step * 0.7, height
            )
            painter.fillRect(bar, OVER_COLOR if cell.over_allocated else BAR_COLOR)
        self._paint_capacity(painter, plot, row, step, top_hours)
        self._paint_labels(painter, plot, usage, step)

    def _paint_axis(self, painter: QPainter, plot: QRectF, top_hours: float, step: float) -> None:
        painter.setPen(QPen(QColor(200, 200, 200)))
        ticks = round(top_hours / step)
        for tick in range(ticks + 1):
            y = plot.bottom() - plot.height() * tick / ticks
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QPen(self.palette().text().color()))
            painter.drawText(
                QRectF(0, y - 8, _MARGIN_LEFT - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{step * tick:g}h",
            )
            painter.setPen(QPen(QColor(200, 200, 200)))

    def _paint_capacity(
        self, painter: QPainter, plot: QRectF, row: ResourceRow, step: float, top_hours: float
    ) -> None:
        painter.setPen(QPen(CAPACITY_COLOR, 2, Qt.PenStyle.DashLine))
        for index, cell in enumerate(row.cells):
            y = plot.bottom() - plot.height() * (cell.capacity_minutes / 60) / top_hours
            left = plot.left() + index * step
            painter.drawLine(QPointF(left, y), QPointF(left + step, y))

    def _paint_labels(self, painter: QPainter, plot: QRectF, usage: Usage, step: float) -> None:
        painter.setPen(QPen(self.palette().text().color()))
        metrics = painter.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(period_label(p, usage.period)) for p in usage.periods
        )
        every = max(1, int((widest + 8) // max(step, 1)) + 1)
        for index in range(0, len(usage.periods), every):
            text = period_label(usage.periods[index], usage.period)
            painter.drawText(
                QRectF(plot.left() + index * step, plot.bottom() + 4, widest + 8, 16),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )


def _tick(peak_hours: float) -> float:
    """A round step for the hour axis giving three to six lines (4h, 8h, 20h, 40h...)."""
    for step in (1, 2, 4, 8, 10, 20, 40, 80, 100, 200, 400, 800, 1000, 2000, 4000):
        if peak_hours / step <= 5:
            return float(step)
    return 10 ** len(str(int(peak_hours)))
