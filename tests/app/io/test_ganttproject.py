"""GanttProject import: the real samples against MPXJ and against the file itself, the
format's codes on a small hand-written file, and refusals that name the place."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.io import ganttproject
from app.io.errors import ImportRejected
from app.io.ganttproject import read_gan
from app.model import ConstraintKind, LinkKind, Portfolio
from app.model.project import Project
from app.schedule import schedule

SHARED = Path(__file__).parents[3] / ".." / "shared"
SAMPLES = Path(os.environ.get("PLANSMITH_SAMPLES", SHARED / "samples" / "real"))
MPXJ_DUMP = SHARED / "tools" / "mpxj_dump.py"
GAN_SAMPLES = ("HouseBuildingSample.gan", "ForkFeatures.gan")


def sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"sample {name} not found in {SAMPLES} (set PLANSMITH_SAMPLES)")
    return path


def mpxj_available() -> bool:
    have = all(importlib.util.find_spec(m) for m in ("mpxj", "jpype"))
    return have and bool(shutil.which("java") or os.environ.get("JAVA_HOME"))


@pytest.fixture(scope="module")
def mpxj_views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """What MPXJ reads from each sample (run once per module, as a separate process)."""
    if not mpxj_available() or not MPXJ_DUMP.is_file():
        pytest.skip("MPXJ comparison needs Java, pip install mpxj jpype1, and shared/tools")
    folder = tmp_path_factory.mktemp("mpxj")
    views = {}
    for name in GAN_SAMPLES:
        out = folder / f"{name}.json"
        command = [sys.executable, str(MPXJ_DUMP), str(sample(name)), "--json", str(out)]
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        views[name] = json.loads(out.read_text(encoding="utf-8"))
    return views


def levels(portfolio: Portfolio) -> list[int]:
    return [portfolio.outline_level(t.id) for t in portfolio.walk(1)]


# --- against MPXJ ---------------------------------------------------------------------------


@pytest.mark.mpxj
@pytest.mark.slow
@pytest.mark.parametrize("name", GAN_SAMPLES)
def test_tasks_resources_and_assignments_agree_with_mpxj(
    name: str, mpxj_views: dict[str, dict]
) -> None:
    view = mpxj_views[name]
    portfolio = read_gan(sample(name)).portfolio
    tasks = list(portfolio.walk(1))
    theirs = view["tasks"]
    assert [t.name for t in tasks] == [t["name"].strip() for t in theirs]
    assert levels(portfolio) == [t["outline_level"] for t in theirs]
    assert [t.milestone for t in tasks] == [t["milestone"] for t in theirs]
    assert [t.percent_complete for t in tasks] == [t["percent_complete"] for t in theirs]
    for task, other in zip(tasks, theirs, strict=True):
        assert task.uid == other["uid"] - 1  # MPXJ numbers GanttProject ids from 1
        if not portfolio.is_summary(task.id):
            assert task.duration_minutes == round(other["duration"]["hours"] * 60)
    resources = sorted(portfolio.resources.values(), key=lambda r: r.uid or 0)
    their_resources = sorted(view["resources"], key=lambda r: r["uid"])
    assert [r.name for r in resources] == [r["name"] for r in their_resources]
    assert [r.group for r in resources] == [r["group"] or "" for r in their_resources]
    for resource, other in zip(resources, their_resources, strict=True):
        per_day = resource.standard_rate * 8  # Plansmith keeps rates per hour
        assert per_day == Decimal(str(other["standard_rate"]["amount"]))
    by_uid = {t["uid"]: t["name"].strip() for t in theirs}
    names = {r["uid"]: r["name"] for r in view["resources"]}
    expected = sorted(
        (by_uid[a["task_uid"]], names[a["resource_uid"]], a["units"]) for a in view["assignments"]
    )
    mine = sorted(
        (
            portfolio.tasks[a.task_id].name,
            portfolio.resources[a.resource_id].name,
            round(a.units * 100),
        )
        for a in portfolio.assignments.values()
    )
    assert mine == expected


@pytest.mark.mpxj
@pytest.mark.slow
@pytest.mark.parametrize("name", GAN_SAMPLES)
def test_mpxj_links_are_a_subset_of_ours(name: str, mpxj_views: dict[str, dict]) -> None:
    """MPXJ reads only top-level tasks' depends (its reader_warnings say so); we read all."""
    portfolio = read_gan(sample(name)).portfolio
    ours = {
        (portfolio.tasks[k.predecessor_id].uid, portfolio.tasks[k.successor_id].uid, k.kind.value)
        for k in portfolio.links.values()
    }
    theirs = {
        (r["predecessor_uid"] - 1, r["successor_uid"] - 1, r["type"])
        for r in mpxj_views[name]["relations"]
    }
    assert theirs <= ours
    assert len(ours) > len(theirs)


