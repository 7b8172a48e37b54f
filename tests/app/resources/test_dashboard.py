"""Portfolio dashboard, timeline and person briefing (with its .ics export), by hand.

Plan (all from Monday 2024-01-01 08:00, standard calendar):

* Alpha (priority 700): Design 2d (done, Bob) -> Build 3d (Alice) -> Done (milestone).
  Baseline 0 had Build finishing Thu 4 17:00; it now finishes Fri 5 17:00.
* Beta (priority 300, status date Wed 3 08:00): Setup 4d (Alice), nothing done yet.
* Gamma (priority 500): Docs 2d, no status date.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from icalendar import Calendar

from app.budget.ledger import budget_summary
from app.model import Baseline, LinkKind, Portfolio
from app.resources.briefing import person_briefing
from app.resources.dashboard import Status, dashboard, portfolio_timeline
from app.resources.ical import write_ical
from app.schedule import schedule
from tests.app.resources.plans import DAY, at, builder


def portfolio() -> Portfolio:
    b = builder()
    b.project(1, name="Alpha", priority=700, approved_budget=Decimal("10000"))
    b.project(2, name="Beta", priority=300, status_date=at(3))
    b.project(3, name="Gamma", priority=500)
    design = b.task("Design", 2, percent_complete=100)
    build = b.task("Build", 3, notes="Use the v2 API")
    done = b.task("Done", 0, milestone=True)
    setup = b.task("Setup", 4, project=2)
    b.task("Docs", 2, project=3)
    b.link(design, build)
    b.link(build, done)
    alice = b.resource("Alice", standard_rate=Decimal("50"), email="alice@example.org")
    bob = b.resource("Bob")
    b.assign(design, bob, 2 * DAY)
    b.assign(build, alice, 3 * DAY)
    b.assign(setup, alice, 4 * DAY)
    built = b.build()
    baselines = {
        (design, 0): Baseline(design, 0, at(1), at(2, 17)),
        (build, 0): Baseline(build, 0, at(3), at(4, 17)),
        (done, 0): Baseline(done, 0, at(4, 17), at(4, 17)),
    }
    return replace(built, baselines=baselines)


def test_each_project_gets_its_status_by_the_named_rule() -> None:
    plan = portfolio()
    lines = dashboard(plan, schedule(plan))
    assert [(s.name, s.status) for s in lines] == [
        ("Alpha", Status.LATE),  # finish a day after its baseline finish
        ("Gamma", Status.ON_TRACK),  # no baseline, no deadline, no status date
        ("Beta", Status.AT_RISK),  # Setup should be 50 % done on Wed 3 and is at 0 %
    ]
    alpha, gamma, beta = lines
    assert alpha.reasons == ("finish is 1 working day after the baseline finish",)
    assert alpha.finish_variance_minutes == DAY
    assert alpha.start_variance_minutes == 0
    assert (alpha.start, alpha.finish) == (at(1), at(5, 17))
    assert (alpha.baseline_start, alpha.baseline_finish) == (at(1), at(4, 17))
    assert beta.reasons == ("critical tasks behind plan on 2024-01-03: Setup",)
    assert gamma.reasons == () and gamma.finish_variance_minutes is None


def test_percent_complete_is_duration_weighted_and_the_next_milestone_is_found() -> None:
    plan = portfolio()
    alpha = dashboard(plan, schedule(plan))[0]
    # Design 960 x 100 % + Build 1440 x 0 % + Done 0 -> 40 %.
    assert alpha.percent_complete == 40
    assert alpha.next_milestone is not None
    assert (alpha.next_milestone.name, alpha.next_milestone.date) == ("Done", at(5, 17))


def test_money_comes_from_app_budget() -> None:
    plan = portfolio()
    alpha = dashboard(plan, schedule(plan))[0]
    summary = budget_summary(plan, 1)
    assert alpha.budget == Decimal("10000") == summary.budget
    assert (alpha.actual, alpha.forecast) == (summary.actual, summary.forecast)
    assert alpha.planned_cost == Decimal("1200")  # Build: 24 h x 50
    assert alpha.currency == "EUR"


def test_load_on_shared_resources_shows_shares_and_overloaded_weeks() -> None:
    plan = portfolio()
    lines = {s.name: s for s in dashboard(plan, schedule(plan))}
    (alpha_alice,) = [x for x in lines["Alpha"].shared_load if x.name == "Alice"]
    assert (alpha_alice.work_minutes, alpha_alice.portfolio_work_minutes) == (1440, 3360)
    assert alpha_alice.share == pytest.approx(1440 / 3360)
    # Week of Jan 1: Alice has 3 + 4 days of work for 5 days' capacity.
    assert alpha_alice.over_allocated_weeks == 1
    (beta_alice,) = lines["Beta"].shared_load
    assert beta_alice.over_allocated_weeks == 1
    assert lines["Gamma"].shared_load == ()


def test_a_missed_deadline_makes_a_project_late() -> None:
    plan = portfolio()
    docs = next(t for t in plan.tasks.values() if t.name == "Docs")
    tasks = {**plan.tasks, docs.id: replace(docs, deadline=at(1, 17))}
    plan = replace(plan, tasks=tasks)
    gamma = next(s for s in dashboard(plan, schedule(plan)) if s.name == "Gamma")
    assert gamma.status is Status.LATE
    assert gamma.reasons == ("deadline missed: Docs",)


def test_the_timeline_has_a_bar_per_project_and_the_links_between_them() -> None:
    plan = portfolio()
    # A cross-project link: Alpha's Design drives Gamma's Docs, start to start.
    docs = next(t for t in plan.tasks.values() if t.name == "Docs")
    cross = replace(plan.links[1], id=9, kind=LinkKind.SS, successor_id=docs.id)
    plan = replace(plan, links={**plan.links, 9: cross})
    timeline = portfolio_timeline(plan, schedule(plan))
    assert [bar.name for bar in timeline.bars] == ["Alpha", "Gamma", "Beta"]
    alpha = timeline.bars[0]
    assert [m.name for m in alpha.milestones] == ["Done"]
    assert alpha.baseline_finish == at(4, 17)
    (link,) = timeline.links
    # SS from Design (Alpha): leaves at Design's start, arrives at Docs' start.
    assert (link.from_project, link.to_project) == (1, 3)
    assert (link.from_date, link.to_date) == (at(1), at(1))


# --- briefing -----------------------------------------------------------------------------


def test_a_briefing_lists_the_persons_tasks_across_projects() -> None:
    plan = portfolio()
    briefing = person_briefing(plan, schedule(plan), 1, at(1).date(), at(3).date())
    assert [(i.project_name, i.task_name) for i in briefing.items] == [
        ("Beta", "Setup"),  # Mon 1 - Thu 4
        ("Alpha", "Build"),  # Wed 3 - Fri 5
    ]
    setup, build = briefing.items
    assert (setup.work_minutes, setup.work_in_period_minutes) == (1920, 1440)  # Mon-Wed
    assert (build.work_minutes, build.work_in_period_minutes) == (1440, 480)  # Wed only
    assert [(f.name, f.resources, f.percent_complete) for f in build.predecessors] == [
        ("Design", ("Bob",), 100)
    ]
    assert build.notes == "Use the v2 API"
    assert briefing.work_in_period_minutes == 1920
    # A week later Alice has nothing left to do.
    assert person_briefing(plan, schedule(plan), 1, at(8), at(12)).items == ()
    with pytest.raises(KeyError, match="no resource with id 7"):
        person_briefing(plan, schedule(plan), 7, at(1), at(5))


def test_the_briefing_exports_as_an_ics_file_with_stable_uids(tmp_path: Path) -> None:
    plan = portfolio()
    briefing = person_briefing(plan, schedule(plan), 1, at(1), at(6))
    stamp = datetime(2024, 1, 1, 7, 0)
    target = write_ical(briefing, tmp_path / "alice.ics", stamp=stamp)
    first = target.read_bytes()
    events = Calendar.from_ical(first).walk("VEVENT")
    by_summary = {str(e["SUMMARY"]): e for e in events}
    assert set(by_summary) == {"Beta: Setup", "Alpha: Build"}
    build = by_summary["Alpha: Build"]
    assert str(build["UID"]) == "task-2-resource-1@plansmith"
    assert build.decoded("DTSTART") == at(3)
    assert build.decoded("DTEND") == at(5, 17)
    description = str(build["DESCRIPTION"])
    assert "Work: 24 h at 100 %" in description
    assert "- Design (Alpha, FS): finishes 2024-01-02 17:00, 100 % done, Bob" in description
    assert description.endswith("Notes:\nUse the v2 API")
    # Exporting again gives the same file, and no temporary file is left behind.
    write_ical(briefing, target, stamp=stamp)
    assert target.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["alice.ics"]
