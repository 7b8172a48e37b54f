"""The table and the chart share rows, scrolling, expansion, selection and the View menu."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF
from pytestqt.qtbot import QtBot

from app.commands import AddTask, Batch, EditTask, LinkTasks
from app.document import Document
from app.model import Baseline
from app.store import Store
from tests.widgets.driver import click_cell
from tests.widgets.gantt.conftest import bar, ctrl_wheel, middle, show
from tests.widgets.test_screenshot import count_pixels
from widgets.gantt.chart_view import GanttChartView
from widgets.gantt.painting import LIGHT, LabelKind
from widgets.gantt.time_scale import LEVELS
from widgets.main import build_window
from widgets.main_window import MainWindow
from widgets.models.columns import Column


def test_the_gantt_tab_holds_the_table_and_the_chart_in_a_splitter(window: MainWindow) -> None:
    assert window.views.tabText(0) == "Gantt"
    gantt = window.gantt
    assert gantt.splitter.widget(0) is window.task_view
    assert gantt.splitter.widget(1) is gantt.chart
    assert gantt.chart.tree.model() is window.task_model


def test_rows_line_up_with_the_table(window: MainWindow, chart: GanttChartView) -> None:
    tree, model = window.task_view, window.task_model
    assert model is not None
    tree_top = tree.viewport().mapTo(window, QPoint(0, 0)).y()
    chart_top = chart.viewport().mapTo(window, QPoint(0, 0)).y()
    assert tree_top == chart_top
    assert tree.viewport().height() == chart.viewport().height()
    for task_id in model.task_ids():
        rect = tree.visualRect(model.index_of(task_id))
        assert chart.rows.top_of(task_id) == rect.top()
        assert chart.rows.row_height == rect.height()


def test_one_scroll_bar_moves_both_sides(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "long.plansmith"
    commands = [AddTask(1, f"Task {n}") for n in range(80)]
    from tests.widgets.driver import build_plan

    store = Store.create(path, Batch(tuple(commands)).apply(build_plan(), _empty()))
    store.close()
    window = build_window(path)
    assert window is not None
    show(qtbot, window)
    chart, tree = window.gantt.chart, window.task_view
    assert not tree.verticalScrollBar().isVisible()
    assert chart.verticalScrollBar().maximum() == tree.verticalScrollBar().maximum() > 0
    chart.verticalScrollBar().setValue(100)
    assert tree.verticalScrollBar().value() == 100
    model = window.task_model
    assert model is not None
    rect = tree.visualRect(model.index_of(40))
    assert chart.rows.top_of(40) == rect.top()
    tree.verticalScrollBar().setValue(30)
    assert chart.verticalScrollBar().value() == 30


def _empty():
    from app.schedule.result import Schedule

    return Schedule()


def test_collapsing_a_summary_hides_its_bars(window: MainWindow, chart: GanttChartView) -> None:
    model = window.task_model
    assert model is not None
    window.task_view.collapse(model.index_of(2))
    assert chart.rows.top_of(3) is None
    assert chart.rows.top_of(5) == window.task_view.visualRect(model.index_of(5)).top()
    window.task_view.expand(model.index_of(2))
    assert chart.rows.top_of(3) is not None


def test_selecting_in_the_table_highlights_the_row_in_the_chart(
    qtbot: QtBot, window: MainWindow, chart: GanttChartView
) -> None:
    click_cell(qtbot, window.task_view, 3, Column.NAME)
    frame = chart.frame()
    assert frame is not None
    assert frame.selected == frozenset({3})


def test_ctrl_wheel_zooms_around_the_pointer(chart: GanttChartView) -> None:
    point = middle(bar(chart, 1))
    moment = chart.scale.moment_at(chart.x_offset + point.x())
    level = chart.zoom_level()
    for _ in range(7):  # 1.25 ** 7 takes 30 px a day past the middle towards 480
        ctrl_wheel(chart, point, 1)
    assert chart.zoom_level() == level + 1
    assert abs(chart.scale.moment_at(chart.x_offset + point.x()) - moment).total_seconds() < 3600
    for _ in range(12):
        ctrl_wheel(chart, point, -1)
    assert chart.zoom_level() < level


def test_view_menu_zooms_fits_and_scrolls_to_the_task(
    qtbot: QtBot, window: MainWindow, chart: GanttChartView
) -> None:
    actions = window.gantt.actions_by_key
    actions["gantt_zoom_out"].trigger()
    assert chart.scale.level is LEVELS[2]
    actions["gantt_zoom_in"].trigger()
    actions["gantt_zoom_in"].trigger()
    assert chart.scale.level is LEVELS[4]
    actions["gantt_level_0"].trigger()
    assert chart.scale.level is LEVELS[0]
    actions["gantt_fit"].trigger()
    width = chart.viewport().width()
    for task_id in (1, 5):
        hit = bar(chart, task_id)
        assert hit.x0 >= 0 and hit.x1 <= width
    actions["gantt_level_4"].trigger()
    click_cell(qtbot, window.task_view, 5, Column.NAME)
    actions["gantt_scroll"].trigger()
    assert 0 <= bar(chart, 5).x0 <= chart.viewport().width()


def test_baseline_slack_and_label_choices_reach_the_painted_frame(
    tmp_path: Path, qtbot: QtBot
) -> None:
    path = tmp_path / "baseline.plansmith"
    from tests.widgets.driver import build_plan

    plan = build_plan()
    saved = {(1, 0): Baseline(1, 0, datetime(2026, 1, 5, 8), datetime(2026, 1, 6, 17))}
    from dataclasses import replace

    Store.create(path, replace(plan, baselines=saved)).close()
    window = build_window(path)
    assert window is not None
    show(qtbot, window)
    chart, actions = window.gantt.chart, window.gantt.actions_by_key
    plain = bar(chart, 1)
    actions["gantt_baseline_0"].trigger()
    assert chart.options.baseline == 0
    assert bar(chart, 1).height < plain.height  # room for the baseline underneath
    actions["gantt_slack"].trigger()
    assert chart.options.slack
    actions["gantt_labels_name"].trigger()
    assert chart.options.labels is LabelKind.NAME
    chart.scroll_to_task(1)
    shown = count_pixels(chart.viewport().grab().toImage(), LIGHT.baseline, tolerance=20)
    actions["gantt_baseline_none"].trigger()
    hidden = count_pixels(chart.viewport().grab().toImage(), LIGHT.baseline, tolerance=20)
    assert shown > hidden + 100  # a 2-day baseline bar, about 60 x 4 pixels


def test_every_label_kind_paints_its_own_text(window: MainWindow, chart: GanttChartView) -> None:
    chart.set_labels(LabelKind.NONE)
    bare = chart.viewport().grab().toImage()
    seen = []
    for kind in (LabelKind.NAME, LabelKind.DURATION, LabelKind.DATES):
        chart.set_labels(kind)
        image = chart.viewport().grab().toImage()
        assert image != bare, kind
        assert all(image != other for other in seen), kind
        seen.append(image)


def test_the_tooltip_tells_dates_duration_slack_and_cost(chart: GanttChartView) -> None:
    text = chart._tooltip(middle(bar(chart, 3)))
    assert "Code" in text and "Start: Thu 2026-01-08" in text
    assert "Duration: 2d" in text and "Total slack:" in text and "Cost: 0.00 EUR" in text
    assert chart._tooltip(QPointF(1, 1)) == ""


def test_link_routes_are_cached_and_recomputed_only_for_what_changed(
    window: MainWindow, chart: GanttChartView
) -> None:
    frame = chart.frame()
    assert frame is not None
    first = {i: r for i, r, _ in chart.visible_routes(frame)}
    assert set(first) == {1, 2, 3}
    computed = chart.links.computed
    again = {i: r for i, r, _ in chart.visible_routes(frame)}
    assert all(again[i] is first[i] for i in first)  # nothing changed: reused
    assert chart.links.computed == computed
    assert window.perform(EditTask((4,), {"duration_minutes": 3 * 480}))  # Review
    frame = chart.frame()
    assert frame is not None
    after = {i: r for i, r, _ in chart.visible_routes(frame)}
    # Design -> Code did not move, but it steers past Build's bracket on the row it
    # crosses, which grew with Review: it is routed again, the same way.
    assert after[1] == first[1] and after[1].steered
    assert after[3] is not first[3] and after[3].points[0][0] > first[3].points[0][0]
    assert chart.links.computed == computed + 3
    assert window.perform(LinkTasks(1, 5))
    frame = chart.frame()
    assert frame is not None
    assert set(i for i, _, _ in chart.visible_routes(frame)) == {1, 2, 3, 4}


def test_a_paint_out_of_routing_time_shows_what_is_routed_and_paints_again(
    qtbot: QtBot, window: MainWindow, chart: GanttChartView, monkeypatch: pytest.MonkeyPatch
) -> None:
    from widgets.gantt import chart_view

    monkeypatch.setattr(chart_view, "ROUTING_BUDGET_S", 0.0)  # one route a paint
    chart.links.invalidate_all()
    chart.viewport().repaint()
    assert not chart.links.complete and chart.links.computed >= 1
    qtbot.waitUntil(lambda: chart.links.complete)  # the chart painted again by itself
    frame = chart.frame()
    assert frame is not None
    computed = chart.links.computed
    assert {i for i, _, _ in chart.visible_routes(frame)} == {1, 2, 3}
    assert chart.links.computed == computed  # every route was made by those paints


def test_a_document_is_what_the_chart_reads(window: MainWindow, chart: GanttChartView) -> None:
    assert isinstance(chart.document, Document)
    assert chart.project_id == window.current_project_id


def test_the_chart_follows_a_dark_palette(window: MainWindow, chart: GanttChartView) -> None:
    from PySide6.QtGui import QColor, QPalette

    from widgets.gantt.painting import DARK, LIGHT

    frame = chart.frame()
    assert frame is not None and frame.scheme is LIGHT
    dark = QPalette(chart.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor(30, 30, 30))
    chart.setPalette(dark)
    frame = chart.frame()
    assert frame is not None and frame.scheme is DARK
    image = chart.viewport().grab().toImage()
    assert image.pixelColor(image.width() - 3, image.height() - 3).lightness() < 80


def test_the_legend_shows_and_hides_from_the_view_menu(window: MainWindow) -> None:
    legend = window.gantt.legend
    assert legend.isVisible() and legend.height() > 10
    window.gantt.actions_by_key["gantt_legend"].trigger()
    assert not legend.isVisible()


def test_rows_stay_in_line_when_the_table_text_is_zoomed(
    window: MainWindow, chart: GanttChartView
) -> None:
    model = window.task_model
    assert model is not None
    before = chart.rows.row_height
    window.actions["zoom_in"].trigger()
    window.actions["zoom_in"].trigger()
    rect = window.task_view.visualRect(model.index_of(5))
    assert chart.rows.row_height == rect.height() > before
    assert chart.rows.top_of(5) == rect.top()
    tree_top = window.task_view.viewport().mapTo(window, QPoint(0, 0)).y()
    assert chart.viewport().mapTo(window, QPoint(0, 0)).y() == tree_top


def test_a_levelling_delay_is_drawn_before_the_bar(tmp_path: Path, qtbot: QtBot) -> None:
    from dataclasses import replace

    from tests.widgets.driver import build_plan

    path = tmp_path / "levelled.plansmith"
    plan = build_plan()
    Store.create(path, plan).close()
    window = build_window(path)
    assert window is not None
    show(qtbot, window)
    chart = window.gantt.chart
    chart.scroll_to_task(1)
    before = count_pixels(chart.viewport().grab().toImage(), LIGHT.slack, tolerance=20)
    document = window.document
    assert document is not None
    delayed = replace(document.portfolio.tasks[1], leveling_delay_minutes=2 * 480)
    window.perform(EditTask((1,), {"leveling_delay_minutes": delayed.leveling_delay_minutes}))
    chart.scroll_to_task(1)
    after = count_pixels(chart.viewport().grab().toImage(), LIGHT.slack, tolerance=20)
    assert after > before + 20  # a dashed line two working days long
