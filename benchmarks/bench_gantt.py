"""Gantt chart benchmarks, offscreen: opening, repainting, scrolling and dragging.

On the 10k and 50k-task synthetic portfolios (one project of up to 10,000 rows is shown
at a time, as the generator splits big programmes): the time from opening the file to
the first painted window (and how much of it is the document's load and schedule), one
full repaint of a 1920x1080 chart viewport at each zoom level, scrolling down a page,
and a drag-move of one bar: the preview step while the mouse moves, and the release
that edits, reschedules, stores and repaints. Targets (2-core machine): first paint
under 2 s, a repaint under 16 ms, a drag step under 50 ms.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from app.document import Document
from app.store import Store
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
    """The window on ``path`` painted once; (window, seconds in total, seconds in Document)."""
    from widgets.main import build_window

    start = time.perf_counter()
    document = Document(Store.open(path, read_only=read_only))
    core = time.perf_counter() - start
    document.close()
    start = time.perf_counter()
    window = build_window(path, read_only=read_only)
    assert window is not None
    window.resize(2400, 1250)
    window.show()
    window.repaint()
    return window, time.perf_counter() - start, core


def _press(chart: Any, kind: QEvent.Type, pos: QPointF, button: Any, buttons: Any) -> None:
    event = QMouseEvent(kind, pos, pos, button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(chart.viewport(), event)


def _drag(window: Any, task_id: int) -> tuple[list[float], float, float]:
    """Drag one bar 30 px right: (ms per move step, ms for the release, ms of it in core).

    The release runs the edit through the window's door: the Document reschedules and
    stores it (the core's share, timed on its own), then the table and chart repaint.
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
    replace = document.replace

    def timed_replace(new: Any) -> Any:
        began = time.perf_counter()
        try:
            return replace(new)
        finally:
            core.append((time.perf_counter() - began) * 1000)

    document.replace = timed_replace
    began = time.perf_counter()
    _press(chart, QEvent.Type.MouseButtonRelease, start + QPointF(30.0, 0), left, none)
    window.task_view.viewport().repaint()
    chart.viewport().repaint()
    release = (time.perf_counter() - began) * 1000
    document.replace = replace
    if len(core) != 1:
        raise RuntimeError("the benchmark's drag did not make exactly one edit")
    return moves, release, core[0]


def _drag_figures(path: Path, size: int) -> list[dict[str, Any]]:
    """Drag the project's last task (few successors) and its first (the rest follow)."""
    window, _, _ = _open(path, read_only=False)
    _fit_viewport(window, window.gantt.chart)
    portfolio = window.document.portfolio
    leaves = [t for t in window.task_model.task_ids() if not portfolio.is_summary(t)]
    found = []
    for name, task_id in (("last_task", leaves[-1]), ("first_task", leaves[0])):
        moves, release, core = _drag(window, task_id)
        found += [
            figure(f"drag_move_step_{name}", size, statistics.median(moves)),
            figure(f"drag_release_{name}", size, release),
            figure(f"drag_release_{name}_document", size, core),
            figure(f"drag_release_{name}_widgets", size, release - core),
        ]
    window.close()
    return found


def _view_figures(path: Path, size: int) -> list[dict[str, Any]]:
    from widgets.gantt.time_scale import LEVELS

    window, first, core = _open(path, read_only=True)
    found = [
        figure("first_paint", size, first, "s"),
        figure("first_paint_document", size, core, "s"),
        figure("first_paint_widgets", size, max(0.0, first - core), "s"),
    ]
    chart = window.gantt.chart
    _fit_viewport(window, chart)
    middle = window.task_model.task_ids()[len(window.task_model.task_ids()) // 2]
    for level in LEVELS:
        chart.set_px_per_day(level.px_per_day)
        chart.scroll_to_task(middle)
        chart.viewport().repaint()  # first paint at a zoom fills the route cache
        name = level.name.split(" / ")[1].lower()
        found.append(figure(f"repaint_{name}", size, median_ms(chart.viewport().repaint)))
    bar = chart.verticalScrollBar()
    bar.setValue(0)
    chart_ms: list[float] = []

    def page() -> None:
        bar.setValue(bar.value() + bar.pageStep())
        window.task_view.viewport().repaint()
        began = time.perf_counter()
        chart.viewport().repaint()
        chart_ms.append((time.perf_counter() - began) * 1000)

    found.append(figure("scroll_page", size, median_ms(page)))
    found.append(figure("scroll_page_chart", size, statistics.median(chart_ms)))
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
