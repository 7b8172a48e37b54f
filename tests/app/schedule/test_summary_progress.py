"""A finished phase is not critical, even when the path through it was."""

from __future__ import annotations

from datetime import datetime

from app.commands import EditTask, IndentTasks, LinkTasks
from app.schedule import schedule
from tests.builders import apply, small_portfolio


def test_a_completed_summary_is_not_critical_but_an_open_one_is() -> None:
    plan = apply(
        small_portfolio(("Phase 1", "A", "Phase 2", "B")),
        IndentTasks((2,)),
        IndentTasks((4,)),
        LinkTasks(2, 4),
        EditTask(
            (2,),
            {
                "percent_complete": 100,
                "actual_start": datetime(2026, 1, 5, 8),
                "actual_finish": datetime(2026, 1, 5, 17),
            },
        ),
    )
    dates = schedule(plan).tasks
    assert dates[2].percent_complete == 100 and not dates[2].critical
    assert dates[1].summary and not dates[1].critical
    assert dates[4].critical and dates[3].critical
