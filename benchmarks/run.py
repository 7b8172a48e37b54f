"""Run every benchmark module and print one JSON line per figure.

Each ``benchmarks/bench_*.py`` exposes ``run(sizes: list[int]) -> list[dict]`` returning
figures ``{"name": ..., "value": ..., "unit": ...}``. Printing them as JSON lines lets a
run be saved (``> bench-2026-11-26.jsonl``) and compared with earlier ones by any tool.

Usage::

    python -m benchmarks.run [--sizes 1000,10000,50000] [--only store]
    python benchmarks/run.py --sizes 1000 --only store

A module that fails is reported on stderr and the others still run; the exit status is
then 1, so a broken benchmark is never mistaken for a fast one.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_SIZES = (1000, 10_000, 50_000)
FIGURE_KEYS = ("name", "value", "unit")

if str(HERE.parent) not in sys.path:  # run as a script: make ``app`` and ``benchmarks`` importable
    sys.path.insert(0, str(HERE.parent))


def discover(only: str | None = None) -> list[str]:
    """Benchmark names (``store`` for ``bench_store.py``), sorted, optionally just one."""
    names = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    if only is None:
        return names
    wanted = only.removeprefix("bench_")
    if wanted not in names:
        raise SystemExit(f"run.py: no benchmark {only!r}; there are: {', '.join(names)}")
    return [wanted]


def parse_sizes(text: str) -> list[int]:
    """``1000,10000`` (``10k`` also accepted) into sizes; argparse reports a bad one."""
    sizes = []
    for part in filter(None, (p.strip().lower() for p in text.split(","))):
        number = part.removesuffix("k")
        if not number.isdigit() or int(number) <= 0:
            raise argparse.ArgumentTypeError(f"not a size: {part!r}")
        sizes.append(int(number) * (1000 if part.endswith("k") else 1))
    if not sizes:
        raise argparse.ArgumentTypeError("give at least one size")
    return sizes


def check_figure(module: str, item: Any) -> dict[str, Any]:
    """A figure as printed; refuses malformed ones so the output stays comparable."""
    if not isinstance(item, dict) or any(k not in item for k in FIGURE_KEYS):
        raise ValueError(f"bench_{module} returned {item!r}, not {{name, value, unit}}")
    if not isinstance(item["value"], int | float) or isinstance(item["value"], bool):
        raise ValueError(f"bench_{module}: {item['name']} has a non-numeric value")
    return {key: item[key] for key in FIGURE_KEYS}


def run_module(name: str, sizes: list[int]) -> bool:
    """Run one module and print its figures; False when it failed."""
    try:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        for item in module.run(list(sizes)):
            print(json.dumps(check_figure(name, item)), flush=True)
    except Exception:
        print(f"run.py: benchmark {name!r} failed:", file=sys.stderr)
        traceback.print_exc()
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, run the chosen benchmarks; 0 when all succeeded."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(DEFAULT_SIZES),
        help="comma-separated task counts (default: 1000,10000,50000)",
    )
    parser.add_argument("--only", metavar="NAME", help="run just bench_NAME.py")
    args = parser.parse_args(argv)
    results = [run_module(name, args.sizes) for name in discover(args.only)]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
