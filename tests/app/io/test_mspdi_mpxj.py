"""MPXJ, the independent reader inside ProjectLibre and GanttProject, as the referee.

1. Every MSPDI sample: what read_mspdi makes of it matches what MPXJ reads.
2. Every file write_mspdi produces: MPXJ reads the same tasks, links, constraints,
   resources, assignments and calendars back, and the computed dates we hand over.

MPXJ runs in-process through jpype, with the dump function of shared/tools/mpxj_dump.py,
so the JVM starts once for the whole module.
"""

from __future__ import annotations

import csv
import importlib.util
import os
import re
import shutil
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from app.budget.costing import assignment_cost, project_cost, task_costs
from app.demo import build_demo
from app.io.mspdi import read_mspdi, write_mspdi
from app.model import ConstraintKind, DurationUnit, Portfolio, RateUnit
from app.schedule import schedule
from app.schedule.result import ProjectDates, Schedule, TaskDates
from app.schedule.working_time import calendar_clock

pytestmark = pytest.mark.mpxj

SHARED = Path(__file__).parents[3] / ".." / "shared"
SAMPLES = Path(os.environ.get("PLANSMITH_SAMPLES", SHARED / "samples" / "real"))
TOOLS = SHARED / "tools"
FULL = Path(__file__).parents[2] / "data" / "mspdi" / "full.xml"

Dump = dict[str, Any]
_CONSTRAINT_NAMES = {
    ConstraintKind.ASAP: "AS_SOON_AS_POSSIBLE",
    ConstraintKind.ALAP: "AS_LATE_AS_POSSIBLE",
}
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def mspdi_samples() -> list[str]:
    manifest = SAMPLES / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8") as stream:
        rows = csv.DictReader(stream, delimiter="\t")
        return [row["file"] for row in rows if row["format"] == "MSPDI"]


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def mpxj() -> Callable[[Path], Dump]:
    """A function reading a file with MPXJ into mpxj_dump's normalised dictionary."""
    if shutil.which("java") is None:
        pytest.skip("no Java runtime on PATH: MPXJ cannot run")
    try:
        import jpype  # noqa: F401
        import mpxj as _mpxj  # noqa: F401
    except ImportError:
        pytest.skip("the mpxj and jpype1 packages are not installed")
    if not (TOOLS / "mpxj_dump.py").exists():
        pytest.skip(f"shared tools not present at {TOOLS}")
    common = _load("_mpxj_common")
    dumper = _load("mpxj_dump")
    common.start_jvm()

    def read(path: Path) -> Dump:
        project, _seconds = dumper.read_project(str(path))
        assert project is not None, f"MPXJ could not read {path}"
        return dumper.dump(project)

    return read


def _sample(name: str) -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"shared samples folder not present at {SAMPLES}")
    return SAMPLES / name


# --- comparing our Portfolio with MPXJ's view -------------------------------------------------


def _minutes(duration: dict[str, Any] | None) -> int | None:
    return None if duration is None else round(duration["hours"] * 60)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def task_problems(portfolio: Portfolio, theirs: Dump) -> list[str]:
    problems = []
    mpxj_tasks = {t["uid"]: t for t in theirs["tasks"] if t["uid"] != 0 and not t["null"]}
    ours = {t.uid: t for t in portfolio.tasks.values()}
    if set(ours) != set(mpxj_tasks):
        return [f"task UIDs {sorted(ours)} != MPXJ {sorted(mpxj_tasks)}"]
    for uid, task in ours.items():
        other = mpxj_tasks[uid]
        parent = portfolio.tasks[task.parent_id].uid if task.parent_id else 0
        checks = {
            "name": (task.name, other["name"] or ""),
            "parent": (parent, other["parent_uid"] or 0),
            "duration": (task.duration_minutes, _minutes(other["duration"])),
            "unit": (task.duration_unit.value, other["duration"]["units"]),
            "milestone": (task.milestone, other["milestone"]),
            "manual": (task.manual, other["manual"]),
            "constraint": (
                _CONSTRAINT_NAMES.get(task.constraint, task.constraint.name),
                other["constraint_type"],
            ),
            "percent": (task.percent_complete, other["percent_complete"] or 0),
            "actual_start": (_iso(task.actual_start), other["actual_start"]),
            "actual_finish": (_iso(task.actual_finish), other["actual_finish"]),
            "deadline": (_iso(task.deadline), other["deadline"]),
            "fixed_cost": (float(task.fixed_cost), other["fixed_cost"] or 0),
        }
        if task.constraint.needs_date:
            checks["constraint_date"] = (_iso(task.constraint_date), other["constraint_date"])
        problems += [
            f"task {uid} {field}: ours {mine!r} MPXJ {them!r}"
            for field, (mine, them) in checks.items()
            if mine != them
        ]
    return problems


