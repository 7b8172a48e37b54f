"""R1: a process killed in the middle of a batch of edits loses no committed edit and
leaves no half edit. The child writes edits through the real Store; after each commit it
reports the batch number (fsynced); the parent kills it at random moments."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from app.store import Store
from tests.builders import small_portfolio

CHILD = r"""
import os, sys
from dataclasses import replace
from app.store import Store
path, report = sys.argv[1], sys.argv[2]
store = Store.open(path)
portfolio = store.load()
template = portfolio.tasks[1]
batch = 0
while True:
    batch += 1
    tasks = dict(portfolio.tasks)
    base = 1000 * batch
    for i in range(50):
        tasks[base + i] = replace(template, id=base + i, uid=base + i, name=f"b{batch}",
                                  position=base + i)
    new = replace(portfolio, tasks=tasks)
    store.write(portfolio, new)
    portfolio = new
    with open(report, "a") as fh:
        fh.write(f"{batch}\n"); fh.flush(); os.fsync(fh.fileno())
"""


def test_kill_mid_edit_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "plan.plansmith"
    Store.create(path, small_portfolio()).close()
    report = tmp_path / "report.txt"
    rng = random.Random(7)
    root = Path(__file__).parents[3]
    env = {**os.environ, "PYTHONPATH": str(root)}
    for _ in range(8):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(report)], env=env)
        time.sleep(0.4 + rng.random() * 0.6)
        child.send_signal(signal.SIGKILL)
        child.wait()
        reported = {int(x) for x in report.read_text().split()} if report.exists() else set()
        with Store.open(path) as store:
            assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            names: dict[str, int] = {}
            for task in store.load().tasks.values():
                names[task.name] = names.get(task.name, 0) + 1
        batches = {name: n for name, n in names.items() if name.startswith("b")}
        assert all(n == 50 for n in batches.values()), "a half-written batch is visible"
        found = {int(name[1:]) for name in batches}
        assert reported <= found, "a reported commit was lost"
        report.unlink(missing_ok=True)
        # the next child restarts batch numbers; clear the plan back to its start
        with Store.open(path) as store:
            current = store.load()
            store.write(current, small_portfolio())
