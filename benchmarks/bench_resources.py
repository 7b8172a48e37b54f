"""Resource usage and levelling speed on synthetic portfolios.

Targets (ISSUE "Resources and the portfolio"): the usage grid of 200 resources over a
50k-task portfolio, one year by week, in under 1 s; levelling a 10k-task project with
its 100 people in under 5 s. The portfolio is scheduled before the clock starts: the
figures are the resource layer's own cost. ``run(sizes)`` times the usage grid for each
size and levelling for each size up to 10k (levelling is a whole-plan operation that
users run on one programme, not on the 50k-task portfolio at once).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.model.resource import ResourceType  # noqa: E402
from app.resources.levelling import level_resources  # noqa: E402
from app.resources.usage import resource_usage  # noqa: E402
from app.schedule import schedule  # noqa: E402
from benchmarks.synthetic import START, make_portfolio  # noqa: E402

DEFAULT_SIZES = (1_000, 10_000, 50_000)
REPEATS = 3
USAGE_RESOURCES = 200
LEVEL_LIMIT = 10_000


def _usage(size: int) -> tuple[float, int]:
    """Best wall time of a year-by-week usage grid for up to 200 people."""
    portfolio = make_portfolio(size)
    plan = schedule(portfolio)
    people = sorted(r.id for r in portfolio.resources.values() if r.type is ResourceType.WORK)
    chosen = people[:USAGE_RESOURCES]
    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        resource_usage(portfolio, plan, "week", START, START + timedelta(days=365), chosen)
        best = min(best, time.perf_counter() - started)
    return best, len(chosen)


def _levelling(size: int) -> tuple[float, int]:
    """Wall time of levelling the whole portfolio (includes its own schedule runs)."""
    portfolio = make_portfolio(size)
    started = time.perf_counter()
    result = level_resources(portfolio)
    elapsed = time.perf_counter() - started
    return elapsed, sum(1 for d in result.delays.values() if d)


def run(sizes: Iterable[int] = DEFAULT_SIZES) -> list[dict]:
    """Benchmark records for the runner (seconds)."""
    records: list[dict] = []
    for size in tuple(sizes):
        seconds, people = _usage(size)
        name = f"resource_usage_{people}res_52w_{size // 1000}k"
        records.append({"name": name, "value": round(seconds, 4), "unit": "s"})
        if size <= LEVEL_LIMIT:
            seconds, delayed = _levelling(size)
            name = f"level_resources_{size // 1000}k"
            records.append({"name": name, "value": round(seconds, 4), "unit": "s"})
            records.append({"name": f"{name}_delayed_tasks", "value": delayed, "unit": "tasks"})
    return records


if __name__ == "__main__":
    chosen = [int(a) for a in sys.argv[1:]] or list(DEFAULT_SIZES)
    for record in run(chosen):
        print(f"{record['name']:<40} {record['value']:>10} {record['unit']}")
