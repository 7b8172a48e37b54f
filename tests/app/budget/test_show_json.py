"""``plansmith show --json``: the ``budget`` and ``earned_value`` objects from a real file."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.cli import main
from app.commands.budget import SetApprovedBudget
from app.store import Store
from tests.app.budget.plans import ev_plan, order, three_tasks
from tests.builders import apply

D = Decimal


def show(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["show", str(path), "--json"]) == 0
    (project,) = json.loads(capsys.readouterr().out)["projects"]
    return project


def test_budget_and_earned_value_objects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = apply(
        ev_plan(),
        SetApprovedBudget(1, D(6500)),
        order("1000.125", date(2026, 1, 8), 3),  # half a cent: rounds up when shown
    )
    path = tmp_path / "plan.plansmith"
    Store.create(path, plan).close()
    project = show(path, capsys)
    # Forecast per task: Design max(1000, 1200), Build max(4000, 2800), Test
    # max(1000, 1000.125 ordered) = 6200.125; variance 6500 - 6200.125 = 299.875.
    assert project["budget"] == {
        "budget": "6500.00",
        "committed": "1000.13",
        "actual": "4000.00",
        "forecast": "6200.13",
        "variance": "299.88",
    }
    assert project["earned_value"] == {
        "status_date": "2026-01-09T17:00:00",
        "status_date_source": "project",
        "baseline": 0,
        "eac_method": "BAC / CPI",
        "bac": "6000.00",
        "pv": "4000.00",
        "ev": "3000.00",
        "ac": "3500.00",
        "cv": "-500.00",
        "sv": "-1000.00",
        "cpi": "0.8571",
        "spi": "0.7500",
        "eac": "7000.00",
        "etc": "3500.00",
        "vac": "-1000.00",
        "tcpi": "1.2000",
    }


def test_without_a_baseline_earned_value_is_null(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.plansmith"
    Store.create(path, three_tasks()).close()
    earned = show(path, capsys)["earned_value"]
    assert earned["baseline"] is None and earned["status_date"] is None  # type: ignore[index]
    assert earned["pv"] is None and earned["cpi"] is None  # type: ignore[index]
    assert {"pv", "ev", "ac", "cv", "sv", "cpi", "spi", "eac", "etc", "vac", "tcpi"} <= set(
        earned  # type: ignore[arg-type]
    )


def test_a_currency_without_cents_shows_whole_units(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dataclasses import replace

    from app.commands.base import updated

    plan = apply(three_tasks(), order("1000.5", date(2026, 1, 8), 3))
    plan = updated(plan, projects={1: replace(plan.projects[1], currency="JPY", currency_digits=0)})
    path = tmp_path / "plan.plansmith"
    Store.create(path, plan).close()
    assert show(path, capsys)["budget"]["committed"] == "1001"  # type: ignore[index]
