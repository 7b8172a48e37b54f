"""Files for the resource and portfolio tests: the demo portfolio, and a small clash."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.commands import AddProject, AddTask, Batch
from app.commands.resources import AddResource, SetTaskResources
from app.demo import write_demo
from app.model import Portfolio
from app.schedule.result import Schedule
from app.store import Store
from tests.widgets.driver import START


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    """The demo portfolio on disk (Ben Okafor is over-booked 23-27 Nov 2026)."""
    path = tmp_path / "demo.plansmith"
    write_demo(path)
    return path


def clash_plan() -> Portfolio:
    """Two projects each giving Sam a 5-day task in the same week: 200 % in week one.

    Project 1 "Alpha" (task 1 "Spec"), project 2 "Beta" (task 2 "Build"), resource 1 Sam
    at 80/h; nothing pins the tasks, so levelling can resolve the clash.
    """
    commands = (
        AddProject("Alpha", START),
        AddProject("Beta", START),
        AddResource("Sam", {"standard_rate": 80}),
        AddTask(1, "Spec", duration_minutes=5 * 480),
        AddTask(2, "Build", duration_minutes=5 * 480),
        SetTaskResources(1, "Sam"),
        SetTaskResources(2, "Sam"),
    )
    return Batch(commands).apply(Portfolio(), Schedule())


@pytest.fixture
def clash_file(tmp_path: Path) -> Path:
    """``clash_plan()`` on disk, closed so a window can open it."""
    path = tmp_path / "clash.plansmith"
    Store.create(path, clash_plan()).close()
    return path