def link_problems(portfolio: Portfolio, theirs: Dump) -> list[str]:
    uid = {t.id: t.uid for t in portfolio.tasks.values()}
    ours = sorted(
        (
            uid[link.predecessor_id],
            uid[link.successor_id],
            link.kind.value,
            link.lag_percent if link.percent_lag else link.lag_minutes,
            link.lag_unit.value,
        )
        for link in portfolio.links.values()
    )
    mpxj_links = sorted(
        (
            r["predecessor_uid"],
            r["successor_uid"],
            r["type"],
            r["lag"]["value"] if r["lag"]["units"] in ("%", "e%") else _minutes(r["lag"]),
            "%" if r["lag"]["units"] in ("%", "e%") else r["lag"]["units"],
        )
        for r in theirs["relations"]
    )
    return [] if ours == mpxj_links else [f"links {ours} != MPXJ {mpxj_links}"]


def _hours_per(unit: str, portfolio: Portfolio) -> float:
    project = portfolio.projects[1]
    return {
        "m": 1 / 60,
        "h": 1,
        "d": project.minutes_per_day / 60,
        "w": project.minutes_per_week / 60,
        "mo": project.minutes_per_day * project.days_per_month / 60,
        "y": project.minutes_per_day * project.days_per_month * 12 / 60,
    }[unit]


def resource_problems(portfolio: Portfolio, theirs: Dump) -> list[str]:
    problems = []
    mpxj_resources = {r["uid"]: r for r in theirs["resources"] if r["uid"] != 0 and r["name"]}
    ours = {r.uid: r for r in portfolio.resources.values()}
    if set(ours) != set(mpxj_resources):
        return [f"resource UIDs {sorted(ours)} != MPXJ {sorted(mpxj_resources)}"]
    for uid, resource in ours.items():
        other = mpxj_resources[uid]
        calendar = portfolio.calendars[resource.calendar_id].name if resource.calendar_id else None
        checks = {
            "name": (resource.name, other["name"]),
            "type": (resource.type.value, other["type"].lower()),
            "calendar": (calendar, other["calendar"]),
        }
        if other["max_units"] is not None:
            checks["max_units"] = (round(resource.max_units * 100, 6), other["max_units"])
        # A cost rate table makes MPXJ show the rate in force today, not the base rate.
        if other["standard_rate"] and "<Rates>" not in resource.extra:
            per = other["standard_rate"]["per"]
            rate = float(resource.standard_rate) * _hours_per(per, portfolio)
            checks["rate"] = (round(rate, 4), round(other["standard_rate"]["amount"], 4))
            if other["cost_per_use"] is not None:
                checks["cost_per_use"] = (float(resource.cost_per_use), other["cost_per_use"])
        problems += [
            f"resource {uid} {field}: ours {mine!r} MPXJ {them!r}"
            for field, (mine, them) in checks.items()
            if mine != them
        ]
    return problems


def assignment_problems(portfolio: Portfolio, theirs: Dump) -> list[str]:
    problems = []
    resource_uids = {r.uid for r in portfolio.resources.values()}
    mpxj_assignments = {
        a["uid"]: a for a in theirs["assignments"] if a["resource_uid"] in resource_uids
    }
    ours = {a.uid: a for a in portfolio.assignments.values()}
    if set(ours) != set(mpxj_assignments):
        return [f"assignment UIDs {sorted(ours)} != MPXJ {sorted(mpxj_assignments)}"]
    for uid, assignment in ours.items():
        other = mpxj_assignments[uid]
        checks = {
            "task": (portfolio.tasks[assignment.task_id].uid, other["task_uid"]),
            "resource": (portfolio.resources[assignment.resource_id].uid, other["resource_uid"]),
            "units": (round(assignment.units * 100, 6), other["units"]),
        }
        if other["work"] is not None:
            checks["work"] = (assignment.work_minutes, _minutes(other["work"]))
        if other["actual_work"] is not None:
            checks["actual_work"] = (assignment.actual_work_minutes, _minutes(other["actual_work"]))
        if assignment.cost is not None:
            checks["cost"] = (float(assignment.cost), other["cost"])
        problems += [
            f"assignment {uid} {field}: ours {mine!r} MPXJ {them!r}"
            for field, (mine, them) in checks.items()
            if mine != them
        ]
    return problems


