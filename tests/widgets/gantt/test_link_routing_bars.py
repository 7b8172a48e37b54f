"""Arrows routed around the bars of the rows they cross, and kept apart where they meet.

Geometry first (boxes 20 px rows, bars as ``Obstacles``), then the real chart: a small
plan and the demo portfolio painted offscreen, every route checked against the bars
painted on the rows it passes.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from app.commands import AddProject, AddTask, Batch, EditTask, LinkTasks
from app.demo import write_demo
from app.model import LinkKind, Portfolio
from app.schedule.result import Schedule
from app.store import Store
from tests.widgets.driver import START
from tests.widgets.gantt.conftest import open_gantt
from tests.widgets.test_main_window import show
from widgets.gantt.chart_view import GanttChartView
from widgets.gantt.interaction import BarHit
from widgets.gantt.link_cache import BarGeometry, routes_of_rows
from widgets.gantt.link_routing import (
    CLEAR,
    LANE,
    REACH,
    Box,
    Head,
    Obstacles,
    Route,
    route,
    with_lanes,
)
from widgets.gantt.painting import bar_height
from widgets.gantt.time_scale import LEVELS
from widgets.main import build_window
from widgets.main_window import MainWindow

ROW = 20.0
BAR = 10.0


def obstacles(*bars: tuple[float, float] | None) -> Obstacles:
    """One bar per row, (x0, x1), or None for a row without one."""
    left = np.array([b[0] if b else np.nan for b in bars])
    right = np.array([b[1] if b else np.nan for b in bars])
    return Obstacles(left, right, ROW)


def box(row: int, x0: float, x1: float) -> Box:
    return Box(x0, x1, row * ROW, ROW)


def verticals(found: Route) -> list[tuple[float, float, float]]:
    """(x, top, bottom) of each vertical run."""
    return [
        (ax, min(ay, by), max(ay, by))
        for (ax, ay), (bx, by) in pairwise(found.points)
        if ax == bx and ay != by
    ]


def crossed_rows(found: Route, bars: Obstacles) -> list[int]:
    """Rows whose bar (the middle of the row, as painted) a segment of the route cuts."""
    hits = []
    for row in range(len(bars.left)):
        x0, x1 = bars.left[row], bars.right[row]
        if np.isnan(x0):
            continue
        top, bottom = row * ROW + (ROW - BAR) / 2, row * ROW + (ROW + BAR) / 2
        if any(_cuts(a, b, (x0, top, x1, bottom)) for a, b in pairwise(found.points)):
            hits.append(row)
    return hits


def _cuts(a: tuple[float, float], b: tuple[float, float], rect: tuple[float, ...]) -> bool:
    """Whether an axis-parallel segment passes through a rectangle's inside."""
    x0, y0, x1, y1 = rect
    lo_x, hi_x, lo_y, hi_y = min(a[0], b[0]), max(a[0], b[0]), min(a[1], b[1]), max(a[1], b[1])
    return (
        lo_x < x1
        and hi_x > x0
        and lo_y < y1
        and hi_y > y0
        and ((lo_x == hi_x and x0 < lo_x < x1) or (lo_y == hi_y and y0 < lo_y < y1))
    )


# --- geometry ---------------------------------------------------------------------------------


def test_a_finish_to_start_elbow_comes_down_through_the_gap_between_bars() -> None:
    pred, succ = box(0, 0, 50), box(3, 60, 160)
    plain = route(LinkKind.FS, pred, succ, BAR)
    bars = obstacles((0, 50), (40, 100), (0, 30), (60, 160))
    assert crossed_rows(plain, bars) == [1]  # the old elbow at x 67 cuts row 1's bar
    found = route(LinkKind.FS, pred, succ, BAR, bars)
    assert found.head is Head.DOWN and found.steered
    assert verticals(found) == [(100 + CLEAR, 10, 65)]  # just past row 1's bar, onto 3's top
    assert crossed_rows(found, bars) == []


def test_a_finish_to_start_steps_down_between_the_bars_when_it_cannot_land_on_top() -> None:
    pred, succ = box(0, 0, 50), box(3, 120, 160)
    bars = obstacles((0, 50), (100, 200), (110, 180), (120, 160))
    found = route(LinkKind.FS, pred, succ, BAR, bars)
    assert found.points == ((50, 10), (57, 10), (57, 70), (120, 70))
    assert found.head is Head.RIGHT and crossed_rows(found, bars) == []


