"""Gantt chart benchmarks, offscreen: opening, repainting, scrolling and dragging.

On the 10k and 50k-task synthetic portfolios (one project of up to 10,000 rows is shown
at a time, as the generator splits big programmes): the time from opening the file to
the first painted window (and how much of it is the document's load and schedule), one
full repaint of a 1920x1080 chart viewport at each zoom level, scrolling down a page,
and a drag-move of one bar: the preview step while the mouse moves, and the release
that edits, reschedules, stores and repaints. Targets (2-core machine): first paint
under 2 s, a repaint under 16 ms, a drag step under 50 ms.

Opening and the release are also split between the Document (``_document``: load and
schedule; the edit's reschedule and store) and the window (``_widgets``: the rest,
including the views' listeners that the Document calls, reported as ``_listeners``).

An edit whose reschedule outlasts a short wait runs on in the background (dragging the
first task of a 10k chain moves every task): its release is then the time until the
window answers again, ``drag_dates_shown`` the time until every moved date is on
screen, ``drag_landing`` what landing it costs the GUI thread (commit and views; then
``drag_landing_frame`` paints the first frame after it), and
``drag_repaint_while_rescheduling`` the slowest chart repaint while it ran.

A paint routes links within a time budget and shows the rest in the frames after (see
``chart_view.ROUTING_BUDGET_S``): after a page scroll or a landed edit, ``_links_after``
is the time those frames took until every link on screen was drawn.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from benchmarks.synthetic import write_synthetic

VIEWPORT = (1920, 1080)
REPEATS = 7
DEFAULT_SIZES = (10_000, 50_000)


def figure(what: str, size: int, value: float, unit: str = "ms") -> dict[str, Any]:
    """One figure, named like the other benchmarks' (``gantt_repaint_days_10k``)."""
    label = f"{size // 1000}k" if size % 1000 == 0 else str(size)
    return {"name": f"gantt_{what}_{label}", "value": round(value, 3), "unit": unit}


def median_ms(action: Callable[[], object], repeats: int = REPEATS) -> float:
    """Median wall time of ``action`` in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _application() -> QApplication:
    existing = QApplication.instance()
    return existing if isinstance(existing, QApplication) else QApplication([])


def _fit_viewport(window: Any, chart: Any) -> None:
    """Resize the window until the chart's viewport is exactly 1920x1080."""
    window.gantt.splitter.setSizes([420, VIEWPORT[0] + 40])
    for _ in range(4):
        QApplication.processEvents()
        size = chart.viewport().size()
        dx, dy = VIEWPORT[0] - size.width(), VIEWPORT[1] - size.height()
        if not dx and not dy:
            return
        window.resize(window.width() + dx, window.height() + dy)
        window.gantt.splitter.setSizes([420, chart.width() + dx])


