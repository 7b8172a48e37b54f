"""Level Resources and Clear Levelling as commands: each one undoable edit.

Both only ever write ``Task.leveling_delay_minutes`` of the projects they name, so
undo restores the plan exactly and clearing returns every date to its unlevelled place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.commands.base import EditError
from app.model.portfolio import Portfolio
from app.resources.levelling import LevelOptions, clear_delays, level_resources
from app.schedule.result import Schedule
from app.schedule.working_time import ScheduleError


@dataclass(frozen=True)
class LevelResources:
    """Resolve over-allocations by delaying lower-priority tasks (MS Project's Level All)."""

    options: LevelOptions = field(default_factory=LevelOptions)
    label: str = "Level resources"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """The portfolio with the levelling delays set.

        Raises:
            EditError: an unknown project or resource, or a plan that cannot be scheduled.
        """
        try:
            return level_resources(portfolio, self.options).apply(portfolio)
        except KeyError as exc:
            raise EditError(str(exc.args[0])) from exc
        except ScheduleError as exc:
            raise EditError(f"cannot level: {exc}") from exc


@dataclass(frozen=True)
class ClearLevelling:
    """Set every levelling delay of some projects (None: all) back to zero."""

    project_ids: tuple[int, ...] | None = None
    label: str = "Clear levelling"

    def apply(self, portfolio: Portfolio, schedule: Schedule) -> Portfolio:
        """The portfolio without levelling delays in those projects.

        Raises:
            EditError: an unknown project id.
        """
        try:
            return clear_delays(portfolio, self.project_ids)
        except KeyError as exc:
            raise EditError(str(exc.args[0])) from exc
