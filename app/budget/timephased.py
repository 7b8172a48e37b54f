"""Time-phased money by month: budget, planned, baseline (PV), actual and cash out.

* planned: today's plan, each task's cost spread over its scheduled working time (cost
  per use falls in the month work starts);
* baseline: the chosen baseline's cost spread over the baseline dates (the PV curve);
* actual: invoices, expenses and timesheet costs by their entry date (net of tax);
* cash out: invoices and expenses, gross (net + tax), in the month they fall due: their
  due date, else entry date + the supplier's payment terms (no supplier: the entry
  date). Timesheet costs are payroll, not supplier payments, and orders are not paid;
* budget: budget lines that name a month (lines without one are not time-phased).

Every series is a ``{"YYYY-MM": Decimal}``; ``monthly`` puts them side by side for
every month from the first to the last that has money, gaps filled with zero.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from app.budget.costing import own_costs
from app.budget.earned_value import cutoff_date, earned_value, own_baselines
from app.budget.spread import (
    Month,
    TaskClocks,
    add_into,
    month_of,
    month_start,
    months_from_to,
    next_month,
    share_until,
    spread_by_month,
)
from app.gcpause import without_gc
from app.model.budget import EntryKind, LedgerEntry
from app.model.money import ZERO
from app.model.portfolio import Portfolio
from app.schedule.result import Schedule
from app.schedule.working_time import to_minutes

Series = dict[Month, Decimal]

#: Entry kinds that are paid out to someone (orders are not payments; timesheets payroll).
CASH_KINDS = frozenset({EntryKind.INVOICE, EntryKind.EXPENSE})


def _project_entries(portfolio: Portfolio, project_id: int) -> list[LedgerEntry]:
    return [e for e in portfolio.ledger.values() if e.project_id == project_id]


def planned_by_month(portfolio: Portfolio, schedule: Schedule, project_id: int) -> Series:
    """Planned cost per month as the schedule spreads each task's work."""
    series: Series = {}
    clocks = TaskClocks(portfolio)
    for task_id, parts in own_costs(portfolio, project_id).items():
        dates = schedule.tasks.get(task_id)
        if dates is None or parts.total == ZERO:
            continue
        clock = clocks(portfolio.tasks[task_id])
        spread = spread_by_month(parts.total - parts.at_start, dates.start, dates.finish, clock)
        add_into(series, spread)
        if parts.at_start:
            add_into(series, {month_of(dates.start.date()): parts.at_start})
    return series


def baseline_by_month(portfolio: Portfolio, project_id: int, number: int = 0) -> Series:
    """Baseline ``number``'s cost per month over the baseline dates (PV by month)."""
    series: Series = {}
    clocks = TaskClocks(portfolio)
    for task_id, (baseline, own) in own_baselines(portfolio, project_id, number).items():
        if baseline.start is None or baseline.finish is None or own == ZERO:
            continue
        clock = clocks(portfolio.tasks[task_id])
        add_into(series, spread_by_month(own, baseline.start, baseline.finish, clock))
    return series


def actual_by_month(entries: Iterable[LedgerEntry], until: date | None = None) -> Series:
    """Actual cost (net) per month of entry date, up to ``until`` when given."""
    series: Series = {}
    for entry in entries:
        if entry.kind.is_commitment or (until is not None and entry.entry_date > until):
            continue
        month = month_of(entry.entry_date)
        series[month] = series.get(month, ZERO) + entry.amount
    return series


def due_date(portfolio: Portfolio, entry: LedgerEntry) -> date:
    """When an entry is paid: its due date, else entry date + the supplier's terms."""
    if entry.due_date is not None:
        return entry.due_date
    supplier = portfolio.suppliers.get(entry.supplier_id) if entry.supplier_id else None
    terms = supplier.payment_terms_days if supplier is not None else 0
    return entry.entry_date + timedelta(days=terms)


def cash_out_by_month(portfolio: Portfolio, entries: Iterable[LedgerEntry]) -> Series:
    """Cash paid out (net + tax) per month of due date, from invoices and expenses."""
    series: Series = {}
    for entry in entries:
        if entry.kind not in CASH_KINDS:
            continue
        month = month_of(due_date(portfolio, entry))
        series[month] = series.get(month, ZERO) + entry.amount + entry.tax
    return series


def budget_by_month(portfolio: Portfolio, project_id: int) -> Series:
    """Budget lines that name a month, per month (every revision counts)."""
    series: Series = {}
    for line in portfolio.budget_lines.values():
        if line.project_id == project_id and line.period:
            series[line.period] = series.get(line.period, ZERO) + line.amount
    return series


@dataclass(frozen=True, slots=True)
class MonthRow:
    """One month of a project's money (net except ``cash_out``, which is gross)."""

    month: Month
    budget: Decimal
    planned: Decimal
    baseline: Decimal
    actual: Decimal
    cash_out: Decimal


@without_gc
def monthly(
    portfolio: Portfolio, schedule: Schedule, project_id: int, baseline: int = 0
) -> list[MonthRow]:
    """Every series side by side, one row per month from the first month with money."""
    entries = _project_entries(portfolio, project_id)
    series = {
        "budget": budget_by_month(portfolio, project_id),
        "planned": planned_by_month(portfolio, schedule, project_id),
        "baseline": baseline_by_month(portfolio, project_id, baseline),
        "actual": actual_by_month(entries),
        "cash_out": cash_out_by_month(portfolio, entries),
    }
    months = span_of(series.values())
    return [
        MonthRow(month, **{name: values.get(month, ZERO) for name, values in series.items()})
        for month in months
    ]


