"""Earned value and the charts of the Budget tab, on a plan with two saved baselines."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from pytestqt.qtbot import QtBot

from app.commands import Batch, EditProject, EditTask
from app.commands.base import updated
from app.commands.budget import AddBudgetLine, AddLedgerEntry
from app.model.baseline import Baseline
from app.model.budget import EntryKind
from app.schedule.result import Schedule
from app.store import Store
from tests.widgets.budget.conftest import budget_plan
from tests.widgets.budget.helpers import budget_tab, open_window, pick, problem
from widgets.budget.charts_panel import Chart, ChartsPanel

DESIGN = 1  # task 1 "Design": 3 days from Mon 2026-01-05
STATUS = datetime(2026, 1, 9, 17, 0)


@pytest.fixture
def value_file(tmp_path: Path) -> Path:
    """Design half done, baselined at 1000 (baseline 0) and 2000 (baseline 2), 600 spent."""
    plan = budget_plan()
    start, finish = datetime(2026, 1, 5, 8), datetime(2026, 1, 7, 17)
    baselines = {
        (DESIGN, 0): Baseline(DESIGN, 0, start, finish, cost=Decimal(1000)),
        (DESIGN, 2): Baseline(DESIGN, 2, start, finish, cost=Decimal(2000)),
    }
    plan = Batch(
        (
            EditTask((DESIGN,), {"percent_complete": 50}),
            EditProject(1, {"status_date": STATUS}),
            AddLedgerEntry(1, EntryKind.EXPENSE, date(2026, 1, 6), Decimal(600), {"task_id": 1}),
        )
    ).apply(updated(plan, baselines=baselines), Schedule())
    path = tmp_path / "value.plansmith"
    Store.create(path, plan).close()
    return path


def test_earned_value_panel_against_each_baseline_and_method(
    qtbot: QtBot, value_file: Path
) -> None:
    window = open_window(qtbot, value_file)
    panel = budget_tab(qtbot, window, "Earned Value").earned_value
    assert [panel.baseline.itemText(i) for i in range(panel.baseline.count())] == [
        "Baseline 0",
        "Baseline 2",
    ]
    assert "2026-01-09 17:00" in panel.status.text()
    assert "status date" in panel.status.text()
    shown = {key: label.text() for key, label in panel.values.items()}
    assert shown == {
        "bac": "1000.00 EUR",
        "pv": "1000.00 EUR",
        "ev": "500.00 EUR",
        "ac": "600.00 EUR",
        "cv": "-100.00 EUR",
        "sv": "-500.00 EUR",
        "cpi": "0.83",
        "spi": "0.50",
        "eac": "1200.00 EUR",
        "etc": "600.00 EUR",
        "vac": "-200.00 EUR",
        "tcpi": "1.25",
    }
    assert panel.names["eac"].text() == "<b>EAC</b> = BAC / CPI"

    pick(panel.method, "AC + (BAC - EV) / (CPI x SPI)")
    assert panel.names["eac"].text() == "<b>EAC</b> = AC + (BAC - EV) / (CPI x SPI)"
    assert panel.values["eac"].text() == "1800.00 EUR"  # 600 + 500 / (0.8333 x 0.5)

    pick(panel.method, "BAC / CPI")
    pick(panel.baseline, "Baseline 2")
    assert panel.values["bac"].text() == "2000.00 EUR"
    assert panel.values["ev"].text() == "1000.00 EUR"
    assert panel.values["cpi"].text() == "1.67"
    assert panel.note.text() == ""


def test_no_baseline_says_so_and_shows_only_actual_cost(qtbot: QtBot, budget_file: Path) -> None:
    window = open_window(qtbot, budget_file)
    panel = budget_tab(qtbot, window, "Earned Value").earned_value
    assert not panel.baseline.isEnabled()
    assert "No baseline is saved" in panel.note.text()
    assert panel.values["ac"].text() == "0.00 EUR"
    assert panel.values["eac"].text() == panel.values["cpi"].text() == "—"


def bar_heights(panel: ChartsPanel) -> list[float]:
    assert panel.figure is not None
    return sorted(round(p.get_height(), 2) for p in panel.figure.axes[0].patches)


def test_charts_follow_the_data_and_save_as_png_svg_pdf(
    qtbot: QtBot, value_file: Path, tmp_path: Path
) -> None:
    window = open_window(qtbot, value_file)
    view = budget_tab(qtbot, window, "Charts")
    panel = view.charts
    assert panel.chart is Chart.S_CURVE
    assert isinstance(panel.canvas, FigureCanvasQTAgg) and panel.canvas.figure is panel.figure
    assert panel.figure is not None
    assert panel.figure.axes[0].get_title() == "S-curve against baseline 0"

    pick(panel.chooser, Chart.BY_ACCOUNT.value)
    assert 5000.0 not in bar_heights(panel)
    cloud = next(a.id for a in window.document.portfolio.accounts.values() if a.code == "6400")
    assert window.perform(AddBudgetLine(1, cloud, Decimal(5000), date(2026, 1, 5)))
    assert 5000.0 in bar_heights(panel)  # redrawn from the new data, on screen
    assert panel.canvas.figure is panel.figure

    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")):
        target = tmp_path / f"accounts{suffix}"
        assert panel.save_chart(target)
        assert target.read_bytes().startswith(magic)
    assert "Saved the chart as" in window.statusBar().currentMessage()

    pick(panel.chooser, Chart.CASH_FLOW.value)
    assert panel.figure.axes[0].get_title().startswith("Monthly cash flow")
    assert not panel.save_chart(tmp_path / "flow.txt")
    assert "use .png, .svg, .pdf" in problem(qtbot, window)
    assert not (tmp_path / "flow.txt").exists()

    pick(panel.chooser, Chart.S_CURVE.value)
    budget_tab(qtbot, window, "Earned Value")
    pick(view.earned_value.baseline, "Baseline 2")  # the S-curve follows the chosen baseline
    budget_tab(qtbot, window, "Charts")
    assert panel.figure.axes[0].get_title() == "S-curve against baseline 2"
