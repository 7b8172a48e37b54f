"""Spreading an amount over a task's working time, by month or up to a moment.

Cost accrues as the schedule spreads the work: in proportion to the working minutes of
the task's calendar (a holiday earns nothing, and a task pushed over a month end by it
spends part of its money in the next month). All working-time arithmetic goes through
``app.schedule.working_time``; this module only turns minutes into shares of money.

Shares are computed cumulatively (``amount x minutes so far / all minutes``), each month
end's share quantized to 1e-12 (far below any currency's minor unit), and months take
differences: every difference is then exact, and the last month takes what is left, so
the months of a task add up to exactly its amount even when a third of it repeats.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from app.model.money import ZERO
from app.model.portfolio import Portfolio
from app.model.task import Task
from app.schedule.working_time import ELAPSED, MINUTES_PER_DAY, Clock, to_minutes, working_time

#: The grain of a spread's cumulative shares: exact sums, invisible at presentation.
SPREAD_QUANTUM = Decimal("1e-12")

#: A month as ``"YYYY-MM"``, the key every time-phased figure uses.
Month = str


def month_of(day: date) -> Month:
    """``"2026-01"`` for any date in January 2026."""
    return f"{day.year:04d}-{day.month:02d}"


def month_start(month: Month) -> date:
    """The first day of a ``"YYYY-MM"`` month."""
    year, number = month.split("-")
    return date(int(year), int(number), 1)


def next_month(month: Month) -> Month:
    """The month after ``month``."""
    first = month_start(month)
    return month_of(date(first.year + first.month // 12, first.month % 12 + 1, 1))


def months_from_to(first: Month, last: Month) -> list[Month]:
    """Every month from ``first`` to ``last`` inclusive (empty when last < first)."""
    months: list[Month] = []
    current = first
    while current <= last:
        months.append(current)
        current = next_month(current)
    return months


def task_clock(portfolio: Portfolio, task: Task) -> Clock:
    """The working time a task's work follows: its calendar, else its project's.

    Elapsed-duration tasks work round the clock, as the scheduler runs them.
    """
    return TaskClocks(portfolio)(task)


class TaskClocks:
    """``task_clock`` for many tasks, resolving each calendar once per report."""

    def __init__(self, portfolio: Portfolio) -> None:
        """Remember the portfolio; clocks are looked up as tasks ask for them."""
        self.portfolio = portfolio
        self._clocks: dict[int | None, Clock] = {}

    def __call__(self, task: Task) -> Clock:
        """The working time ``task`` follows (see ``task_clock``)."""
        if task.duration_unit.elapsed:
            return ELAPSED
        calendar_id = task.calendar_id
        if calendar_id is None:
            calendar_id = self.portfolio.projects[task.project_id].calendar_id
        found = self._clocks.get(calendar_id)
        if found is None:
            found = self._clocks[calendar_id] = working_time(calendar_id, self.portfolio.calendars)
        return found


def share_until(amount: Decimal, start: int, finish: int, clock: Clock, moment: int) -> Decimal:
    """The part of ``amount`` spread over [start, finish] that has accrued by ``moment``.

    Absolute minutes throughout. A span with no working time (a milestone) accrues all
    of it at its finish.
    """
    if moment <= start:
        return amount if finish <= moment else ZERO
    if moment >= finish:
        return amount
    total = clock.between(start, finish)
    if total <= 0:
        return ZERO
    return amount * Decimal(clock.between(start, moment)) / Decimal(total)


def spread_by_month(
    amount: Decimal, start: datetime, finish: datetime, clock: Clock
) -> dict[Month, Decimal]:
    """``amount`` spread over the working minutes of [start, finish], per month."""
    if amount == ZERO:
        return {}
    begin, end = to_minutes(start), to_minutes(finish)
    if end <= begin or clock.between(begin, end) <= 0:
        return {month_of(finish.date()): amount}
    result: dict[Month, Decimal] = {}
    accrued = ZERO
    for month in months_from_to(month_of(start.date()), month_of(finish.date())):
        boundary = month_start(next_month(month)).toordinal() * MINUTES_PER_DAY
        if boundary >= end:
            upto = amount
        else:
            upto = share_until(amount, begin, end, clock, boundary).quantize(SPREAD_QUANTUM)
        if upto != accrued:
            result[month] = upto - accrued
        accrued = upto
    return result


def add_into(target: dict[Month, Decimal], more: dict[Month, Decimal]) -> None:
    """Add a month -> amount mapping into another (in place)."""
    for month, amount in more.items():
        target[month] = target.get(month, ZERO) + amount
