"""The chart keeps up with the outline and the project shown, and remembers its options."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.widgets.gantt.conftest import show
from widgets.gantt.chart_view import GanttChartView
from widgets.gantt.painting import LabelKind
from widgets.gantt.time_scale import LEVELS
from widgets.main import build_window
from widgets.main_window import MainWindow


def test_collapse_all_and_expand_all_relayout_the_chart(
    window: MainWindow, chart: GanttChartView
) -> None:
    model = window.task_model
    assert model is not None
    window.actions["collapse_all"].trigger()
    assert chart.rows.top_of(3) is None  # under the collapsed summary "Build"
    assert len(chart.rows.layout) == 3
    window.actions["expand_all"].trigger()
    assert chart.rows.top_of(3) == window.task_view.visualRect(model.index_of(3)).top()


def test_an_empty_project_and_no_project_paint_an_empty_chart(
    window: MainWindow, chart: GanttChartView
) -> None:
    from app.commands import AddProject
    from tests.widgets.driver import START

    assert window.perform(AddProject("Empty", START))
    document = window.document
    assert document is not None
    empty = max(document.portfolio.projects)
    window.select_project(empty)
    assert chart.project_id == empty
    assert len(chart.rows.layout) == 0
    assert not chart.viewport().grab().toImage().isNull()
    assert chart.bar_at(1) is None
    chart.zoom_to_fit()
    window.select_project(None)
    assert chart.frame() is None
    assert not chart.viewport().grab().toImage().isNull()


def test_the_gantt_choices_are_remembered_for_the_next_window(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    actions = window.gantt.actions_by_key
    actions["gantt_level_1"].trigger()
    actions["gantt_baseline_3"].trigger()
    actions["gantt_slack"].trigger()
    actions["gantt_labels_name"].trigger()
    actions["gantt_legend"].trigger()
    window.close()
    again = build_window(plan_file)
    assert again is not None
    show(qtbot, again)
    chart = again.gantt.chart
    assert chart.scale.level is LEVELS[1]
    assert (chart.options.baseline, chart.options.slack) == (3, True)
    assert chart.options.labels is LabelKind.NAME
    assert again.gantt.legend.isHidden()
    assert again.gantt.actions_by_key["gantt_baseline_3"].isChecked()
    assert not again.gantt.actions_by_key["gantt_legend"].isChecked()
