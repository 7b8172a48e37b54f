"""Store benchmarks: generate, create the file, load it, ``show --json`` it, size and memory.

These are the costs a user pays when opening a big plan: the file must load fast and
stay small, and the command line must answer in a few seconds even at 50k tasks. Each
figure is measured once per size (the sizes themselves are the slow part); compare runs
over time rather than reading a single figure too closely.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from app.store import Store
from benchmarks.synthetic import make_portfolio

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")

#: Run in a fresh interpreter, so its peak memory is the load's and not this process's.
#: Linux's VmHWM is the high-water mark of this program image; ``ru_maxrss`` would carry
#: over the parent's peak across fork and exec, so it is only the fallback elsewhere.
_LOAD_PROBE = """
import json, resource, sys, time
from pathlib import Path
from app.store import Store

def peak():
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale

before = peak()
start = time.perf_counter()
with Store.open(sys.argv[1], read_only=True) as store:
    portfolio = store.load()
seconds = time.perf_counter() - start
after = peak()
print(json.dumps({"peak": after, "delta": after - before, "seconds": seconds,
                  "tasks": len(portfolio.tasks)}))
"""


def figure(what: str, size: int, value: float, unit: str) -> dict[str, Any]:
    """One measured figure, named like the other benchmarks' (``store_load_10k``)."""
    label = f"{size // 1000}k" if size % 1000 == 0 else str(size)
    return {"name": f"store_{what}_{label}", "value": round(value, 6), "unit": unit}


def timed(action: Callable[[], T]) -> tuple[T, float]:
    """``action()``'s result and how long it took, in seconds."""
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def _create(path: Path, portfolio: Any) -> None:
    Store.create(path, portfolio).close()


def _load(path: Path) -> int:
    with Store.open(path, read_only=True) as store:
        return len(store.load().tasks)


def _python(args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    """Run the project's Python from the repository root, the way a user's shell would."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _load_probe(path: Path) -> dict[str, Any] | None:
    """Peak memory of loading ``path`` in a fresh process (POSIX only: needs getrusage)."""
    if sys.platform.startswith("win"):
        return None
    done = _python(["-c", _LOAD_PROBE, str(path)], timeout=600)
    if done.returncode != 0:
        print(f"bench_store: load probe failed: {done.stderr.strip()}", file=sys.stderr)
        return None
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _show_json(path: Path) -> float | None:
    """Wall time of ``plansmith show --json`` as a whole process, or None when it fails."""
    command = ["-m", "app.cli", "show", str(path), "--json"]
    done, seconds = timed(lambda: _python(command, timeout=900))
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1:] or ["no message"]
        print(f"bench_store: show --json failed: {message[0]}", file=sys.stderr)
        return None
    json.loads(done.stdout)  # a figure for output that is not JSON would be meaningless
    return seconds


def measure(size: int, folder: Path) -> list[dict[str, Any]]:
    """Every store figure for one size."""
    path = folder / f"synthetic-{size}.plansmith"
    portfolio, generate = timed(lambda: make_portfolio(size))
    _, create = timed(lambda: _create(path, portfolio))
    loaded, load = timed(lambda: _load(path))
    if loaded != size:
        raise RuntimeError(f"loaded {loaded} tasks from a file of {size}")
    figures = [
        figure("generate", size, generate, "s"),
        figure("create", size, create, "s"),
        figure("load", size, load, "s"),
        figure("file_size", size, path.stat().st_size / 1e6, "MB"),
    ]
    probe = _load_probe(path)
    if probe is not None:
        figures.append(figure("load_peak_rss", size, probe["peak"] / 1e6, "MB"))
        figures.append(figure("load_rss_growth", size, probe["delta"] / 1e6, "MB"))
    show = _show_json(path)
    if show is not None:
        figures.append(figure("show_json", size, show, "s"))
    return figures


def run(sizes: list[int]) -> list[dict[str, Any]]:
    """The store figures for each size, in a temporary folder removed afterwards."""
    figures: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="plansmith-bench-") as folder:
        for size in sizes:
            figures.extend(measure(size, Path(folder)))
    return figures
