"""Saved baselines (0-10) of a task's plan, to compare the live plan against."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from app.model.frozen import quick_init

BASELINE_NUMBERS = range(11)


@quick_init
@dataclass(frozen=True, slots=True)
class Baseline:
    """Baseline ``number`` of one task: start, finish, duration, work and cost as saved."""

    task_id: int
    number: int
    start: datetime | None
    finish: datetime | None
    duration_minutes: int = 0
    work_minutes: int = 0
    cost: Decimal = Decimal(0)
