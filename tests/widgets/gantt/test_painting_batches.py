"""The chart's paint caches: a repaint draws the same picture, and what changed shows.

Painting keeps the rows' column strip, the link paths, the label texts and the calendar's
non-working spans between paints; these tests drive the real chart and look at pixels.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QColor, QImage, QPainter

from app.commands import EditTask
from app.model import Calendar, CalendarException
from app.model.calendar import NON_WORKING, STANDARD_WEEK
from app.schedule.working_time import calendar_clock
from tests.widgets.gantt.conftest import bar
from widgets.gantt.chart_view import GanttChartView
from widgets.gantt.painting import LabelKind, _spans_between, paint_header, scheme_for
from widgets.gantt.time_scale import LEVELS, non_working_spans
from widgets.main_window import MainWindow


def grab(chart: GanttChartView) -> QImage:
    return chart.viewport().grab().toImage()


def row_colour(chart: GanttChartView, image: QImage, task_id: int) -> QColor:
    """The colour at the right end of a task's row, away from bars, labels and lines."""
    top = chart.rows.top_of(task_id)
    assert top is not None
    return image.pixelColor(image.width() - 3, round(top + 2))


def select(window: MainWindow, task_id: int) -> None:
    model = window.task_model
    assert model is not None
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    window.task_view.selectionModel().setCurrentIndex(model.index_of(task_id, 2), flags)


def test_a_repaint_draws_the_same_picture_and_follows_the_selection(
    window: MainWindow, chart: GanttChartView
) -> None:
    select(window, 1)
    first = grab(chart)
    assert grab(chart) == first  # all from the caches: not a pixel differs
    selected = row_colour(chart, first, 1)  # the selection's colour under the columns
    assert row_colour(chart, first, 4) != selected
    select(window, 4)
    moved = grab(chart)
    assert row_colour(chart, moved, 4) == selected
    assert row_colour(chart, moved, 1) != selected


def test_scrolling_across_moves_the_arrows_and_columns_with_the_bars(
    window: MainWindow, chart: GanttChartView
) -> None:
    before = bar(chart, 3)
    image = grab(chart)
    chart.horizontalScrollBar().setValue(chart.horizontalScrollBar().value() + 40)
    after = bar(chart, 3)
    assert after.x0 == before.x0 - 40
    shifted = grab(chart)
    width, top = image.width(), round(before.top)
    band = [(x, y) for x in range(60, width - 60) for y in range(top - 30, top + 30, 3)]
    assert all(shifted.pixel(x - 40, y) == image.pixel(x, y) for x, y in band)


def test_labels_follow_an_edit_of_the_text_they_show(
    window: MainWindow, chart: GanttChartView
) -> None:
    chart.set_labels(LabelKind.NAME)
    hit = bar(chart, 3)
    before = grab(chart)
    assert window.perform(EditTask((3,), {"name": "Write the code"}))
    after = grab(chart)
    label = [
        (x, round(hit.top + hit.height / 2)) for x in range(round(hit.x1) + 8, round(hit.x1) + 120)
    ]
    assert any(before.pixel(x, y) != after.pixel(x, y) for x, y in label)


@pytest.mark.parametrize("hours", [False, True])
def test_non_working_spans_read_by_blocks_are_those_read_at_once(hours: bool) -> None:
    holidays = (CalendarException(date(2026, 3, 2), date(2026, 3, 4), NON_WORKING, "Off"),)
    calendars = {1: Calendar(1, "With holidays", STANDARD_WEEK, holidays)}
    clock = calendar_clock(1, calendars)
    for first, days in ((date(2026, 1, 1), 3), (date(2026, 2, 20), 70), (date(2025, 12, 30), 200)):
        last = first + timedelta(days=days)
        assert _spans_between(clock, first, last, hours) == non_working_spans(
            clock, first, last, hours
        )


def painted_header(chart: GanttChartView) -> QImage:
    """The timescale as ``paint_header`` draws it for the view, with no copy kept."""
    header = chart.header
    image = QImage(header.width(), header.height(), QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    scheme = scheme_for(header.palette())
    size = (header.width(), header.height())
    paint_header(painter, chart.scale, chart.x_offset, *size, scheme, header.font())
    painter.end()
    return image


@pytest.mark.parametrize("level", [0, 2, 4])
def test_the_timescale_copied_while_scrolling_is_the_one_painted_afresh(
    chart: GanttChartView, level: int
) -> None:
    chart.set_px_per_day(LEVELS[level].px_per_day)
    bar_ = chart.horizontalScrollBar()
    for step in (0, 1, 7, 150, 333, chart.header.width() + 5, -2 * chart.header.width()):
        bar_.setValue(max(0, bar_.value() + step))
        shown = (
            chart.header.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
        )
        assert shown == painted_header(chart), (LEVELS[level].name, bar_.value())
