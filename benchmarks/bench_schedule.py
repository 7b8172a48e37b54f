"""Scheduling speed on synthetic portfolios: full runs and a one-task edit.

``run(sizes)`` returns records ``{"name", "value", "unit"}`` for the benchmark runner:
a full schedule of each size (best of a few runs on a fresh portfolio each time, so
Portfolio's own caches and the calendar memos start cold as after opening a file), and,
for 10k tasks, the incremental reschedule after one task's duration changes.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.model.portfolio import Portfolio  # noqa: E402
from app.schedule import Schedule, reschedule, schedule  # noqa: E402
from benchmarks.synthetic import make_portfolio  # noqa: E402

DEFAULT_SIZES = (1_000, 10_000, 50_000)
REPEATS = 3


def _full(size: int) -> float:
    """Best wall time of a full schedule, each on a freshly built portfolio."""
    best = float("inf")
    for _ in range(REPEATS):
        portfolio = make_portfolio(size)
        started = time.perf_counter()
        schedule(portfolio)
        best = min(best, time.perf_counter() - started)
    return best


def _edit(portfolio: Portfolio, previous: Schedule, critical: bool) -> tuple[Portfolio, int]:
    """Lengthen one leaf task by a day: a critical one, or one with plenty of slack."""
    candidates = [
        tid
        for tid, dates in previous.tasks.items()
        if not dates.summary and dates.critical == critical and dates.total_slack_minutes >= 0
        if not portfolio.task_assignments(tid)
    ]
    tid = candidates[len(candidates) // 2]
    task = portfolio.tasks[tid]
    longer = dataclasses.replace(task, duration_minutes=task.duration_minutes + 480)
    return dataclasses.replace(portfolio, tasks={**portfolio.tasks, tid: longer}), tid


def _incremental(size: int, critical: bool) -> float:
    """Best wall time of ``reschedule`` after one duration change."""
    portfolio = make_portfolio(size)
    previous = schedule(portfolio)
    best = float("inf")
    for _ in range(REPEATS):
        edited, tid = _edit(portfolio, previous, critical)
        started = time.perf_counter()
        reschedule(edited, previous, {tid})
        best = min(best, time.perf_counter() - started)
    return best


def run(sizes: Iterable[int] = DEFAULT_SIZES) -> list[dict]:
    """Benchmark records for the runner (seconds for full runs, milliseconds for edits)."""
    records: list[dict] = []
    sizes = tuple(sizes)
    for size in sizes:
        records.append(
            {"name": f"schedule_full_{size // 1000}k", "value": round(_full(size), 4), "unit": "s"}
        )
    if 10_000 in sizes:
        for critical, label in ((False, "slack"), (True, "critical")):
            value = round(_incremental(10_000, critical) * 1000, 2)
            records.append(
                {"name": f"reschedule_one_duration_10k_{label}", "value": value, "unit": "ms"}
            )
    return records


if __name__ == "__main__":
    chosen = [int(a) for a in sys.argv[1:]] or list(DEFAULT_SIZES)
    for record in run(chosen):
        print(f"{record['name']:<40} {record['value']:>10} {record['unit']}")
