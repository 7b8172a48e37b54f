"""The demo portfolio must show every feature, store losslessly and schedule cleanly."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app import demo
from app.budget.accounts import STANDARD_CHART
from app.budget.ledger import budget_summary
from app.model import (
    EntryKind,
    EntryStatus,
    LinkKind,
    Portfolio,
    ResourceType,
)
from app.store import Store, StoreError


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return demo.build_demo()


def _project(portfolio: Portfolio, word: str) -> int:
    return next(p.id for p in portfolio.projects.values() if word in p.name)


def test_build_is_deterministic(portfolio: Portfolio) -> None:
    assert demo.build_demo() == portfolio


def test_three_projects_of_40_to_120_tasks_starting_2026(portfolio: Portfolio) -> None:
    names = sorted(p.name for p in portfolio.projects.values())
    assert names == ["Customer portal relaunch", "ERP roll-out", "Network and server upgrade"]
    for project in portfolio.projects.values():
        assert 40 <= len(portfolio.project_task_ids(project.id)) <= 120, project.name
        assert project.start.year == 2026
        assert project.status_date == datetime(2026, 11, 20, 17, 0)
        assert project.calendar_id == demo.STANDARD_CALENDAR


def test_outline_has_phases_milestones_and_deliverables(portfolio: Portfolio) -> None:
    for project_id in portfolio.projects:
        ids = portfolio.project_task_ids(project_id)
        levels = {portfolio.outline_level(t) for t in ids}
        assert {1, 2, 3} <= levels
        tasks = [portfolio.tasks[t] for t in ids]
        milestones = [t for t in tasks if t.milestone]
        assert milestones and all(t.duration_minutes == 0 for t in milestones)
        assert any(t.deliverable for t in tasks)
        assert any(portfolio.is_summary(t) for t in ids)


def test_links_of_all_kinds_with_lags_and_leads(portfolio: Portfolio) -> None:
    links = list(portfolio.links.values())
    assert set(Counter(link.kind for link in links)) == set(LinkKind)
    assert any(link.lag_minutes > 0 for link in links)
    assert any(link.lag_minutes < 0 for link in links)
    assert any(link.percent_lag for link in links)
    assert any(link.lag_unit.elapsed for link in links)
    pairs = [(link.predecessor_id, link.successor_id) for link in links]
    assert len(pairs) == len(set(pairs))
    crossing = [
        link
        for link in links
        if portfolio.tasks[link.predecessor_id].project_id
        != portfolio.tasks[link.successor_id].project_id
    ]
    assert crossing, "the portal's ERP integration depends on the ERP interfaces"


def test_no_link_joins_a_summary_and_its_own_subtask(portfolio: Portfolio) -> None:
    for link in portfolio.links.values():
        assert link.successor_id not in portfolio.descendants(link.predecessor_id)
        assert link.predecessor_id not in portfolio.descendants(link.successor_id)


def test_holiday_calendar_and_part_time_resource(portfolio: Portfolio) -> None:
    standard = portfolio.calendars[demo.STANDARD_CALENDAR]
    holidays = [e for e in standard.exceptions if not e.working]
    assert any(e.start.month == 12 and e.start.day == 24 for e in holidays)
    assert standard.week[0] == ((480, 720), (780, 1020))
    part_time = [r for r in portfolio.resources.values() if r.calendar_id is not None]
    assert len(part_time) == 1
    calendar = portfolio.calendars[part_time[0].calendar_id or 0]
    assert calendar.base_id == demo.STANDARD_CALENDAR
    assert calendar.week[3] == () and calendar.week[0] is None


def test_resources_of_every_type_with_decimal_rates(portfolio: Portfolio) -> None:
    resources = list(portfolio.resources.values())
    assert {r.type for r in resources} == set(ResourceType)
    for resource in resources:
        assert isinstance(resource.standard_rate, Decimal)
        if resource.type is not ResourceType.COST:
            assert resource.standard_rate > 0, resource.name
    contractors = [r for r in resources if r.supplier_id is not None]
    assert contractors and all(r.supplier_id in portfolio.suppliers for r in contractors)
    assert len(portfolio.suppliers) >= 2


def test_assignments_work_is_duration_times_units(portfolio: Portfolio) -> None:
    for assignment in portfolio.assignments.values():
        resource = portfolio.resources[assignment.resource_id]
        task = portfolio.tasks[assignment.task_id]
        if resource.type is ResourceType.WORK:
            assert assignment.work_minutes == round(task.duration_minutes * assignment.units)
        if resource.type is ResourceType.COST:
            assert isinstance(assignment.cost, Decimal) and assignment.cost > 0
    assert not any(portfolio.is_summary(a.task_id) for a in portfolio.assignments.values())


def test_accounts_per_project_with_finance_codes(portfolio: Portfolio) -> None:
    wanted = {
        "Labour",
        "Hardware",
        "Software licences",
        "Cloud services",
        "External services",
        "Travel",
        "Contingency",
    }
    for project_id in portfolio.projects:
        accounts = [a for a in portfolio.accounts.values() if a.project_id == project_id]
        assert wanted <= {a.name for a in accounts}
        codes = [a.code for a in accounts]
        assert len(codes) == len(set(codes))
        assert {row.code for row in STANDARD_CHART} <= set(codes)
        assert any(a.parent_id is not None for a in accounts), "charts nest"


def test_budget_lines_are_decimal_and_revised(portfolio: Portfolio) -> None:
    lines = list(portfolio.budget_lines.values())
    assert all(isinstance(line.amount, Decimal) for line in lines)
    assert any(line.amount < 0 for line in lines), "a revision moves contingency"
    for project in portfolio.projects.values():
        total = sum((line.amount for line in lines if line.project_id == project.id), Decimal(0))
        assert total == project.approved_budget, project.name


def test_invoices_settle_orders_with_tax_and_statuses(portfolio: Portfolio) -> None:
    entries = list(portfolio.ledger.values())
    assert {e.kind for e in entries} >= {EntryKind.PURCHASE_ORDER, EntryKind.INVOICE}
    assert {e.status for e in entries} == set(EntryStatus)
    settling = [e for e in entries if e.settles_id is not None]
    assert len(settling) >= 3
    for invoice in settling:
        order = portfolio.ledger[invoice.settles_id or 0]
        assert invoice.kind is EntryKind.INVOICE
        assert order.kind is EntryKind.PURCHASE_ORDER
        assert order.project_id == invoice.project_id
        assert invoice.entry_date >= order.entry_date
    for entry in entries:
        assert isinstance(entry.amount, Decimal) and isinstance(entry.tax, Decimal)
        assert entry.tax == (entry.amount * Decimal("0.19")).quantize(Decimal("0.01"))


def test_progress_up_to_the_status_date(portfolio: Portfolio) -> None:
    started = [t for t in portfolio.tasks.values() if t.actual_start is not None]
    assert len(started) >= 10
    assert any(t.percent_complete == 100 for t in started)
    assert any(0 < t.percent_complete < 100 for t in started)
    for task in started:
        status = portfolio.projects[task.project_id].status_date
        assert status is not None and task.actual_start <= status
        if task.percent_complete == 100:
            assert task.actual_finish is not None and task.actual_finish <= status
        else:
            assert task.actual_finish is None


def test_exactly_one_project_is_over_budget(portfolio: Portfolio) -> None:
    variances = {
        portfolio.projects[p].name: budget_summary(portfolio, p).variance
        for p in portfolio.projects
    }
    over = [name for name, variance in variances.items() if variance < 0]
    assert over == ["Network and server upgrade"], variances


def test_money_is_never_float(portfolio: Portfolio) -> None:
    for name in ("projects", "resources", "tasks", "ledger", "budget_lines", "assignments"):
        for item in getattr(portfolio, name).values():
            for f in dataclasses.fields(item):
                assert not isinstance(getattr(item, f.name), float) or f.name in (
                    "max_units",
                    "units",
                ), (name, f.name)


def test_written_demo_reloads_equal(tmp_path: Path, portfolio: Portfolio) -> None:
    path = tmp_path / "demo.plansmith"
    demo.write_demo(path)
    with Store.open(path, read_only=True) as store:
        assert store.load() == portfolio
    with pytest.raises(StoreError):
        demo.write_demo(path)


def test_ensure_demo_file_creates_once(tmp_path: Path) -> None:
    path = demo.ensure_demo_file(tmp_path / "data")
    assert path == tmp_path / "data" / "demo.plansmith"
    stamp = path.stat().st_mtime_ns
    assert demo.ensure_demo_file(tmp_path / "data") == path
    assert path.stat().st_mtime_ns == stamp, "an existing demo (with the user's edits) stays"
    assert not list(path.parent.glob("*.part*"))
    with Store.open(path, read_only=True) as store:
        assert len(store.load().projects) == 3


def test_data_dir_per_platform(tmp_path: Path) -> None:
    home = str(tmp_path)
    xdg = str(tmp_path / "xdg")
    assert demo.data_dir("linux", {"HOME": home}) == tmp_path / ".local/share/plansmith"
    assert demo.data_dir("linux", {"HOME": home, "XDG_DATA_HOME": xdg}) == Path(xdg, "plansmith")
    assert demo.data_dir("linux", {"HOME": home, "XDG_DATA_HOME": "rel"}).is_relative_to(home)
    assert demo.data_dir("win32", {"APPDATA": xdg}) == Path(xdg, "Plansmith")
    assert demo.data_dir("darwin", {"HOME": home}) == (
        tmp_path / "Library" / "Application Support" / "Plansmith"
    )


def _schedule_module():  # type: ignore[no-untyped-def]
    schedule_module = pytest.importorskip("app.schedule")
    if not hasattr(schedule_module, "schedule"):
        pytest.skip("app.schedule.schedule is not written yet")
    return schedule_module


def test_demo_schedules_without_error(portfolio: Portfolio) -> None:
    result = _schedule_module().schedule(portfolio)
    assert set(result.tasks) == set(portfolio.tasks)
    for project in portfolio.projects.values():
        dates = result.projects[project.id]
        assert dates.start == project.start
        assert datetime(2027, 1, 1) < dates.finish < datetime(2027, 12, 31)


def test_a_shared_person_is_over_allocated_across_projects(portfolio: Portfolio) -> None:
    result = _schedule_module().schedule(portfolio)
    clashes = []
    work = [
        a
        for a in portfolio.assignments.values()
        if portfolio.resources[a.resource_id].type is ResourceType.WORK
    ]
    for first in work:
        for second in work:
            one, two = portfolio.tasks[first.task_id], portfolio.tasks[second.task_id]
            if first.resource_id != second.resource_id or one.project_id >= two.project_id:
                continue
            a, b = result.tasks[one.id], result.tasks[two.id]
            overlap = min(a.finish, b.finish) - max(a.start, b.start)
            limit = portfolio.resources[first.resource_id].max_units
            if overlap.days >= 2 and first.units + second.units > limit:
                clashes.append(portfolio.resources[first.resource_id].name)
    assert "Ben Okafor" in clashes


def test_the_demo_has_an_approved_baseline_to_measure_progress_against() -> None:
    from app.budget.earned_value import earned_value
    from app.schedule import schedule

    plan = demo.build_demo()
    assert {number for _, number in plan.baselines} == {0}
    assert {task_id for task_id, _ in plan.baselines} == set(plan.tasks)
    dates = schedule(plan)
    value = earned_value(plan, dates, 1)
    assert value.baseline == 0 and value.ev > 0 and value.pv > 0