# --- against the file itself --------------------------------------------------------------------


@pytest.mark.parametrize("name", GAN_SAMPLES)
def test_every_depend_element_becomes_a_link(name: str) -> None:
    path = sample(name)
    codes = {"1": "SS", "2": "FS", "3": "FF", "4": "SF"}
    expected = set()
    for task in ElementTree.parse(path).getroot().iter("task"):
        for depend in task.findall("depend"):
            kind = codes[depend.get("type", "2")]
            lag = int(depend.get("difference", "0")) * 480
            expected.add((int(task.get("id")), int(depend.get("id")), kind, lag))
    portfolio = read_gan(path).portfolio
    found = {
        (
            portfolio.tasks[k.predecessor_id].uid,
            portfolio.tasks[k.successor_id].uid,
            k.kind.value,
            k.lag_minutes,
        )
        for k in portfolio.links.values()
    }
    assert found == expected
    assert len(portfolio.links) == len(expected)


def test_house_building_schedules_to_ganttprojects_dates() -> None:
    """Leaf tasks start where GanttProject put them; milestones at the previous finish
    (Friday 17:00, as MS Project shows them) where GanttProject shows the next morning."""
    path = sample("HouseBuildingSample.gan")
    starts = {
        int(t.get("id")): date.fromisoformat(t.get("start"))
        for t in ElementTree.parse(path).getroot().iter("task")
    }
    portfolio = read_gan(path).portfolio
    plan = schedule(portfolio)
    for task in portfolio.walk(1):
        got = plan.tasks[task.id].start.date()
        if task.milestone:
            assert timedelta(0) <= starts[task.uid] - got <= timedelta(days=3), task.name
        else:
            assert got == starts[task.uid], task.name
    assert plan.projects[1].finish.date() == date(2024, 10, 11)


def test_house_building_details() -> None:
    result = read_gan(sample("HouseBuildingSample.gan"))
    portfolio = result.portfolio
    standard = portfolio.calendars[1]
    assert [(e.start, e.working) for e in standard.exceptions] == [(date(2006, 2, 14), False)]
    assert standard.week[5] == () and standard.week[6] == ()
    jack = next(r for r in portfolio.resources.values() if r.name == "Jack House")
    vacation = portfolio.calendars[jack.calendar_id]
    assert vacation.base_id == 1
    assert (vacation.exceptions[0].start, vacation.exceptions[0].finish) == (
        date(2009, 2, 2),
        date(2009, 2, 9),
    )
    notes = next(t.notes for t in portfolio.tasks.values() if t.name == "Equipment planning")
    assert notes == "Embedded devices, kitchen, washing machine, dryer etc"
    prepare = next(t for t in portfolio.tasks.values() if t.uid == 10)
    assert prepare.constraint is ConstraintKind.ASAP  # thirdDate-constraint="0": switched off
    rubber = next(k for k in portfolio.links.values() if portfolio.tasks[k.successor_id].uid == 0)
    assert json.loads(rubber.extra) == {"hardness": "Rubber"}
    assert result.report.counts["links"] == 17
    assert "customproperty" in result.report.kept_unmodelled


