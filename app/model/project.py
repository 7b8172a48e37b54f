"""A project's own settings; its tasks and links live in the Portfolio beside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from app.model.duration import TimeSettings
from app.model.frozen import quick_init


@quick_init
@dataclass(frozen=True, slots=True)
class Project:
    """One project of the portfolio: when it starts, how it counts time, its money."""

    id: int
    name: str
    start: datetime
    calendar_id: int | None = None
    finish: datetime | None = None  # the anchor when scheduled from the finish
    schedule_from_finish: bool = False
    status_date: datetime | None = None
    currency: str = "EUR"
    currency_digits: int = 2
    minutes_per_day: int = 480
    minutes_per_week: int = 2400
    days_per_month: int = 20
    default_start_minute: int = 8 * 60
    default_finish_minute: int = 17 * 60
    critical_slack_minutes: int = 0
    priority: int = 500
    position: int = 0
    approved_budget: Decimal = Decimal(0)
    contingency: Decimal = Decimal(0)
    manager: str = ""
    notes: str = ""
    extra: str = ""

    @property
    def time(self) -> TimeSettings:
        """How days, weeks and months convert to minutes in this project."""
        return TimeSettings(self.minutes_per_day, self.minutes_per_week, self.days_per_month)
