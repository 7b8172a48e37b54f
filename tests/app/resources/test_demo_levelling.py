"""The demo's shared clash (Ben Okafor on the ERP and portal projects, 23-27 Nov 2026)
is real, and Level Resources resolves it."""

from __future__ import annotations

from datetime import datetime

from app.commands import LevelResources
from app.demo import build_demo
from app.resources.levelling import LevelOptions
from app.resources.usage import resource_usage
from app.schedule import schedule


def _ben_over_days(plan) -> list[float]:  # type: ignore[no-untyped-def]
    ben = next(r for r in plan.resources.values() if r.name == "Ben Okafor")
    usage = resource_usage(
        plan, schedule(plan), "day", datetime(2026, 11, 16), datetime(2026, 12, 5), [ben.id]
    )
    return [c.work_minutes for c in usage.rows[ben.id].cells if c.over_allocated]


def test_levelling_resolves_the_demo_clash() -> None:
    plan = build_demo()
    assert len(_ben_over_days(plan)) == 5
    levelled = LevelResources(LevelOptions()).apply(plan, schedule(plan))
    assert _ben_over_days(levelled) == []


def test_a_levelling_delay_counts_from_a_start_no_earlier_than_date() -> None:
    from dataclasses import replace

    from app.commands import EditTask
    from app.model import ConstraintKind
    from tests.builders import apply, small_portfolio

    plan = apply(
        small_portfolio(("A",)),
        EditTask(
            (1,),
            {
                "constraint": ConstraintKind.START_NO_EARLIER_THAN,
                "constraint_date": datetime(2026, 1, 12, 8),
            },
        ),
    )
    delayed = replace(plan, tasks={1: replace(plan.tasks[1], leveling_delay_minutes=480)})
    assert schedule(delayed).tasks[1].start == datetime(2026, 1, 13, 8)