def span_of(series: Iterable[Mapping[Month, Decimal]]) -> list[Month]:
    """Every month from the earliest to the latest key of any series."""
    keys = [m for s in series for m in s]
    return months_from_to(min(keys), max(keys)) if keys else []


def cumulative(series: Mapping[Month, Decimal], months: Iterable[Month]) -> list[Decimal]:
    """Running totals of ``series`` over ``months``."""
    total, result = ZERO, []
    for month in months:
        total += series.get(month, ZERO)
        result.append(total)
    return result


# --- the S-curve ------------------------------------------------------------------------------

#: Projects spanning up to this many days get a weekly S-curve, longer ones a monthly one.
WEEKLY_UP_TO_DAYS = 183


@dataclass(frozen=True)
class SCurve:
    """Cumulative PV, AC and EV for the S-curve chart.

    ``dates`` is a grid of week starts (short projects) or month starts (long ones)
    covering the baseline and the status date; PV is cumulative at each. AC is
    cumulative at the grid dates up to the status date, whose own point ends the line.
    EV is known only at the status date (Plansmith keeps no history of % complete), so
    it is one point.
    """

    project_id: int
    baseline: int
    currency: str
    status_date: datetime
    dates: tuple[datetime, ...]
    pv: tuple[Decimal, ...]
    ac_dates: tuple[datetime, ...]
    ac: tuple[Decimal, ...]
    ev: Decimal
    bac: Decimal


def grid(first: date, last: date) -> list[datetime]:
    """Midnights of week starts (Mondays) or month starts from before ``first`` to after
    ``last``: weekly up to half a year, monthly beyond."""
    if (last - first).days <= WEEKLY_UP_TO_DAYS:
        monday = first - timedelta(days=first.weekday())
        count = (last - monday).days // 7 + 2
        return [datetime.combine(monday + timedelta(weeks=n), time()) for n in range(count)]
    months = months_from_to(month_of(first), next_month(month_of(last)))
    return [datetime.combine(month_start(m), time()) for m in months]


def planned_values(
    portfolio: Portfolio, project_id: int, number: int, moments: list[datetime]
) -> list[Decimal]:
    """Cumulative PV of baseline ``number`` at each of ``moments`` (ascending).

    Each task only computes the moments inside its own span; before it nothing, after
    it all of its cost, so the cost stays about one pass over the tasks.
    """
    marks = [to_minutes(m) for m in moments]
    inside = [ZERO] * len(marks)
    full_from = [ZERO] * (len(marks) + 1)
    clocks = TaskClocks(portfolio)
    for task_id, (baseline, own) in own_baselines(portfolio, project_id, number).items():
        if baseline.start is None or baseline.finish is None or own == ZERO:
            continue
        begin, end = to_minutes(baseline.start), to_minutes(baseline.finish)
        first, done = bisect_right(marks, begin), bisect_left(marks, end)
        clock = clocks(portfolio.tasks[task_id])
        for index in range(first, done):
            inside[index] += share_until(own, begin, end, clock, marks[index])
        full_from[done] += own
    result, running = [], ZERO
    for index in range(len(marks)):
        running += full_from[index]
        result.append(running + inside[index])
    return result


def actual_values(entries: Iterable[LedgerEntry], moments: list[datetime]) -> list[Decimal]:
    """Cumulative actual cost at each moment (entries count from their date's end)."""
    days = [cutoff_date(m) for m in moments]
    by_day: dict[date, Decimal] = {}
    for entry in entries:
        if not entry.kind.is_commitment:
            by_day[entry.entry_date] = by_day.get(entry.entry_date, ZERO) + entry.amount
    ordered = sorted(by_day.items())
    result, running, index = [], ZERO, 0
    for day in days:
        while index < len(ordered) and ordered[index][0] <= day:
            running += ordered[index][1]
            index += 1
        result.append(running)
    return result


@without_gc
def s_curve(
    portfolio: Portfolio,
    schedule: Schedule,
    project_id: int,
    status: date | datetime | None = None,
    baseline: int = 0,
) -> SCurve:
    """The data of the S-curve: cumulative PV and AC over time, EV at the status date."""
    value = earned_value(portfolio, schedule, project_id, status, baseline)
    entries = _project_entries(portfolio, project_id)
    status_day = cutoff_date(value.status_date)
    days = [status_day, *(e.entry_date for e in entries if not e.kind.is_commitment)]
    for baseline_, _ in own_baselines(portfolio, project_id, baseline).values():
        days += [d.date() for d in (baseline_.start, baseline_.finish) if d is not None]
    # The status date is a point of the PV line too, so PV and EV meet the status line
    # at the values the EV figures report, not at a month boundary near it.
    dates = sorted({*grid(min(days), max(days)), value.status_date})
    ac_dates = [d for d in dates if d < value.status_date] + [value.status_date]
    return SCurve(
        project_id=project_id,
        baseline=baseline,
        currency=portfolio.projects[project_id].currency,
        status_date=value.status_date,
        dates=tuple(dates),
        pv=tuple(planned_values(portfolio, project_id, baseline, dates)),
        ac_dates=tuple(ac_dates),
        ac=tuple(actual_values(entries, ac_dates)),
        ev=value.ev,
        bac=value.bac,
    )