def test_fork_features_calendar_vacations_and_baselines() -> None:
    result = read_gan(sample("ForkFeatures.gan"))
    portfolio = result.portfolio
    holidays = {(e.start, e.name) for e in portfolio.calendars[1].exceptions}
    assert (date(2026, 10, 3), "Tag der Deutschen Einheit") in holidays
    yearly = sorted(d for d, n in holidays if n.startswith("Heiligabend"))
    assert yearly[:2] == [date(2026, 12, 24), date(2027, 12, 24)]
    assert any("yearly" in w for w in result.report.warnings)
    natalie = next(r for r in portfolio.resources.values() if r.name == "Natalie")
    assert portfolio.calendars[natalie.calendar_id].exceptions[0].start == date(2026, 9, 20)
    assert {(b.task_id, b.number) for b in portfolio.baselines.values()} == {(2, 0), (3, 0)}
    assert portfolio.baselines[(2, 0)].duration_minutes == 3 * 480
    milestone = next(t for t in portfolio.tasks.values() if t.milestone)
    assert milestone.constraint is ConstraintKind.START_NO_EARLIER_THAN
    assert milestone.constraint_date == datetime(2026, 9, 15, 8, 0)
    assert portfolio.projects[1].name == "Rundwegprobe"
    assert "Notiz mit ] und & und <spitzen>" in portfolio.tasks[2].notes
    loads = sorted(a.units for a in portfolio.assignments.values())
    assert loads == [0.25, 0.5, 1.0]


# --- the format's codes on a small file -----------------------------------------------------------

HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'


def gan(tmp_path: Path, tasks: str, extra: str = "", root: str = "project") -> Path:
    path = tmp_path / "small.gan"
    text = f'{HEADER}<{root} name="Small">\n<tasks>\n{tasks}\n</tasks>\n{extra}\n</{root}>\n'
    path.write_text(text, encoding="utf-8")
    return path


STANDARD_WEEK = 'sun="1" mon="0" tue="0" wed="0" thu="0" fri="0" sat="1"'


def calendar(week: str = STANDARD_WEEK, dates: str = "") -> str:
    """A GanttProject <calendars> section: the default week's flags and dated events."""
    return (
        f'<calendars><day-types><default-week id="1" name="default" {week}/></day-types>'
        f"{dates}</calendars>"
    )


def saved_state(*tasks: str) -> str:
    """One saved state (GanttProject's <previous-tasks>) holding the given tasks."""
    return f'<previous><previous-tasks name="Plan A">{"".join(tasks)}</previous-tasks></previous>'


NESTED = """
<task id="1" name="Phase" start="2026-03-02" duration="5">
  <task id="2" name="A" start="2026-03-02" duration="2">
    <depend id="3" type="1" difference="2"/>
    <depend id="4" type="2"/>
    <depend id="5" type="3" difference="-1"/>
    <depend id="6" type="4"/>
  </task>
  <task id="3" name="B" start="2026-03-04" duration="1"/>
  <task id="4" name="C" start="2026-03-04" duration="1"/>
  <task id="5" name="D" start="2026-03-04" duration="1"/>
  <task id="6" name="E" start="2026-03-04" duration="1" meeting="true"/>
</task>
"""


def test_link_type_codes_and_lags_at_any_depth(tmp_path: Path) -> None:
    portfolio = read_gan(gan(tmp_path, NESTED)).portfolio
    links = sorted(
        (portfolio.tasks[k.successor_id].name, k.kind, k.lag_minutes)
        for k in portfolio.links.values()
    )
    assert links == [
        ("B", LinkKind.SS, 960),
        ("C", LinkKind.FS, 0),
        ("D", LinkKind.FF, -480),
        ("E", LinkKind.SF, 0),
    ]
    assert all(portfolio.tasks[k.predecessor_id].name == "A" for k in portfolio.links.values())
    assert levels(portfolio) == [1, 2, 2, 2, 2, 2]
    assert portfolio.tasks[6].milestone and portfolio.tasks[6].duration_minutes == 0


