"""Budget charts as matplotlib Figures: S-curve, budget by account, monthly cash flow.

Built with the object-oriented API on ``matplotlib.figure.Figure`` (never pyplot, which
keeps global state and may pick a GUI backend): the core stays free of Qt, the budget
tab embeds the same Figure in a canvas, and ``save_figure`` writes PNG, SVG or PDF.
Money stays Decimal up to here and becomes float only as it is handed to matplotlib.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import matplotlib.dates  # noqa: F401 - registers the converters for date axes
from matplotlib.figure import Figure

from app.budget.accounts import depth, tree_order
from app.budget.ledger import Control, account_label
from app.budget.timephased import MonthRow, SCurve, cumulative
from app.model.portfolio import Portfolio

#: Formats ``save_figure`` writes, by file suffix.
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
SIZE = (8.0, 4.5)


def _floats(amounts: Sequence[Decimal]) -> list[float]:
    """Decimal money to floats, for drawing only."""
    return [float(a) for a in amounts]


def s_curve_figure(curve: SCurve) -> Figure:
    """Cumulative PV and AC over time, EV at the status date, and the status date line."""
    figure = Figure(figsize=SIZE, layout="constrained")
    ax = figure.add_subplot()
    ax.plot(list(curve.dates), _floats(curve.pv), label="Planned value (PV)", color="tab:blue")
    ax.plot(list(curve.ac_dates), _floats(curve.ac), label="Actual cost (AC)", color="tab:red")
    status = curve.status_date
    ax.plot(
        [status],
        [float(curve.ev)],
        label="Earned value (EV)",
        color="tab:green",
        marker="D",
        linestyle="none",
    )
    ax.axvline(status, color="grey", linestyle="--", label="Status date")
    ax.axhline(float(curve.bac), color="tab:blue", linestyle=":", linewidth=1, label="BAC")
    ax.set_title(f"S-curve against baseline {curve.baseline}")
    ax.set_ylabel(curve.currency)
    ax.legend(loc="upper left")
    figure.autofmt_xdate()
    return figure


def budget_by_account_figure(portfolio: Portfolio, control: Control) -> Figure:
    """Budget, actual and forecast side by side for every account (sub-accounts indented)."""
    accounts = dict(portfolio.accounts)
    mine = (a for a in accounts.values() if a.project_id == control.project_id)
    rows: list[tuple[int | None, str]] = [
        (a.id, "  " * depth(accounts, a.id) + account_label(portfolio, a.id))
        for a in tree_order(mine)
    ]
    if None in control.by_account:
        rows.append((None, account_label(portfolio, None)))
    figures = [control.by_account.get(account_id) for account_id, _ in rows]
    positions = list(range(len(rows)))
    width = 0.27
    figure = Figure(figsize=SIZE, layout="constrained")
    ax = figure.add_subplot()
    bars = ((-1, "budget", "tab:blue"), (0, "actual", "tab:red"), (1, "forecast", "tab:orange"))
    for offset, name, colour in bars:
        heights = [getattr(f, name) if f is not None else Decimal(0) for f in figures]
        ax.bar(
            [p + offset * width for p in positions],
            _floats(heights),
            width,
            label=name.capitalize(),
            color=colour,
        )
    ax.set_xticks(positions, [label for _, label in rows], rotation=30, ha="right")
    ax.set_ylabel(control.currency)
    ax.set_title("Budget, actual and forecast by account")
    ax.legend()
    return figure


def cash_flow_figure(rows: Sequence[MonthRow], currency: str) -> Figure:
    """Cash out per month (bars, gross) with its running total (line)."""
    months = [r.month for r in rows]
    monthly = {r.month: r.cash_out for r in rows}
    figure = Figure(figsize=SIZE, layout="constrained")
    ax = figure.add_subplot()
    ax.bar(months, _floats([monthly[m] for m in months]), label="Cash out", color="tab:purple")
    ax.plot(
        months,
        _floats(cumulative(monthly, months)),
        label="Cumulative",
        color="black",
        marker="o",
    )
    ax.set_ylabel(currency)
    ax.set_title("Monthly cash flow (invoices and expenses by due date)")
    ax.tick_params(axis="x", labelrotation=45)
    ax.legend(loc="upper left")
    return figure


def save_figure(figure: Figure, path: Path | str) -> Path:
    """Write a figure as PNG, SVG or PDF, chosen by the file's suffix.

    Raises:
        ValueError: for any other suffix, naming the ones that work.
    """
    target = Path(path)
    kind = FORMATS.get(target.suffix.lower())
    if kind is None:
        known = ", ".join(FORMATS)
        raise ValueError(f"cannot save a chart as {target.suffix or 'no suffix'!r}; use {known}")
    figure.savefig(target, format=kind)
    return target
