"""The resources benchmark runs on a small portfolio and reports well-formed figures."""

from __future__ import annotations

from benchmarks import run as runner
from benchmarks.bench_resources import run


def test_the_benchmark_reports_usage_and_levelling_figures() -> None:
    figures = [runner.check_figure("resources", item) for item in run([1000])]
    assert [f["name"] for f in figures] == [
        "resource_usage_10res_52w_1k",
        "level_resources_1k",
        "level_resources_1k_delayed_tasks",
    ]
    assert [f["unit"] for f in figures] == ["s", "s", "tasks"]
    assert figures[2]["value"] > 0  # the synthetic plan does overbook its people
    assert "resources" in runner.discover()