@pytest.mark.parametrize(
    ("tasks", "extra", "root", "words", "field"),
    [
        ('<task id="1" name="A"/>', "", "plan", "root element is <plan>", ""),
        ('<task id="1" name="A"><depend id="9"/></task>', "", "project", "task id 9", "id"),
        ('<task id="1" name="A"/><task id="1" name="B"/>', "", "project", "used twice", "id"),
        ('<task id="1" name="A" start="2026-13-01"/>', "", "project", "not a date", "start"),
        ('<task id="1" name="A" start="1700-01-01"/>', "", "project", "out of range", "start"),
        ('<task id="x" name="A"/>', "", "project", "not a whole number", "id"),
        ('<task id="1" name="A" complete="120"/>', "", "project", "not 0-100", "complete"),
        (
            '<task id="1" name="A"/><task id="2" name="B"><depend id="1" type="7"/></task>',
            "",
            "project",
            "type 7",
            "type",
        ),
        (
            '<task id="1" name="A"/>',
            '<allocations><allocation task-id="1" resource-id="5" load="100"/></allocations>',
            "project",
            "resource not in the file",
            "resource-id",
        ),
    ],
)
def test_bad_files_are_refused_with_the_place(
    tmp_path: Path, tasks: str, extra: str, root: str, words: str, field: str
) -> None:
    path = gan(tmp_path, tasks, extra, root)
    with pytest.raises(ImportRejected, match=words) as caught:
        read_gan(path)
    error = caught.value
    assert error.file == path
    assert error.line is not None
    assert error.field == field


def test_dtds_and_entities_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "xxe.gan"
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE project [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        '<project><tasks><task id="1" name="&x;"/></tasks></project>\n',
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected, match="DTD") as caught:
        read_gan(path)
    assert "TOP SECRET" not in str(caught.value)


def test_not_xml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.gan"
    path.write_bytes(b"PK\x03\x04 this is a zip, not a plan")
    with pytest.raises(ImportRejected, match="not well-formed"):
        read_gan(path)


def test_an_unnamed_project_takes_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "Office move.gan"
    path.write_text(
        '<project name=""><tasks><task id="0" name="Pack" start="2026-05-04" duration="3"/>'
        "</tasks></project>",
        encoding="utf-8",
    )
    project = read_gan(path).portfolio.projects[1]
    assert project.name == "Office move"
    assert project.start == datetime(2026, 5, 4, 8, 0)


# --- fuzzing (R16): any bytes give a plan or ImportRejected, nothing else ---------------------


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=400) | st.just(NESTED.encode()).map(lambda b: b[: len(b) // 2]))
def test_any_bytes_give_a_plan_or_import_rejected(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.gan"
    path.write_bytes(data)
    with contextlib.suppress(ImportRejected):
        read_gan(path)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "id",
                    "name",
                    "start",
                    "duration",
                    "complete",
                    "meeting",
                    "type",
                    "difference",
                    "load",
                    "thirdDate",
                    "thirdDate-constraint",
                    "priority",
                ]
            ),
            st.sampled_from(
                [
                    "",
                    "0",
                    "1",
                    "-1",
                    "7",
                    "x",
                    "nan",
                    "2026-02-30",
                    "99999999999",
                    "true",
                    "2026-01-05",
                    "1e9",
                ]
            ),
        ),
        max_size=6,
    )
)
def test_odd_attribute_values_give_a_plan_or_import_rejected(
    tmp_path: Path, attributes: list[tuple[str, str]]
) -> None:
    extra = " ".join(f'{k}="{v}"' for k, v in dict(attributes).items() if k != "id")
    depend = " ".join(
        f'{k}="{v}"' for k, v in dict(attributes).items() if k in ("type", "difference")
    )
    tasks = (
        f'<task id="1" name="A" {extra}><depend id="2" {depend}/></task>'
        f'<task id="2" name="B" start="2026-01-05" duration="1"/>'
    )
    allocation = f'<allocations><allocation task-id="1" resource-id="0" {extra}/></allocations>'
    resources = '<resources><resource id="0" name="R"/></resources>'
    state = saved_state(f'<previous-task id="1" {extra}/>')
    path = gan(tmp_path, tasks, resources + allocation + state)
    with contextlib.suppress(ImportRejected):
        read_gan(path)


