"""Charts: the data each Figure draws, and saving as PNG, SVG and PDF."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from app.budget.earned_value import earned_value
from app.budget.ledger import project_control
from app.budget.timephased import MonthRow, s_curve
from app.commands.budget import AddAccount, AddBudgetLine
from app.reports.figures import (
    budget_by_account_figure,
    cash_flow_figure,
    s_curve_figure,
    save_figure,
)
from app.schedule import schedule
from tests.app.budget.plans import HARDWARE, LABOUR, STATUS, ev_plan, invoice
from tests.builders import apply

D = Decimal


def lines_by_label(figure: Figure) -> dict[str, object]:
    (ax,) = figure.axes
    return {line.get_label(): line for line in ax.get_lines()}


def test_the_s_curve_draws_pv_ac_ev_and_the_status_date() -> None:
    plan = ev_plan()
    figure = s_curve_figure(s_curve(plan, schedule(plan), 1))
    lines = lines_by_label(figure)
    pv = lines["Planned value (PV)"]
    assert list(pv.get_xdata()) == [
        datetime(2026, 1, 5),
        STATUS,  # PV meets the status line at the value the EV figures report
        datetime(2026, 1, 12),
        datetime(2026, 1, 19),
    ]  # type: ignore[attr-defined]
    pv_at_status = earned_value(plan, schedule(plan), 1).pv
    assert list(pv.get_ydata()) == [0.0, float(pv_at_status), 4000.0, 6000.0]  # type: ignore[attr-defined]
    assert list(lines["Actual cost (AC)"].get_ydata()) == [0.0, 3500.0]  # type: ignore[attr-defined]
    ev = lines["Earned value (EV)"]
    assert list(ev.get_xdata()) == [STATUS] and list(ev.get_ydata()) == [3000.0]  # type: ignore[attr-defined]
    assert list(lines["Status date"].get_xdata()) == [STATUS, STATUS]  # type: ignore[attr-defined]
    assert list(lines["BAC"].get_ydata()) == [6000.0, 6000.0]  # type: ignore[attr-defined]
    assert figure.axes[0].get_ylabel() == "EUR"


def test_budget_actual_and_forecast_bars_per_account() -> None:
    plan = apply(
        ev_plan(),
        AddAccount(1, "6210", "Servers", parent_id=HARDWARE),
        AddBudgetLine(1, HARDWARE, D(5000), date(2026, 1, 2), task_id=2),
        AddBudgetLine(1, 8, D(250), date(2026, 1, 2)),
        AddBudgetLine(1, LABOUR, D(1500), date(2026, 1, 2), task_id=1),
        invoice("100", date(2026, 1, 7), account_id=8),
    )
    control = project_control(plan, 1)
    figure = budget_by_account_figure(plan, control)
    (ax,) = figure.axes
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[:3] == ["6100 Labour", "6200 Hardware", "  6210 Servers"]
    budget, actual, forecast = ax.containers
    heights = {
        name: [bar.get_height() for bar in bars]
        for name, bars in (("budget", budget), ("actual", actual), ("forecast", forecast))
    }
    # Labour: Design's line names it, so Design's 1000 plan and 1200 invoice land there.
    # Hardware: Build's line names it (plan 4000, invoices 2800), plus its sub-account
    # Servers (budget 250, invoice 100). Test has no line: its 1000 is on no account.
    labour, hardware, servers = 0, 1, 2
    assert heights["budget"][labour] == 1500 and heights["actual"][labour] == 1200
    assert heights["forecast"][labour] == 1200
    assert heights["budget"][hardware] == 5250 and heights["actual"][hardware] == 2900
    assert heights["forecast"][hardware] == 4100
    assert heights["budget"][servers] == 250 and heights["forecast"][servers] == 100
    assert labels[-1] == "(no account)"
    assert heights["forecast"][-1] == 1000  # Test's plan: no lines name its account


def test_cash_flow_bars_and_running_total() -> None:
    rows = [
        MonthRow("2026-01", D(0), D(0), D(0), D(0), D("84.40")),
        MonthRow("2026-02", D(0), D(0), D(0), D(0), D("1190.00")),
        MonthRow("2026-03", D(0), D(0), D(0), D(0), D("500")),
    ]
    figure = cash_flow_figure(rows, "EUR")
    (ax,) = figure.axes
    (bars,) = ax.containers
    assert [b.get_height() for b in bars] == [84.4, 1190.0, 500.0]
    (line,) = ax.get_lines()
    assert list(line.get_ydata()) == [84.4, 1274.4, 1774.4]


@pytest.mark.parametrize(
    ("suffix", "magic"), [(".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")]
)
def test_charts_save_as_png_svg_and_pdf(tmp_path: Path, suffix: str, magic: bytes) -> None:
    plan = ev_plan()
    figure = s_curve_figure(s_curve(plan, schedule(plan), 1))
    target = save_figure(figure, tmp_path / f"s-curve{suffix}")
    assert target.read_bytes().startswith(magic)


def test_other_formats_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"use \.png, \.svg, \.pdf"):
        save_figure(Figure(), tmp_path / "chart.jpg")