@pytest.mark.parametrize(
    ("kind", "end", "head"),
    [
        (LinkKind.SS, (100, 70), Head.RIGHT),
        (LinkKind.FF, (150, 70), Head.LEFT),
        (LinkKind.SF, (150, 70), Head.LEFT),
        (LinkKind.FS, (100, 70), Head.RIGHT),
    ],
)
def test_every_kind_keeps_clear_of_the_bars_it_passes(
    kind: LinkKind, end: tuple[float, float], head: Head
) -> None:
    pred, succ = box(0, 120, 200), box(3, 100, 150)
    # Rows 1 and 2 hold bars over each link's natural column, with gaps a little way off.
    bars = obstacles((120, 200), (60, 112), (140, 240), (100, 150))
    assert crossed_rows(route(kind, pred, succ, BAR), bars), "the bars should be in the way"
    found = route(kind, pred, succ, BAR, bars)
    assert found.points[-1] == end and found.head is head
    assert crossed_rows(found, bars) == []
    assert found.points[0] == ((120, 10) if kind in (LinkKind.SS, LinkKind.SF) else (200, 10))


def test_a_negative_lag_goes_round_down_a_gap_and_into_the_start() -> None:
    # The successor starts before the predecessor finishes (a lead): out of the finish,
    # along the row edge, down a clear column and in from the left.
    pred, succ = box(0, 0, 100), box(4, 60, 140)
    bars = obstacles((0, 100), (20, 70), (10, 40), (45, 80), (60, 140))
    plain = route(LinkKind.FS, pred, succ, BAR)
    assert crossed_rows(plain, bars)
    found = route(LinkKind.FS, pred, succ, BAR, bars)
    assert found.head is Head.RIGHT and found.points[-1] == (60, 90)
    assert found.points[:3] == ((100, 10), (107, 10), (107, 20))  # out and down to the edge
    assert crossed_rows(found, bars) == []
    (x, top, bottom), *_ = [v for v in verticals(found) if v[2] - v[1] > ROW]
    assert (top, bottom) == (20, 80) and abs(x - 53) <= REACH


def test_with_no_gap_within_reach_the_natural_column_is_kept() -> None:
    pred, succ = box(0, 0, 50), box(3, 60, 160)
    bars = obstacles((0, 50), (-500, 900), (0, 30), (60, 160))
    found = route(LinkKind.FS, pred, succ, BAR, bars)
    assert found == route(LinkKind.FS, pred, succ, BAR)  # the old elbow, crossing row 1
    assert found.steered and verticals(found) == [(67, 10, 65)]


def test_with_nothing_in_the_way_routes_are_as_before() -> None:
    pred, succ = box(0, 0, 50), box(3, 60, 160)
    bars = obstacles((0, 50), None, (200, 300), (60, 160))
    for kind in LinkKind:
        assert route(kind, pred, succ, BAR, bars) == route(kind, pred, succ, BAR)


def test_links_sharing_a_predecessor_share_the_trunk_and_a_successor_the_entry() -> None:
    # Two successors starting together under one predecessor: one column serves both.
    pred = box(0, 0, 50)
    first, second = box(2, 40, 90), box(3, 40, 90)
    bars = obstacles((0, 50), None, (40, 90), (40, 90))
    one = route(LinkKind.FS, pred, first, BAR, bars)
    two = route(LinkKind.FS, pred, second, BAR, bars)
    assert crossed_rows(two, bars) == []
    trunk = {v[0] for v in verticals(one)} & {v[0] for v in verticals(two)}
    assert trunk, "the two links should run down one column"
    laned = with_lanes([(1, 2, one), (1, 3, two)], bars)
    assert laned[0] is one and laned[1] is two


def test_coinciding_runs_of_unrelated_links_get_lanes() -> None:
    a = route(LinkKind.SS, box(0, 100, 150), box(4, 100, 150), BAR)
    b = route(LinkKind.SS, box(1, 100, 150), box(5, 100, 150), BAR)
    c = route(LinkKind.SS, box(0, 100, 150), box(6, 100, 150), BAR)  # a's predecessor
    assert verticals(a)[0][0] == verticals(b)[0][0] == verticals(c)[0][0]
    laned = with_lanes([(1, 5, a), (2, 6, b), (1, 7, c)])
    xs = [verticals(r)[0][0] for r in laned]
    assert xs[0] == xs[2] and abs(xs[1] - xs[0]) == LANE
    assert laned[0] is a and laned[1].points[0] == b.points[0]  # the ends stay on the bars
    assert laned[1].points[-1] == b.points[-1]


# --- the chart ---------------------------------------------------------------------------------


