"""The synthetic generator must give the plan shape the benchmarks claim to measure."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from app.model import ConstraintKind, Portfolio, ResourceType
from app.store import Store
from benchmarks import run as runner
from benchmarks.synthetic import make_portfolio, write_synthetic

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def small() -> Portfolio:
    return make_portfolio(1000)


def _order(portfolio: Portfolio) -> dict[int, tuple[int, int]]:
    """Task id -> (project position, row): the order links must always go forward in."""
    return {
        t: (portfolio.projects[portfolio.tasks[t].project_id].position, portfolio.row_number(t))
        for t in portfolio.tasks
    }


def test_exact_task_count_and_about_one_and_a_half_links_per_task(small: Portfolio) -> None:
    assert len(small.tasks) == 1000
    assert 1.4 <= len(small.links) / len(small.tasks) <= 1.6


def test_every_link_goes_forward_in_row_order(small: Portfolio) -> None:
    order = _order(small)
    backward = [
        link
        for link in small.links.values()
        if order[link.predecessor_id] >= order[link.successor_id]
    ]
    assert not backward


def test_no_duplicate_pairs_and_no_summary_to_own_subtask(small: Portfolio) -> None:
    pairs = [(link.predecessor_id, link.successor_id) for link in small.links.values()]
    assert len(pairs) == len(set(pairs))
    for link in small.links.values():
        assert link.successor_id not in small.descendants(link.predecessor_id)


def test_links_of_every_kind_with_lags_and_leads(small: Portfolio) -> None:
    kinds = Counter(link.kind.value for link in small.links.values())
    assert set(kinds) == {"FS", "SS", "FF", "SF"}
    assert kinds["FS"] > len(small.links) / 2
    assert any(link.lag_minutes > 0 for link in small.links.values())
    assert any(link.lag_minutes < 0 for link in small.links.values())
    assert any(link.percent_lag for link in small.links.values())


def test_wbs_is_three_to_four_levels_deep(small: Portfolio) -> None:
    levels = Counter(small.outline_level(t) for t in small.tasks)
    assert max(levels) in (3, 4)
    assert levels[3] > 100
    assert sum(1 for t in small.tasks if small.is_summary(t)) > 50
    assert any(t.milestone for t in small.tasks.values())


def test_constraints_calendars_and_resources(small: Portfolio) -> None:
    constraints = {t.constraint for t in small.tasks.values()}
    assert {
        ConstraintKind.START_NO_EARLIER_THAN,
        ConstraintKind.FINISH_NO_LATER_THAN,
        ConstraintKind.MUST_START_ON,
    } <= constraints
    assert all(t.constraint_date for t in small.tasks.values() if t.constraint.needs_date)
    assert len({t.calendar_id for t in small.tasks.values()}) >= 3  # None, 4x10, 24h
    assert any(e for c in small.calendars.values() for e in c.exceptions if not e.working)
    people = [r for r in small.resources.values() if r.type is ResourceType.WORK]
    assert len(people) == 10
    assert {r.type for r in small.resources.values()} == set(ResourceType)
    assert len(small.assignments) > 500


def test_generation_is_deterministic_per_seed(small: Portfolio) -> None:
    assert make_portfolio(1000) == small
    assert make_portfolio(1000, seed=2) != small


def test_large_sizes_split_into_projects_of_10k() -> None:
    portfolio = make_portfolio(25_000)
    sizes = sorted(len(portfolio.project_task_ids(p)) for p in portfolio.projects)
    assert sizes == [5000, 10_000, 10_000]


@pytest.mark.slow
def test_50k_generates_in_a_few_seconds() -> None:
    started = time.perf_counter()
    portfolio = make_portfolio(50_000)
    assert time.perf_counter() - started < 8
    assert len(portfolio.tasks) == 50_000


def test_synthetic_schedules_without_a_loop(small: Portfolio) -> None:
    schedule_module = pytest.importorskip("app.schedule")
    result = schedule_module.schedule(small)
    assert set(result.tasks) == set(small.tasks)


def test_write_synthetic_round_trips(tmp_path: Path, small: Portfolio) -> None:
    path = write_synthetic(tmp_path / "s.plansmith", 1000)
    with Store.open(path, read_only=True) as store:
        assert store.load() == small


def test_parse_sizes() -> None:
    assert runner.parse_sizes("1000,10k") == [1000, 10_000]
    with pytest.raises(Exception, match="not a size"):
        runner.parse_sizes("1000,lots")


def test_discover_finds_store_and_refuses_unknown() -> None:
    assert "store" in runner.discover()
    assert runner.discover("bench_store") == ["store"]
    with pytest.raises(SystemExit, match="no benchmark"):
        runner.discover("nonesuch")


def test_run_prints_json_lines_for_store() -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--sizes", "1000", "--only", "store"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    figures = [json.loads(line) for line in done.stdout.splitlines()]
    assert figures and all(set(f) == {"name", "value", "unit"} for f in figures)
    assert all(isinstance(f["value"], int | float) for f in figures)
    names = {f["name"] for f in figures}
    assert {"store_generate_1k", "store_create_1k", "store_load_1k", "store_file_size_1k"} <= names
    assert all(f["value"] > 0 for f in figures if f["unit"] == "s")
