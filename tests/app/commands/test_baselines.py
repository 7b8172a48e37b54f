"""Set Baseline and Clear Baseline, committed and undone through a real file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.commands import EditError, EditTask, LinkTasks
from app.commands.baselines import ClearBaseline, SaveBaseline, saved_baselines
from app.document import Document
from app.history import History
from app.schedule.baseline import variances
from app.store import Store
from tests.builders import apply, small_portfolio


def test_save_baseline_then_slip_shows_the_variance(tmp_path: Path) -> None:
    path = tmp_path / "plan.plansmith"
    Store.create(path, apply(small_portfolio(), LinkTasks(1, 2), LinkTasks(2, 3))).close()
    document = Document(Store.open(path))
    try:
        history = History(document)
        history.do(SaveBaseline(1, 0))
        history.do(SaveBaseline(1, 3))
        assert saved_baselines(document.portfolio, 1) == [0, 3]
        history.do(EditTask((1,), {"duration_minutes": 3 * 480}))
        finish = document.schedule.tasks[3].finish
        assert finish.isoformat() == "2026-01-09T17:00:00"
        assert document.portfolio.baselines[(3, 0)].finish.isoformat() == "2026-01-07T17:00:00"
        slip = variances(document.portfolio, document.schedule, 1, 0)[3]
        assert slip.finish_minutes == 2 * 480
        history.do(ClearBaseline(1, 3))
        with Store.open(path, read_only=True) as reader:
            assert saved_baselines(reader.load(), 1) == [0]
        history.undo()
        assert saved_baselines(document.portfolio, 1) == [0, 3]
    finally:
        document.close()


def test_baseline_numbers_are_0_to_10() -> None:
    with pytest.raises(EditError, match="0 to 10"):
        apply(small_portfolio(), SaveBaseline(1, 11))