def _open(path: Path, read_only: bool) -> tuple[Any, float, float]:
    """The window on ``path`` painted once; (window, seconds in total, seconds of them in
    opening the Document).

    The Document's share is timed inside this same open (around the window's call of
    ``open_document``), not by a second open beforehand: the widgets' share is then not
    the difference of two separate multi-second timings, with all their noise.
    """
    from widgets import main

    opener = main.open_document
    spent: list[float] = []

    def timed_open(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return opener(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - began)

    main.open_document = timed_open
    try:
        start = time.perf_counter()
        window = main.build_window(path, read_only=read_only)
        assert window is not None
        window.resize(2400, 1250)
        window.show()
        window.repaint()
        total = time.perf_counter() - start
    finally:
        main.open_document = opener
    return window, total, sum(spent)


def _press(chart: Any, kind: QEvent.Type, pos: QPointF, button: Any, buttons: Any) -> None:
    event = QMouseEvent(kind, pos, pos, button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(chart.viewport(), event)


def _timed_listeners(document: Any, spent: list[float]) -> Callable[[], None]:
    """Time the Document's listeners apart (returns a function that puts them back).

    They run inside ``Document.replace`` but are the views' work (the item models, the
    window, each tab's subscription), so they count on the widgets' side.
    """
    listeners = getattr(document, "_listeners", None)
    if not isinstance(listeners, list):
        return lambda: None
    originals = list(listeners)

    def timed(listener: Callable[[Any], None]) -> Callable[[Any], None]:
        def run(change: Any) -> None:
            began = time.perf_counter()
            try:
                listener(change)
            finally:
                spent.append((time.perf_counter() - began) * 1000)

        return run

    listeners[:] = [timed(listener) for listener in originals]

    def restore() -> None:
        listeners[:] = originals

    return restore


def _paint_what_is_dirty(window: Any) -> None:
    """Paint the chart in full and whatever else the edit left dirty, once each.

    ``repaint()`` paints the widget and, in the same pass, every dirty region of its
    window, as the next turn of the event loop would: here the table's changed rows.
    (Repainting the table and then the chart painted the chart twice.)
    """
    window.gantt.chart.viewport().repaint()


def _paint_until_complete(chart: Any) -> float:
    """Repaint the chart until it has routed every link on screen (a paint routes within a
    time budget, then shows the rest in the frames after); ms spent in those frames."""
    began = time.perf_counter()
    while not chart.links.complete:
        chart.viewport().repaint()
    return (time.perf_counter() - began) * 1000


@dataclass
class _DragTimes:
    """One drag of a bar, in milliseconds."""

    #: Each move step: the preview follows the mouse and the chart repaints.
    moves: list[float]
    #: From the release to the window painted and answering again.
    release: float
    #: Of ``release``, in ``Document.replace`` without its listeners.
    release_document: float
    #: Of ``release``, in the Document's listeners (the views following an edit that landed).
    release_listeners: float
    #: From the release until the edit's dates are shown (``release`` when they landed at
    #: once; later when the reschedule ran on in the background).
    landed: float
    #: The GUI thread's time landing a backgrounded edit: commit and the views following
    #: it (one turn of the event loop), then the first frame painted (the next turn).
    landing: float = 0.0
    landing_frame: float = 0.0
    #: After that first frame, the frames until every link on screen is drawn again.
    links_after_landing: float = 0.0
    #: Chart repaints while the backgrounded reschedule ran (the window's responsiveness).
    repaints_meanwhile: list[float] = field(default_factory=list)


def _timed_method(owner: Any, name: str, spent: list[float]) -> Callable[[], None]:
    """Time each call of ``owner.name`` into ``spent``; returns a function that undoes it."""
    method = getattr(owner, name)

    def timed(*args: Any) -> Any:
        began = time.perf_counter()
        try:
            return method(*args)
        finally:
            spent.append((time.perf_counter() - began) * 1000)

    setattr(owner, name, timed)
    return lambda: delattr(owner, name)


def _drag(window: Any, task_id: int) -> _DragTimes:
    """Drag one bar 30 px right, as a user would, and time each part.

    The release runs the edit through the window's door: the Document reschedules it
    and, when that takes longer than a window may stop answering, lets it run on in a
    worker while the window answers; the edit lands when its dates are ready.
    """
    chart, document = window.gantt.chart, window.document
    chart.scroll_to_task(task_id)
    hit = chart.bar_at(task_id)
    start = QPointF((hit.x0 + hit.x1) / 2, hit.top + hit.height / 2)
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    _press(chart, QEvent.Type.MouseButtonPress, start, left, left)
    moves = []
    for step in range(1, 11):
        began = time.perf_counter()
        _press(chart, QEvent.Type.MouseMove, start + QPointF(step * 3.0, 0), none, left)
        chart.viewport().repaint()
        moves.append((time.perf_counter() - began) * 1000)
    core: list[float] = []
    views: list[float] = []
    restores = [_timed_method(document, "replace", core), _timed_listeners(document, views)]
    began = time.perf_counter()
    _press(chart, QEvent.Type.MouseButtonRelease, start + QPointF(30.0, 0), left, none)
    _paint_what_is_dirty(window)
    release = (time.perf_counter() - began) * 1000
    if len(core) != 1:
        raise RuntimeError("the benchmark's drag did not make exactly one edit")
    listened = sum(views)
    times = _DragTimes(moves, release, core[0] - listened, listened, release)
    if document.pending:
        _wait_for_landing(window, times, began)
    for restore in restores:
        restore()
    return times


#: While an edit reschedules in the background, the chart is repainted this often (as a
#: user moving the mouse would make it), to time how the window answers meanwhile.
REPAINT_EVERY_S = 0.05


def _wait_for_landing(window: Any, times: _DragTimes, released: float) -> None:
    """Run the event loop until the backgrounded edit has landed, repainting the chart
    every ``REPAINT_EVERY_S``; time its landing on the GUI thread."""
    chart, document = window.gantt.chart, window.document
    landing: list[float] = []
    restore = _timed_method(document, "settle", landing)
    last_paint = time.perf_counter()
    while document.pending:
        time.sleep(0.002)
        QApplication.processEvents()
        if document.pending and time.perf_counter() - last_paint >= REPAINT_EVERY_S:
            began = time.perf_counter()
            chart.viewport().repaint()
            last_paint = time.perf_counter()
            times.repaints_meanwhile.append((last_paint - began) * 1000)
    began = time.perf_counter()
    _paint_what_is_dirty(window)
    painted = (time.perf_counter() - began) * 1000
    restore()
    times.landed = (time.perf_counter() - released) * 1000
    times.landing = max(landing, default=0.0)
    times.landing_frame = painted
    times.links_after_landing = _paint_until_complete(chart)


def _drag_figures(path: Path, size: int) -> list[dict[str, Any]]:
    """Drag the project's last task (few successors) and its first (the rest follow).

    The last task is dragged five times (each 30 px further right) and the medians
    are reported: one release is a single timing on a noisy machine. The first task's
    first drag moves nearly every task of its project, the worst case of an edit, so
    that one is reported alone (a second drag finds the chain's slack and moves less).

    As a user would, the drags come after the window has checked the schedule stored in
    the file (a worker does so within a second of opening); an edit before that
    schedules the whole file once.
    """
    window, _, _ = _open(path, read_only=False)
    _settle(window)
    _fit_viewport(window, window.gantt.chart)
    portfolio = window.document.portfolio
    leaves = [t for t in window.task_model.task_ids() if not portfolio.is_summary(t)]
    found = []
    for name, task_id, times in (("last_task", leaves[-1], 5), ("first_task", leaves[0], 1)):
        drags = [_drag(window, task_id) for _ in range(times)]

        def median(part: str, drags: list[_DragTimes] = drags) -> float:
            return statistics.median(getattr(d, part) for d in drags)

        moves = [ms for drag in drags for ms in drag.moves]
        meanwhile = [ms for drag in drags for ms in drag.repaints_meanwhile]
        found += [
            figure(f"drag_move_step_{name}", size, statistics.median(moves)),
            figure(f"drag_release_{name}", size, median("release")),
            figure(f"drag_release_{name}_document", size, median("release_document")),
            figure(
                f"drag_release_{name}_widgets",
                size,
                median("release") - median("release_document"),
            ),
            figure(f"drag_release_{name}_listeners", size, median("release_listeners")),
            figure(f"drag_dates_shown_{name}", size, median("landed")),
            figure(f"drag_landing_{name}", size, median("landing")),
            figure(f"drag_landing_frame_{name}", size, median("landing_frame")),
            figure(f"drag_links_after_landing_{name}", size, median("links_after_landing")),
        ]
        if meanwhile:
            found.append(figure(f"drag_repaint_while_rescheduling_{name}", size, max(meanwhile)))
    window.close()
    return found


def _settle(window: Any) -> None:
    """Wait for the check of the stored schedule that a worker runs after opening.

    It recomputes the whole plan in a thread (2 s at 50k tasks); until it is done, it
    shares the interpreter with the views, so timings taken meanwhile measure both.
    """
    upkeep = getattr(window, "schedule_upkeep", None)
    if upkeep is not None:
        upkeep.wait_for_verify()


def _nudged(chart: Any) -> Callable[[], None]:
    """A repaint after moving the chart one pixel across (alternately right and left):
    the paint caches keyed on what is on screen are rebuilt, the routes are kept."""
    bar = chart.horizontalScrollBar()
    step = [1]

    def repaint() -> None:
        bar.setValue(bar.value() + step[0])
        step[0] = -step[0]
        chart.viewport().repaint()

    return repaint


def _view_figures(path: Path, size: int) -> list[dict[str, Any]]:
    from widgets.gantt.time_scale import LEVELS

    window, first, core = _open(path, read_only=True)
    found = [
        figure("first_paint", size, first, "s"),
        figure("first_paint_document", size, core, "s"),
        figure("first_paint_widgets", size, max(0.0, first - core), "s"),
    ]
    chart = window.gantt.chart
    _settle(window)
    _fit_viewport(window, chart)
    middle = window.task_model.task_ids()[len(window.task_model.task_ids()) // 2]
    for level in LEVELS:
        chart.set_px_per_day(level.px_per_day)
        chart.scroll_to_task(middle)
        chart.viewport().repaint()  # the first paints at a zoom fill the route cache
        _paint_until_complete(chart)
        name = level.name.split(" / ")[1].lower()
        found.append(figure(f"repaint_{name}", size, median_ms(chart.viewport().repaint)))
        found.append(figure(f"repaint_{name}_moved", size, median_ms(_nudged(chart))))
    bar = chart.verticalScrollBar()
    bar.setValue(0)
    _paint_until_complete(chart)
    pages, links_after = [], []
    for _ in range(REPEATS):
        began = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        window.task_view.viewport().repaint()  # the table, and the chart with it: a frame
        pages.append((time.perf_counter() - began) * 1000)
        links_after.append(_paint_until_complete(chart))
    found.append(figure("scroll_page", size, statistics.median(pages)))
    found.append(figure("scroll_page_links_after", size, statistics.median(links_after)))
    window.close()
    return found


def run(sizes: list[int]) -> list[dict[str, Any]]:
    """Figures for each size (the issue's targets are stated for 10k and 50k tasks)."""
    _application()
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench_gantt_") as folder:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
        for size in sizes:
            path = write_synthetic(Path(folder) / f"synthetic_{size}.plansmith", size)
            results += _view_figures(path, size)
            editable = Path(folder) / f"drag_{size}.plansmith"
            shutil.copy(path, editable)
            results += _drag_figures(editable, size)
    return results


if __name__ == "__main__":
    import json

    for item in run(list(DEFAULT_SIZES)):
        print(json.dumps(item), flush=True)
