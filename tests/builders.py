"""Small builders for test portfolios, so tests read like the plan they describe."""

from __future__ import annotations

from datetime import datetime

from app.commands import AddProject, AddTask, Batch
from app.model import Portfolio
from app.schedule.result import Schedule

START = datetime(2026, 1, 5, 8, 0)  # a Monday


def apply(portfolio: Portfolio, *commands: object) -> Portfolio:
    """Apply commands in order (without a store), for building fixtures."""
    return Batch(tuple(commands)).apply(portfolio, Schedule())  # type: ignore[arg-type]


def small_portfolio(names: tuple[str, ...] = ("Design", "Build", "Test")) -> Portfolio:
    """One project "Demo" starting Monday 2026-01-05 with one-day tasks."""
    portfolio = apply(Portfolio(), AddProject("Demo", START))
    return apply(portfolio, *(AddTask(1, name) for name in names))
