"""The budget benchmark runs end to end on a small synthetic portfolio."""

from __future__ import annotations

from benchmarks.bench_budget import prepare, run


def test_records_have_the_runner_shape() -> None:
    records = run([300])
    names = {r["name"] for r in records}
    assert "budget_and_ev_300" in names and "earned_value_300" in names
    assert all(set(r) == {"name", "value", "unit"} for r in records)
    assert all(r["unit"] == "s" and r["value"] >= 0 for r in records)


def test_the_synthetic_money_side_is_consistent() -> None:
    portfolio, _ = prepare(300)
    assert len(portfolio.ledger) == 600
    for entry in portfolio.ledger.values():
        if entry.settles_id is not None:
            order = portfolio.ledger[entry.settles_id]
            assert order.supplier_id == entry.supplier_id
            assert order.project_id == entry.project_id
