"""Import/export speed: the finance workbook, CSV, and MSPDI beside MPXJ reading it.

For each size, a synthetic portfolio (``benchmarks.synthetic``) is folded into one
project of that many tasks (the stress case for one Tasks sheet), scheduled once, and
then timed:

* ``xlsx_export_N_tasks``: ``write_xlsx`` of the whole workbook (plus its size in MB),
  and ``xlsx_import_N_tasks``: ``read_xlsx_tasks`` of that workbook;
* ``csv_export_N_tasks`` / ``csv_import_N_tasks``: ``write_tasks_csv``, ``read_tasks_csv``;
* ``mspdi_export_N_tasks`` / ``mspdi_import_N_tasks``: ``write_mspdi`` and ``read_mspdi``;
* ``plansmith_import_mspdi_N_tasks_whole_process``: ``plansmith import N.xml --into new``
  as a fresh process, start to exit (interpreter, imports, read, schedule, store), the
  figure the issue's target (under 1.7 s for 10k tasks) is about; with
  ``..._cpu`` its CPU seconds, which say more than wall time on a busy machine;
* ``mpxj_read_mspdi_N_tasks_in_process``: MPXJ's UniversalProjectReader on the same
  MSPDI file in this process (JVM already started, first read, so class loading is in),
  and ``..._whole_process``: a fresh Python + JVM reading it, start to exit, which is
  what a user waits for when the app converts through MPXJ. ``mpxj_jvm_start`` is the
  JVM's own start-up. The MPXJ figures are left out when Java or mpxj is missing;
* ``plansmith_import_vs_mpxj_N_tasks_whole_process``: the first whole-process figure
  over MPXJ's (the issue asks for at most 0.5). Whole processes are the best of
  ``WHOLE_PROCESS_RUNS`` runs each.

Usage: ``python benchmarks/bench_io.py [SIZES...]`` prints the figures as JSON lines.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.io.delimited import read_tasks_csv, write_tasks_csv  # noqa: E402
from app.io.mspdi import read_mspdi, write_mspdi  # noqa: E402
from app.io.xlsx import read_xlsx_tasks, write_xlsx  # noqa: E402
from app.schedule import Schedule, schedule  # noqa: E402
from benchmarks.mpxj_reference import MPXJ, shared_mpxj, whole_process_read  # noqa: E402
from benchmarks.synthetic import make_portfolio, one_project  # noqa: E402

DEFAULT_SIZES = (10_000, 50_000)
MB = 1024 * 1024

#: Fresh processes timed per figure (the best is reported).
WHOLE_PROCESS_RUNS = 3


def figure(name: str, value: float, unit: str) -> dict[str, Any]:
    """One benchmark figure as ``benchmarks/run.py`` prints it."""
    return {"name": name, "value": round(value, 4), "unit": unit}


def timed(action: Callable[[], object]) -> tuple[float, object]:
    """Seconds one call takes, and what it returned."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def cli_import(xml: Path, folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds of ``plansmith import xml --into <new file>`` as a new process."""
    target = folder / f"{xml.stem}-imported.plansmith"
    target.unlink(missing_ok=True)
    command = [sys.executable, "-m", "app.cli", "import", str(xml), "--into", str(target)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    before = _children_cpu()
    seconds, _ = timed(
        lambda: subprocess.run(command, capture_output=True, check=True, cwd=ROOT, env=env)
    )
    cpu = _children_cpu() - before
    target.unlink(missing_ok=True)
    return seconds, cpu


def _children_cpu() -> float:
    """CPU seconds used by finished child processes (NaN where ``resource`` is missing)."""
    try:
        import resource
    except ImportError:  # Windows
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(size: int, folder: Path, mpxj: MPXJ | None) -> list[dict[str, Any]]:
    """Every figure for one size."""
    portfolio = one_project(make_portfolio(size))
    project_id = min(portfolio.projects)
    plan: Schedule = schedule(portfolio)
    tasks = f"{size}_tasks"
    book, csv_file, xml = folder / f"{size}.xlsx", folder / f"{size}.csv", folder / f"{size}.xml"
    figures = []
    seconds, _ = timed(lambda: write_xlsx(portfolio, plan, project_id, book))
    figures.append(figure(f"xlsx_export_{tasks}", seconds, "s"))
    figures.append(figure(f"xlsx_export_{tasks}_size", book.stat().st_size / MB, "MB"))
    seconds, _ = timed(lambda: read_xlsx_tasks(book))
    figures.append(figure(f"xlsx_import_{tasks}", seconds, "s"))
    seconds, _ = timed(lambda: write_tasks_csv(portfolio, plan, project_id, csv_file))
    figures.append(figure(f"csv_export_{tasks}", seconds, "s"))
    seconds, _ = timed(lambda: read_tasks_csv(csv_file))
    figures.append(figure(f"csv_import_{tasks}", seconds, "s"))
    seconds, _ = timed(lambda: write_mspdi(portfolio, project_id, xml, plan))
    figures.append(figure(f"mspdi_export_{tasks}", seconds, "s"))
    seconds, _ = timed(lambda: read_mspdi(xml))
    figures.append(figure(f"mspdi_import_{tasks}", seconds, "s"))
    # Whole processes: the best of a few runs (this host's speed drifts by half from one
    # minute to the next; the best run is the one least slowed by it).
    runs = [cli_import(xml, folder) for _ in range(WHOLE_PROCESS_RUNS)]
    wall, cpu = min(runs)
    figures.append(figure(f"plansmith_import_mspdi_{tasks}_whole_process", wall, "s"))
    figures.append(figure(f"plansmith_import_mspdi_{tasks}_whole_process_cpu", cpu, "s"))
    if mpxj is not None:
        figures.append(figure(f"mpxj_read_mspdi_{tasks}_in_process", mpxj.read(xml), "s"))
        whole = min(whole_process_read(xml) for _ in range(WHOLE_PROCESS_RUNS))
        figures.append(figure(f"mpxj_read_mspdi_{tasks}_whole_process", whole, "s"))
        # The target is half of MPXJ's time: a ratio the host's drift leaves alone.
        share = wall / whole
        figures.append(figure(f"plansmith_import_vs_mpxj_{tasks}_whole_process", share, "x"))
    return figures


def run(sizes: list[int]) -> list[dict[str, Any]]:
    """The figures for each size (see the module docstring)."""
    mpxj = shared_mpxj()
    figures: list[dict[str, Any]] = []
    if mpxj is not None:
        figures.append(figure("mpxj_jvm_start", mpxj.start(), "s"))
    with tempfile.TemporaryDirectory(prefix="plansmith-bench-io-") as folder:
        for size in sizes:
            figures.extend(measure(size, Path(folder), mpxj))
    return figures


if __name__ == "__main__":
    chosen = [int(a) for a in sys.argv[1:]] or list(DEFAULT_SIZES)
    for item in run(chosen):
        print(json.dumps(item), flush=True)