def _hours_text(hours: tuple[tuple[int, int], ...]) -> list[str]:
    return [f"{s // 60:02d}:{s % 60:02d}-{e // 60 % 24:02d}:{e % 60:02d}" for s, e in hours]


def calendar_problems(portfolio: Portfolio, theirs: Dump) -> list[str]:
    problems = []
    mpxj_calendars = {c["uid"]: c for c in theirs.get("calendars", [])}
    for calendar in portfolio.calendars.values():
        other = mpxj_calendars.get(calendar.uid)
        if other is None:
            problems.append(f"calendar {calendar.uid} unknown to MPXJ")
            continue
        base = portfolio.calendars[calendar.base_id].uid if calendar.base_id else None
        if (calendar.name, base) != (other["name"], other["parent_uid"]):
            problems.append(f"calendar {calendar.uid}: {calendar.name}/{base} != {other}")
        for index, day in enumerate(_DAYS):
            hours, theirs_day = calendar.week[index], other["days"][day]
            if theirs_day["type"] is None:
                continue  # a base calendar without this day: MPXJ leaves it undefined
            if hours is None:
                if theirs_day["type"] != "DEFAULT":
                    problems.append(f"calendar {calendar.uid} {day}: inherits, MPXJ {theirs_day}")
            elif _hours_text(hours) != (theirs_day["hours"] or []):
                problems.append(f"calendar {calendar.uid} {day}: {hours} != {theirs_day}")
        expected = 0
        for exception in other["exceptions"]:
            count = re.search(r"For (\d+) occurrences", exception["recurring"] or "")
            expected += int(count.group(1)) if count else 1
        if len(calendar.exceptions) != expected:
            problems.append(
                f"calendar {calendar.uid}: {len(calendar.exceptions)} exception dates, "
                f"MPXJ {expected}"
            )
    return problems


def all_problems(portfolio: Portfolio, theirs: Dump) -> list[str]:
    return (
        task_problems(portfolio, theirs)
        + link_problems(portfolio, theirs)
        + resource_problems(portfolio, theirs)
        + assignment_problems(portfolio, theirs)
        + calendar_problems(portfolio, theirs)
    )


# --- 1. we read what MPXJ reads -------------------------------------------------------------


@pytest.mark.parametrize("name", mspdi_samples() or ["(samples folder absent)"])
def test_sample_reads_like_mpxj(name: str, mpxj: Callable[[Path], Dump]) -> None:
    path = _sample(name)
    assert all_problems(read_mspdi(path).portfolio, mpxj(path)) == []


def test_fixture_reads_like_mpxj(mpxj: Callable[[Path], Dump]) -> None:
    portfolio = read_mspdi(FULL).portfolio
    theirs = mpxj(FULL)
    assert all_problems(portfolio, theirs) == []
    project = theirs["project"]
    ours = portfolio.projects[1]
    assert (project["title"], project["start"], project["status_date"]) == (
        ours.name,
        _iso(ours.start),
        _iso(ours.status_date),
    )


def test_split_periods_end_where_mpxj_says(mpxj: Callable[[Path], Dump]) -> None:
    """MPXJ reports the raw block starts (17:00 the day before); we snap to working time."""
    import jpype

    path = _sample("mspdisplittask.xml")
    mpxj(path)  # make sure the JVM runs
    reader = jpype.JClass("org.mpxj.reader.UniversalProjectReader")()
    project = reader.read(str(path))
    ours = {t.uid: t for t in read_mspdi(path).portfolio.tasks.values()}
    for task in project.getTasks():
        uid = int(task.getUniqueID())
        if uid == 0:
            continue
        theirs = [(str(r.getStart()), str(r.getEnd())) for r in task.getWorkSplits()]
        mine = ours[uid].splits
        assert len(mine) == len(theirs)
        assert [e.isoformat()[:16] for _, e in mine] == [e[:16] for _, e in theirs]
        for (start, _), (their_start, _) in zip(mine, theirs, strict=True):
            assert start.isoformat()[:16] >= their_start[:16]


# --- 2. MPXJ reads what we write --------------------------------------------------------------


@pytest.mark.parametrize("name", mspdi_samples() or ["(samples folder absent)"])
def test_exported_sample_reads_back_in_mpxj(
    name: str, mpxj: Callable[[Path], Dump], tmp_path: Path
) -> None:
    portfolio = read_mspdi(_sample(name)).portfolio
    out = tmp_path / name
    write_mspdi(portfolio, 1, out, schedule(portfolio))  # as the app exports: with dates
    assert all_problems(portfolio, mpxj(out)) == []


