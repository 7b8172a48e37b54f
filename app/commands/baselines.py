"""Saving and clearing baselines (0-10), as MS Project's Set Baseline does."""

from __future__ import annotations

from dataclasses import dataclass

from app.commands.base import EditError, updated
from app.model.baseline import BASELINE_NUMBERS
from app.model.portfolio import Portfolio
from app.schedule.baseline import save_baseline
from app.schedule.result import Schedule


def _check(portfolio: Portfolio, project_id: int, number: int) -> None:
    if number not in BASELINE_NUMBERS:
        raise EditError(f"a baseline number is 0 to 10, not {number}")
    if project_id not in portfolio.projects:
        raise EditError(f"no project {project_id}")


@dataclass(frozen=True)
class SaveBaseline:
    """Save the project's current dates, durations, work and costs as baseline ``number``.

    An existing baseline of that number is replaced, as in MS Project.
    """

    project_id: int
    number: int = 0
    label: str = "Save baseline"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Replace baseline ``number`` of every task of the project."""
        _check(portfolio, self.project_id, self.number)
        tasks = set(portfolio.project_task_ids(self.project_id))
        kept = {
            k: v
            for k, v in portfolio.baselines.items()
            if not (k[1] == self.number and k[0] in tasks)
        }
        kept.update(save_baseline(portfolio, schedule, self.project_id, self.number))
        return updated(portfolio, baselines=kept)


@dataclass(frozen=True)
class ClearBaseline:
    """Remove baseline ``number`` from every task of the project."""

    project_id: int
    number: int = 0
    label: str = "Clear baseline"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """Drop the baseline's records."""
        _check(portfolio, self.project_id, self.number)
        tasks = set(portfolio.project_task_ids(self.project_id))
        return updated(
            portfolio,
            baselines={
                k: v
                for k, v in portfolio.baselines.items()
                if not (k[1] == self.number and k[0] in tasks)
            },
        )


def saved_baselines(portfolio: Portfolio, project_id: int) -> list[int]:
    """The baseline numbers a project has, in order."""
    tasks = set(portfolio.project_task_ids(project_id))
    return sorted({number for task_id, number in portfolio.baselines if task_id in tasks})