def painted_crossings(chart: GanttChartView) -> list[tuple[int, int]]:
    """(link id, task id) where a route drawn now cuts the painted bar of a task on a row
    it passes (rows strictly between its two tasks)."""
    frame = chart.frame()
    assert frame is not None
    layout = chart.rows.layout
    document = chart.document
    assert document is not None
    links = document.portfolio.links
    dx, dy = chart.x_offset, chart.rows.offset
    found = []
    for link_id, path, _critical in chart.visible_routes(frame):
        link = links[link_id]
        low, high = sorted((layout.row_of[link.predecessor_id], layout.row_of[link.successor_id]))
        shifted = [(x - dx, y - dy) for x, y in path.points]
        for row in range(low + 1, high):
            task_id = layout.order[row]
            hit = chart.bar_at(task_id)
            if hit is not None and any(_cuts(a, b, _rect(hit)) for a, b in pairwise(shifted)):
                found.append((link_id, task_id))
    return found


def _rect(hit: BarHit) -> tuple[float, float, float, float]:
    return hit.x0, hit.top, hit.x1, hit.top + hit.height


def small_plan() -> Portfolio:
    """Bars laid so that most natural arrow columns cross another bar, of all four kinds."""
    commands = [AddProject("Crossings", START)]
    durations = [2, 9, 3, 1, 6, 4, 2, 8, 3, 5]
    commands += [AddTask(1, f"T{n}", duration_minutes=d * 480) for n, d in enumerate(durations, 1)]
    commands += [
        LinkTasks(1, 3),
        LinkTasks(1, 6),
        LinkTasks(3, 5, LinkKind.SS, 480),
        LinkTasks(4, 7, LinkKind.FF),
        LinkTasks(3, 9, LinkKind.SF),
        LinkTasks(5, 8, LinkKind.FS, -2 * 480),
        LinkTasks(6, 10),
        LinkTasks(2, 10, LinkKind.SS, 3 * 480),
    ]
    return Batch(tuple(commands)).apply(Portfolio(), Schedule())


@pytest.fixture
def crossing_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    path = tmp_path / "crossings.plansmith"
    Store.create(path, small_plan()).close()
    return open_gantt(qtbot, path, height=700)


def test_painted_arrows_cross_no_bar_on_the_rows_they_pass(crossing_window: MainWindow) -> None:
    chart = crossing_window.gantt.chart
    for level in LEVELS:
        chart.set_px_per_day(level.px_per_day)
        chart.scroll_to_task(1)
        chart.viewport().repaint()  # paints through the cache the routes are read from
        frame = chart.frame()
        assert frame is not None
        whole = level.px_per_day < 100  # the plan's three weeks fit across the viewport
        assert len(chart.visible_routes(frame)) == 8 or not whole, level.name
        assert painted_crossings(chart) == [], level.name


def test_moving_a_bar_into_an_arrow_s_way_reroutes_the_arrow(crossing_window: MainWindow) -> None:
    chart = crossing_window.gantt.chart
    chart.set_px_per_day(LEVELS[3].px_per_day)
    chart.scroll_to_task(1)
    chart.viewport().repaint()
    # T4 (row 4) sits under the arrows from T1 and T3; stretch it under all of them.
    assert crossing_window.perform(EditTask((4,), {"duration_minutes": 30 * 480}))
    chart.viewport().repaint()
    assert painted_crossings(chart) == []


def test_the_demo_s_arrows_cross_bars_only_where_no_column_is_clear(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "demo.plansmith"
    write_demo(path)
    window = build_window(path, read_only=True)
    assert window is not None
    window.resize(1600, 1500)  # every row on screen: every link drawn in full
    show(qtbot, window)
    chart = window.gantt.chart
    document = window.document
    assert document is not None
    for project_id in sorted(document.portfolio.projects):
        window.select_project(project_id)
        chart.set_px_per_day(LEVELS[3].px_per_day)
        chart.scroll_to_task(document.portfolio.children(project_id, None)[0])
        chart.viewport().repaint()
        for link_id, task_id in painted_crossings(chart):
            # Only a bar spanning every column within reach may be crossed (a summary
            # over a whole phase): the task's row holds no gap the arrow could take.
            hit = chart.bar_at(task_id)
            assert hit is not None
            assert hit.x1 - hit.x0 > 2 * REACH, (project_id, link_id, task_id)


def test_an_exporter_gets_the_routes_the_chart_draws(crossing_window: MainWindow) -> None:
    chart = crossing_window.gantt.chart
    chart.set_px_per_day(LEVELS[3].px_per_day)
    chart.scroll_to_task(1)
    frame = chart.frame()
    document = chart.document
    assert frame is not None and document is not None
    drawn = {link_id: path for link_id, path, _ in chart.visible_routes(frame)}
    bars = BarGeometry(chart.scale, chart.rows.row_height, bar_height(frame))
    order = chart.rows.layout.order
    exported = routes_of_rows(document.portfolio, document.schedule.tasks, order, bars)
    assert len(drawn) == 8 and {link_id: path for link_id, path, _ in exported} == drawn