# --- saved states (baselines) and day lengths on the project's own calendar -----------------


def test_a_baseline_finish_skips_a_holiday_as_the_scheduler_does(tmp_path: Path) -> None:
    """Mon 2 March 2026 + 5 days, Wednesday a holiday: Monday 9 March, not Friday 6."""
    holiday = '<date year="2026" month="3" date="4" type="HOLIDAY">Closed</date>'
    state = saved_state('<previous-task id="1" start="2026-03-02" duration="5" meeting="false"/>')
    tasks = '<task id="1" name="A" start="2026-03-02" duration="5"/>'
    portfolio = read_gan(gan(tmp_path, tasks, calendar(dates=holiday) + state)).portfolio
    baseline = portfolio.baselines[(1, 0)]
    assert (baseline.start, baseline.finish) == (datetime(2026, 3, 2, 8), datetime(2026, 3, 9, 17))
    assert baseline.duration_minutes == 5 * 480
    plan = schedule(portfolio)
    assert (plan.tasks[1].start, plan.tasks[1].finish) == (baseline.start, baseline.finish)


@pytest.mark.parametrize(
    ("start", "begins", "ends"),
    [
        ("2026-03-01", datetime(2026, 3, 1, 8), datetime(2026, 3, 5, 17)),  # Sunday: working
        ("2026-03-06", datetime(2026, 3, 8, 8), datetime(2026, 3, 12, 17)),  # Friday: weekend
    ],
)
def test_a_baseline_follows_a_sunday_to_thursday_week(
    tmp_path: Path, start: str, begins: datetime, ends: datetime
) -> None:
    """Friday and Saturday off: 5 days run Sunday to Thursday; a start on the weekend
    moves to Sunday morning, where the scheduler would start the task."""
    week = 'sun="0" mon="0" tue="0" wed="0" thu="0" fri="1" sat="1"'
    state = saved_state(f'<previous-task id="1" start="{start}" duration="5" meeting="false"/>')
    tasks = '<task id="1" name="A" start="2026-03-01" duration="5"/>'
    portfolio = read_gan(gan(tmp_path, tasks, calendar(week) + state)).portfolio
    baseline = portfolio.baselines[(1, 0)]
    assert (baseline.start, baseline.finish) == (begins, ends)


def test_a_working_saturday_counts_in_a_baseline(tmp_path: Path) -> None:
    """A WORKING_DAY event on Saturday 7 March: Thu + 3 days ends Saturday, not Monday."""
    saturday = '<date year="2026" month="3" date="7" type="WORKING_DAY"/>'
    state = saved_state('<previous-task id="1" start="2026-03-05" duration="3" meeting="false"/>')
    tasks = '<task id="1" name="A" start="2026-03-05" duration="3"/>'
    portfolio = read_gan(gan(tmp_path, tasks, calendar(dates=saturday) + state)).portfolio
    assert portfolio.baselines[(1, 0)].finish == datetime(2026, 3, 7, 17)


