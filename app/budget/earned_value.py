"""Earned value against a chosen baseline (0-10) at a status date.

The usual definitions (PMBOK), per task and rolled up to the project:

* BAC = the baseline cost; PV = the part of BAC the baseline schedule had spread over
  working time up to the status date; EV = BAC x % complete; AC = actual cost booked
  (invoices, expenses, timesheets) dated on or before the status date.
* CV = EV - AC; SV = EV - PV; CPI = EV / AC; SPI = EV / PV.
* EAC by the method asked for, named in the result: ``BAC / CPI`` (default),
  ``AC + (BAC - EV) / (CPI x SPI)``, or ``AC + (BAC - EV)``; when the asked method is
  undefined (no actual cost yet, nothing earned) the last one is used and named.
* ETC = EAC - AC; VAC = BAC - EAC; TCPI = (BAC - EV) / (BAC - AC).

Ratios are None where their denominator is zero. EAC is computed in its algebraic form
(``BAC x AC / EV`` rather than ``BAC / (EV / AC)``) so it stays exact where it can.
A summary task's own baseline cost (its fixed cost) earns by the summary's % complete.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from app.budget.spread import TaskClocks, share_until
from app.gcpause import without_gc
from app.model.baseline import Baseline
from app.model.budget import LedgerEntry
from app.model.money import ZERO
from app.model.portfolio import Portfolio
from app.schedule.result import Schedule
from app.schedule.working_time import to_minutes

HUNDRED = Decimal(100)


class EacMethod(StrEnum):
    """How the estimate at completion is worked out; the value is the formula shown."""

    CPI = "BAC / CPI"
    CPI_SPI = "AC + (BAC - EV) / (CPI x SPI)"
    AT_PLAN = "AC + (BAC - EV)"


class StatusSource(StrEnum):
    """Where the status date came from."""

    GIVEN = "given"
    PROJECT = "project"
    TODAY = "today"


@dataclass(frozen=True, slots=True)
class Values:
    """BAC, PV, EV and AC of one task (or a roll-up)."""

    bac: Decimal = ZERO
    pv: Decimal = ZERO
    ev: Decimal = ZERO
    ac: Decimal = ZERO

    def __add__(self, more: Values) -> Values:
        return Values(self.bac + more.bac, self.pv + more.pv, self.ev + more.ev, self.ac + more.ac)


@dataclass(frozen=True, slots=True)
class EarnedValue:
    """The earned-value figures of a project (or task) at a status date."""

    project_id: int
    baseline: int
    status_date: datetime
    status_source: StatusSource
    values: Values
    method: EacMethod = EacMethod.CPI

    @property
    def bac(self) -> Decimal:
        """Budget at completion: the baseline cost."""
        return self.values.bac

    @property
    def pv(self) -> Decimal:
        """Planned value: what the baseline meant to have spent by the status date."""
        return self.values.pv

    @property
    def ev(self) -> Decimal:
        """Earned value: the baseline cost of the work done."""
        return self.values.ev

    @property
    def ac(self) -> Decimal:
        """Actual cost up to the status date."""
        return self.values.ac

    @property
    def cv(self) -> Decimal:
        """Cost variance EV - AC: negative = the work done cost more than planned."""
        return self.ev - self.ac

    @property
    def sv(self) -> Decimal:
        """Schedule variance EV - PV: negative = behind the baseline."""
        return self.ev - self.pv

    @property
    def cpi(self) -> Decimal | None:
        """Cost performance index EV / AC (None before any actual cost)."""
        return self.ev / self.ac if self.ac else None

    @property
    def spi(self) -> Decimal | None:
        """Schedule performance index EV / PV (None before anything was planned)."""
        return self.ev / self.pv if self.pv else None

    @property
    def eac_method(self) -> EacMethod:
        """The method actually used: the one asked for when it is defined here."""
        if self.method is EacMethod.CPI and self.ev and self.ac:
            return EacMethod.CPI
        if self.method is EacMethod.CPI_SPI and self.ev and self.ac and self.pv:
            return EacMethod.CPI_SPI
        return EacMethod.AT_PLAN

    @property
    def eac(self) -> Decimal:
        """Estimate at completion by ``eac_method``."""
        method = self.eac_method
        if method is EacMethod.CPI:
            return self.bac * self.ac / self.ev
        if method is EacMethod.CPI_SPI:
            return self.ac + (self.bac - self.ev) * self.ac * self.pv / (self.ev * self.ev)
        return self.ac + self.bac - self.ev

    @property
    def etc(self) -> Decimal:
        """Estimate to complete: EAC - AC."""
        return self.eac - self.ac

    @property
    def vac(self) -> Decimal:
        """Variance at completion: BAC - EAC (negative = expected overrun)."""
        return self.bac - self.eac

    @property
    def tcpi(self) -> Decimal | None:
        """To-complete performance index on BAC: (BAC - EV) / (BAC - AC)."""
        funds = self.bac - self.ac
        return (self.bac - self.ev) / funds if funds else None


# --- inputs -----------------------------------------------------------------------------------


def status_moment(
    portfolio: Portfolio, project_id: int, status: date | datetime | None = None
) -> tuple[datetime, StatusSource]:
    """The status date as a moment, and where it came from.

    A plain date means the end of that day; without one the project's status date is
    used, and without that today's end of day (as MS Project uses the current date).
    """
    if status is None:
        status = portfolio.projects[project_id].status_date
        source = StatusSource.PROJECT
        if status is None:
            status, source = date.today(), StatusSource.TODAY
    else:
        source = StatusSource.GIVEN
    if not isinstance(status, datetime):
        status = datetime.combine(status + timedelta(days=1), time())
    return status, source


def cutoff_date(moment: datetime) -> date:
    """The last date whose entries count by ``moment`` (midnight closes the day before)."""
    return (moment - timedelta(minutes=1)).date() if moment.time() == time() else moment.date()


def available_baselines(portfolio: Portfolio, project_id: int) -> list[int]:
    """Baseline numbers saved for any task of the project, ascending."""
    tasks = set(portfolio.project_task_ids(project_id))
    return sorted({n for (t, n) in portfolio.baselines if t in tasks})


def own_baselines(
    portfolio: Portfolio, project_id: int, number: int
) -> dict[int, tuple[Baseline, Decimal]]:
    """task id -> (its baseline, the baseline cost that is the task's own).

    A summary's baseline cost includes its subtasks'; only what is left (its own fixed
    cost) is its own, so nothing is counted twice.
    """
    tasks, baselines = portfolio.tasks, portfolio.baselines
    found: dict[int, Baseline] = {}
    below: dict[int, Decimal] = {}
    for task_id in portfolio.project_task_ids(project_id):
        baseline = baselines.get((task_id, number))
        if baseline is None:
            continue
        found[task_id] = baseline
        parent = tasks[task_id].parent_id
        if parent is not None:
            below[parent] = below.get(parent, ZERO) + baseline.cost
    return {t: (b, b.cost - below.get(t, ZERO)) for t, b in found.items()}


def actual_costs(
    entries: Iterable[LedgerEntry], until: date | None = None
) -> dict[int | None, Decimal]:
    """Actual cost per task (None = on no task), dated on or before ``until``."""
    costs: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
    for entry in entries:
        if entry.kind.is_commitment or (until is not None and entry.entry_date > until):
            continue
        costs[entry.task_id] += entry.amount
    return costs


# --- the figures ------------------------------------------------------------------------------


def planned_value(
    portfolio: Portfolio, baseline: Baseline, own: Decimal, moment: int, clocks: TaskClocks
) -> Decimal:
    """The part of a task's own baseline cost spread over working time up to ``moment``.

    A baseline without dates spreads nothing: its cost is planned at no known time.
    """
    if baseline.start is None or baseline.finish is None:
        return ZERO
    clock = clocks(portfolio.tasks[baseline.task_id])
    return share_until(own, to_minutes(baseline.start), to_minutes(baseline.finish), clock, moment)


def _percent(portfolio: Portfolio, schedule: Schedule, task_id: int) -> int:
    """Physical % complete: the task's own, or the engine's roll-up for a summary."""
    dates = schedule.tasks.get(task_id)
    if dates is not None and dates.summary:
        return dates.percent_complete
    return portfolio.tasks[task_id].percent_complete


@without_gc
def task_values(
    portfolio: Portfolio,
    schedule: Schedule,
    project_id: int,
    number: int,
    moment: datetime,
    entries: Iterable[LedgerEntry] | None = None,
) -> dict[int, Values]:
    """BAC, PV, EV and AC of every task, summaries including their subtasks."""
    if entries is None:
        entries = (e for e in portfolio.ledger.values() if e.project_id == project_id)
    actual = actual_costs(entries, cutoff_date(moment))
    at, clocks = to_minutes(moment), TaskClocks(portfolio)
    sums: dict[int, list[Decimal]] = {}
    for task_id, (baseline, cost) in own_baselines(portfolio, project_id, number).items():
        earned = cost * Decimal(_percent(portfolio, schedule, task_id)) / HUNDRED
        pv = planned_value(portfolio, baseline, cost, at, clocks)
        sums[task_id] = [cost, pv, earned, actual.get(task_id, ZERO)]
    result: dict[int, Values] = {}
    for task in reversed(list(portfolio.walk(project_id))):
        mine = sums.get(task.id) or [ZERO, ZERO, ZERO, actual.get(task.id, ZERO)]
        for child in portfolio.children(project_id, task.id):
            done = result[child]
            mine = [mine[0] + done.bac, mine[1] + done.pv, mine[2] + done.ev, mine[3] + done.ac]
        result[task.id] = Values(*mine)
    return result


@without_gc
def earned_value(
    portfolio: Portfolio,
    schedule: Schedule,
    project_id: int,
    status: date | datetime | None = None,
    baseline: int = 0,
    method: EacMethod = EacMethod.CPI,
    entries: Iterable[LedgerEntry] | None = None,
) -> EarnedValue:
    """The project's earned value against baseline ``baseline`` at the status date.

    AC is every actual cost of the project up to the status date, booked to a task or
    not; BAC, PV and EV come from the tasks that have the baseline.
    """
    moment, source = status_moment(portfolio, project_id, status)
    if entries is None:
        entries = [e for e in portfolio.ledger.values() if e.project_id == project_id]
    else:
        entries = list(entries)
    per_task = task_values(portfolio, schedule, project_id, baseline, moment, entries)
    top = [per_task[t] for t in portfolio.children(project_id, None)]
    planned = sum(top, Values())
    ac = sum(actual_costs(entries, cutoff_date(moment)).values(), ZERO)
    values = Values(planned.bac, planned.pv, planned.ev, ac)
    return EarnedValue(project_id, baseline, moment, source, values, method)


def task_earned_value(
    values: Mapping[int, Values],
    task_id: int,
    template: EarnedValue,
) -> EarnedValue:
    """One task's figures as an EarnedValue (same baseline, status date and method)."""
    return EarnedValue(
        template.project_id,
        template.baseline,
        template.status_date,
        template.status_source,
        values[task_id],
        template.method,
    )


def format_ratio(value: Decimal | None, places: int = 4) -> str | None:
    """An index (CPI, SPI, TCPI) as a decimal string, half-up to ``places`` (None stays)."""
    if value is None:
        return None
    return str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def default_baseline(portfolio: Portfolio, project_id: int) -> int | None:
    """Baseline 0 when saved (MS Project's "the" baseline), else the lowest saved one."""
    numbers = available_baselines(portfolio, project_id)
    return numbers[0] if numbers else None
