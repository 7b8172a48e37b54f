"""The Gantt benchmark runs end to end on a small synthetic plan and reports every figure."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from benchmarks import bench_gantt


@pytest.mark.slow
def test_the_benchmark_reports_every_figure(qtbot: QtBot) -> None:
    figures = bench_gantt.run([400])
    names = {f["name"] for f in figures}
    for level in ("quarters", "months", "weeks", "days", "hours"):
        assert f"gantt_repaint_{level}_400" in names
    for name in (
        "first_paint",
        "scroll_page",
        "drag_move_step_last_task",
        "drag_release_first_task",
        "drag_dates_shown_first_task",
    ):
        assert f"gantt_{name}_400" in names
    assert "gantt_drag_release_last_task_widgets_400" in names
    assert "gantt_drag_release_last_task_listeners_400" in names
    # Parts that may round to 0 on a tiny plan, whose edits land at once and whose
    # links are all routed in the first frame.
    zero_ok = ("_widgets_400", "_listeners_400", "_landing_", "_links_after")
    assert all(f["value"] > 0 for f in figures if not any(z in f["name"] for z in zero_ok))