def test_a_milestone_baseline_finishes_where_it_starts(tmp_path: Path) -> None:
    """As MS Project stores a milestone's baseline: no length, finish == start."""
    state = saved_state(
        '<previous-task id="1" start="2026-03-04" duration="0" meeting="true"/>',
        '<previous-task id="2" start="2026-03-04" duration="1" meeting="true"/>',
    )
    tasks = (
        '<task id="1" name="M" start="2026-03-04" duration="0" meeting="true"/>'
        '<task id="2" name="Old M" start="2026-03-04" duration="1" meeting="true"/>'
    )
    portfolio = read_gan(gan(tmp_path, tasks, calendar() + state)).portfolio
    for task_id in (1, 2):
        baseline = portfolio.baselines[(task_id, 0)]
        assert baseline.start == baseline.finish == datetime(2026, 3, 4, 8), task_id
        assert baseline.duration_minutes == 0


def test_a_calendar_without_working_days_keeps_baselines_without_finishes(
    tmp_path: Path,
) -> None:
    """Every day a weekend: the import still succeeds, says why finishes are missing."""
    week = 'sun="1" mon="1" tue="1" wed="1" thu="1" fri="1" sat="1"'
    state = saved_state('<previous-task id="1" start="2026-03-02" duration="2" meeting="false"/>')
    tasks = '<task id="1" name="A" start="2026-03-02" duration="2"/>'
    result = read_gan(gan(tmp_path, tasks, calendar(week) + state))
    baseline = result.portfolio.baselines[(1, 0)]
    assert (baseline.start, baseline.finish) == (datetime(2026, 3, 2, 8), None)
    assert any("no working time" in w for w in result.report.warnings)


def test_a_baseline_duration_out_of_range_is_refused(tmp_path: Path) -> None:
    state = saved_state('<previous-task id="1" start="2026-03-02" duration="-3"/>')
    path = gan(tmp_path, '<task id="1" name="A" start="2026-03-02"/>', state)
    with pytest.raises(ImportRejected, match="out of range") as caught:
        read_gan(path)
    assert caught.value.field == "duration"


def test_days_and_day_starts_come_from_the_projects_time_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GanttProject counts in days: each day is the project's own length and a day-only
    start its default start time, so other settings stay consistent (7h days, 09:00)."""

    def seven_hour_project(*args: object, **kwargs: object) -> Project:
        return Project(*args, **kwargs, minutes_per_day=420, default_start_minute=9 * 60)

    monkeypatch.setattr(ganttproject, "Project", seven_hour_project)
    tasks = (
        '<task id="1" name="A" start="2026-03-02" duration="2"><depend id="2" difference="1"/>'
        "</task>"
        '<task id="2" name="B" start="2026-03-05" duration="1"/>'
        '<task id="3" name="C" start="2026-03-03" duration="1" thirdDate="2026-03-04"'
        ' thirdDate-constraint="1"/>'
        '<task id="4" name="D" start="2026-03-04" duration="1"/>'
    )
    resources = (
        '<resources><resource id="0" name="R"><rate name="standard" value="840"/></resource>'
        "</resources>"
    )
    state = saved_state('<previous-task id="1" start="2026-03-02" duration="2"/>')
    portfolio = read_gan(gan(tmp_path, tasks, calendar() + resources + state)).portfolio
    assert portfolio.projects[1].start == datetime(2026, 3, 2, 9)
    assert portfolio.tasks[1].duration_minutes == 2 * 420
    assert next(iter(portfolio.links.values())).lag_minutes == 420
    assert portfolio.tasks[3].constraint_date == datetime(2026, 3, 4, 9)
    assert portfolio.tasks[4].constraint_date == datetime(2026, 3, 4, 9)
    assert portfolio.resources[1].standard_rate == Decimal(840) / 7
    baseline = portfolio.baselines[(1, 0)]
    assert baseline.duration_minutes == 2 * 420
    assert baseline.start == datetime(2026, 3, 2, 9)
    assert baseline.finish == datetime(2026, 3, 3, 16)  # 9-12, 13-17, then 8-12, 13-16