def test_exported_fixture_and_new_plan_read_back_in_mpxj(
    mpxj: Callable[[Path], Dump], tmp_path: Path
) -> None:
    spec = importlib.util.spec_from_file_location(
        "mspdi_write_tests", Path(__file__).with_name("test_mspdi_write.py")
    )
    assert spec is not None and spec.loader is not None
    write_tests = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(write_tests)  # for its plan made in Plansmith

    for portfolio in (read_mspdi(FULL).portfolio, write_tests.built_portfolio()):
        out = tmp_path / "out.xml"
        write_mspdi(portfolio, 1, out)
        reread = read_mspdi(out).portfolio  # same UIDs as in the file MPXJ reads
        assert all_problems(reread, mpxj(out)) == []


def _schedule_from(theirs: Dump, portfolio: Portfolio) -> Schedule:
    """A Schedule holding the dates MS Project stored in the file, as MPXJ read them."""
    by_uid = {t.uid: t.id for t in portfolio.tasks.values()}
    tasks = {}
    for task in theirs["tasks"]:
        if task["uid"] not in by_uid or not task["early_start"] or not task["late_finish"]:
            continue
        tasks[by_uid[task["uid"]]] = TaskDates(
            start=datetime.fromisoformat(task["start"]),
            finish=datetime.fromisoformat(task["finish"]),
            early_start=datetime.fromisoformat(task["early_start"]),
            early_finish=datetime.fromisoformat(task["early_finish"]),
            late_start=datetime.fromisoformat(task["late_start"]),
            late_finish=datetime.fromisoformat(task["late_finish"]),
            duration_minutes=_minutes(task["duration"]) or 0,
            total_slack_minutes=_minutes(task["total_slack"]) or 0,
            free_slack_minutes=_minutes(task["free_slack"]) or 0,
            critical=bool(task["critical"]),
        )
    project = theirs["project"]
    span = ProjectDates(
        datetime.fromisoformat(project["start"]), datetime.fromisoformat(project["finish"])
    )
    return Schedule(tasks=tasks, projects={1: span})


@pytest.mark.parametrize(
    "name", ["task-links-project2019-mspdi.xml", "legacy-sample.xml", "mspdirelations.xml"]
)
def test_exported_schedule_reads_back_in_mpxj(
    name: str, mpxj: Callable[[Path], Dump], tmp_path: Path
) -> None:
    path = _sample(name)
    portfolio = read_mspdi(path).portfolio
    schedule = _schedule_from(mpxj(path), portfolio)
    assert schedule.tasks
    out = tmp_path / name
    write_mspdi(portfolio, 1, out, schedule)
    theirs = {t["uid"]: t for t in mpxj(out)["tasks"]}
    for task_id, dates in schedule.tasks.items():
        other = theirs[portfolio.tasks[task_id].uid]
        assert other["start"] == _iso(dates.start)
        assert other["finish"] == _iso(dates.finish)
        assert other["early_start"] == _iso(dates.early_start)
        assert other["late_finish"] == _iso(dates.late_finish)
        assert _minutes(other["total_slack"]) == dates.total_slack_minutes
        assert _minutes(other["free_slack"]) == dates.free_slack_minutes
        assert other["critical"] == dates.critical


def test_mpxj_shows_the_plans_totals_and_summary_roll_ups(
    mpxj: Callable[[Path], Dump], tmp_path: Path
) -> None:
    """MPXJ (and so ProjectLibre) shows the duration, % complete, work and cost the file
    states; a plan made in Plansmith keeps none of its own for automatic summaries, and
    costs and work are totals of its assignments."""
    portfolio = build_demo()
    plan = schedule(portfolio)
    out = tmp_path / "erp.xml"
    write_mspdi(portfolio, 1, out, plan)
    dump = mpxj(out)
    theirs = {t["uid"]: t for t in dump["tasks"]}
    costs = task_costs(portfolio, 1)
    tasks = [t for t in portfolio.tasks.values() if t.project_id == 1]
    assert any(0 < plan.tasks[t.id].percent_complete < 100 for t in tasks)
    for task in tasks:
        rolled, other = plan.tasks[task.id], theirs[task.uid or task.id]
        assert _minutes(other["duration"]) == rolled.duration_minutes, task.name
        assert (other["percent_complete"] or 0) == rolled.percent_complete, task.name
        assert _minutes(other["work"]) == rolled.work_minutes, task.name
        assert Decimal(str(other["cost"])) == costs[task.id], task.name
    assignments = {a.uid or a.id: a for a in portfolio.assignments.values()}
    per_resource: dict[int, tuple[int, Decimal]] = {}
    for other in dump["assignments"]:
        assignment = assignments[other["uid"]]
        cost = assignment_cost(portfolio, assignment)
        assert Decimal(str(other["cost"])) == cost
        work, total = per_resource.get(other["resource_uid"], (0, Decimal(0)))
        per_resource[other["resource_uid"]] = (work + assignment.work_minutes, total + cost)
    for other in dump["resources"]:
        if other["uid"]:
            work, total = per_resource.get(other["uid"], (0, Decimal(0)))
            assert (_minutes(other["work"]), Decimal(str(other["cost"]))) == (work, total)
    # The project's summary row (UID 0) totals the plan.
    project_row = theirs[0]
    assert Decimal(str(project_row["cost"])) == project_cost(portfolio, 1)
    top = [t for t in tasks if t.parent_id is None]
    assert _minutes(project_row["work"]) == sum(plan.tasks[t.id].work_minutes for t in top)
    weight = sum(plan.tasks[t.id].duration_minutes for t in top)
    done = sum(plan.tasks[t.id].duration_minutes * plan.tasks[t.id].percent_complete for t in top)
    assert project_row["percent_complete"] == round(done / weight)
    span = plan.projects[1]
    clock = calendar_clock(portfolio.projects[1].calendar_id, portfolio.calendars)
    assert _minutes(project_row["duration"]) == clock.working_between(span.start, span.finish)


def test_units_we_write_are_the_units_mpxj_shows(
    mpxj: Callable[[Path], Dump], tmp_path: Path
) -> None:
    portfolio = read_mspdi(FULL).portfolio
    out = tmp_path / "u.xml"
    write_mspdi(portfolio, 1, out)
    resources = {r["name"]: r for r in mpxj(out)["resources"]}
    assert resources["Anna Ärger"]["standard_rate"] == {"amount": 402, "per": "d"}
    anna = next(r for r in portfolio.resources.values() if r.name == "Anna Ärger")
    assert anna.standard_rate_unit is RateUnit.DAY
    tasks = {t["name"]: t for t in mpxj(out)["tasks"]}
    assert tasks["Build"]["duration"]["units"] == "w"
    assert any(
        link.lag_unit is DurationUnit.PERCENT and link.lag_percent == 500
        for link in portfolio.links.values()
    )


# --- 3. the element order is the schema's ---------------------------------------------------

_JAXB_CLASSES = {
    "Project": "org.mpxj.mspdi.schema.Project",
    "Task": "org.mpxj.mspdi.schema.Project$Tasks$Task",
    "PredecessorLink": "org.mpxj.mspdi.schema.Project$Tasks$Task$PredecessorLink",
    "Task/Baseline": "org.mpxj.mspdi.schema.Project$Tasks$Task$Baseline",
    "Resource": "org.mpxj.mspdi.schema.Project$Resources$Resource",
    "Assignment": "org.mpxj.mspdi.schema.Project$Assignments$Assignment",
    "Calendar": "org.mpxj.mspdi.schema.Project$Calendars$Calendar",
}


def _jaxb_order(class_name: str) -> list[str]:
    """Element names in the xsd:sequence order MPXJ's JAXB classes were generated with."""
    import jpype

    xml_type = jpype.JClass("jakarta.xml.bind.annotation.XmlType")
    xml_element = jpype.JClass("jakarta.xml.bind.annotation.XmlElement")
    java_class = jpype.JClass(class_name).class_
    names = []
    for prop in java_class.getAnnotation(xml_type.class_).propOrder():
        annotation = java_class.getDeclaredField(prop).getAnnotation(xml_element.class_)
        name = str(annotation.name()) if annotation is not None else str(prop)
        names.append(str(prop) if name == "##default" else name)
    return names


@pytest.mark.parametrize("kind", sorted(_JAXB_CLASSES))
def test_schema_order_matches_the_schema_mpxj_was_generated_from(
    kind: str, mpxj: Callable[[Path], Dump]
) -> None:
    from app.io.mspdi import NOT_IN_SCHEMA, SCHEMA_ORDER

    schema = [
        name
        for name in _jaxb_order(_JAXB_CLASSES[kind])
        if not re.fullmatch(r"f[0-9a-f]{6}", name) and name != "Project"  # enterprise, backref
    ]
    ours = [name for name in SCHEMA_ORDER[kind] if name not in NOT_IN_SCHEMA]
    assert ours == schema
