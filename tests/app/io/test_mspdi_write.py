"""write_mspdi: round trips (R18), schema order, computed dates, atomic replacement."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import stat
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.io import atomic
from app.io.atomic import atomic_open, atomic_write_text
from app.io.mspdi import SCHEMA_ORDER, parse_xsd_duration, read_mspdi, write_mspdi
from app.io.safe_xml import local_name, parse_xml
from app.model import (
    STANDARD_WEEK,
    Assignment,
    Baseline,
    Calendar,
    CalendarException,
    ConstraintKind,
    Contour,
    DurationUnit,
    Link,
    LinkKind,
    Portfolio,
    Project,
    RateUnit,
    Resource,
    ResourceType,
    Task,
    TaskType,
    WorkWeek,
)
from app.schedule import schedule
from app.schedule.result import ProjectDates, Schedule, TaskDates

DATA = Path(__file__).parents[2] / "data" / "mspdi"
FULL = DATA / "full.xml"
DEFAULT_SAMPLES = Path(__file__).parents[3] / ".." / "shared" / "samples" / "real"
SAMPLES = Path(os.environ.get("PLANSMITH_SAMPLES", DEFAULT_SAMPLES))
COLLECTIONS = ("projects", "calendars", "tasks", "links", "resources", "assignments", "baselines")


def manifest() -> list[dict[str, str]]:
    path = SAMPLES / "MANIFEST.tsv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as stream:
        return [row for row in csv.DictReader(stream, delimiter="\t") if row["format"] == "MSPDI"]


needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason=f"shared samples folder not present at {SAMPLES}"
)


def differences(a: Portfolio, b: Portfolio) -> list[str]:
    """Every field that differs between two portfolios, named for the failure message."""
    found = []
    for name in COLLECTIONS:
        left, right = getattr(a, name), getattr(b, name)
        if left.keys() != right.keys():
            found.append(f"{name}: ids {sorted(left)} != {sorted(right)}")
            continue
        for key, item in left.items():
            for field in dataclasses.fields(item):
                mine, theirs = getattr(item, field.name), getattr(right[key], field.name)
                if mine != theirs:
                    found.append(f"{name}[{key}].{field.name}: {mine!r} != {theirs!r}")
    return found


def round_trip(portfolio: Portfolio, tmp_path: Path, schedule: Schedule | None = None) -> Portfolio:
    out = tmp_path / "out.xml"
    write_mspdi(portfolio, 1, out, schedule)
    return read_mspdi(out).portfolio


# --- round trips --------------------------------------------------------------------------


@needs_samples
@pytest.mark.parametrize("name", [row["file"] for row in manifest()] or ["(samples folder absent)"])
def test_every_sample_round_trips_field_by_field(name: str, tmp_path: Path) -> None:
    original = read_mspdi(SAMPLES / name).portfolio
    again = round_trip(original, tmp_path)
    assert differences(original, again) == []


def test_fixture_round_trips_and_keeps_what_it_does_not_model(tmp_path: Path) -> None:
    original = read_mspdi(FULL).portfolio
    again = round_trip(original, tmp_path)
    assert differences(original, again) == []
    text = (tmp_path / "out.xml").read_text(encoding="utf-8")
    assert "<Author>Test Author</Author>" in text
    assert "<Alias>Risk</Alias>" in text  # a custom field definition, kept verbatim
    assert "<DurationFormat>41</DurationFormat>" in text  # "1w?" stays estimated
    assert "<FixedCost>12345</FixedCost>" in text  # 123.45 in hundredths
    assert "<CostPerUse>1000</CostPerUse>" in text
    assert "<Title>Ärger € Plan</Title>" in text


def _calendar() -> Calendar:
    return Calendar(
        id=1,
        name="Büro",
        week=STANDARD_WEEK,
        exceptions=(
            CalendarException(date(2025, 12, 24), date(2025, 12, 26), (), "Weihnachten"),
            CalendarException(date(2025, 12, 27), date(2025, 12, 27), ((540, 720),), "Inventur"),
        ),
        work_weeks=(
            WorkWeek(
                date(2025, 7, 1), date(2025, 8, 31), (((480, 780),),) * 5 + ((), ()), "Sommer"
            ),
        ),
        project_id=1,
    )


def built_portfolio() -> Portfolio:
    """A plan made in Plansmith: no UIDs, no extras, every kind of thing once."""
    d = datetime
    project = Project(
        id=1,
        name='Ärger € <&> "quoted"',
        start=d(2025, 6, 2, 8, 0),
        calendar_id=1,
        status_date=d(2025, 6, 10, 17, 0),
        currency="CHF",
        critical_slack_minutes=960,
        manager="Zoë",
    )
    tasks = {
        1: Task(1, 1, "Phase 1", position=0, duration_minutes=4800),
        2: Task(
            2,
            1,
            "Ärger €",
            parent_id=1,
            position=0,
            duration_minutes=960,
            constraint=ConstraintKind.START_NO_EARLIER_THAN,
            constraint_date=d(2025, 6, 3, 8, 0),
            fixed_cost=Decimal("1234.56"),
            notes="line one\nline two\r\n  indented",
            percent_complete=25,
            actual_start=d(2025, 6, 3, 8, 0),
            remaining_minutes=720,
            priority=900,
            wbs="X-1",
        ),
        3: Task(
            3,
            1,
            "  spaced  ",
            parent_id=1,
            position=1,
            duration_minutes=1440,
            duration_unit=DurationUnit.ELAPSED_DAYS,
            task_type=TaskType.FIXED_WORK,
            effort_driven=True,
            deadline=d(2025, 7, 1, 17, 0),
            leveling_delay_minutes=240,
            splits=(
                (d(2025, 6, 5, 8, 0), d(2025, 6, 5, 17, 0)),
                (d(2025, 6, 9, 8, 0), d(2025, 6, 9, 17, 0)),
            ),
        ),
        4: Task(4, 1, "Done", position=1, duration_minutes=0, milestone=True, calendar_id=1),
        5: Task(
            5,
            1,
            "Manual",
            position=2,
            manual=True,
            manual_start=d(2025, 6, 20, 8, 0),
            manual_finish=d(2025, 6, 24, 17, 0),
            duration_unit=DurationUnit.HOURS,
            ignore_resource_calendar=True,
        ),
    }
    links = {
        1: Link(1, 2, 3, LinkKind.FS, lag_minutes=480),
        2: Link(2, 3, 4, LinkKind.SS, lag_minutes=-240, lag_unit=DurationUnit.HOURS),
        3: Link(3, 2, 4, LinkKind.FF, lag_unit=DurationUnit.PERCENT, lag_percent=50),
        4: Link(4, 4, 5, LinkKind.SF, lag_minutes=2880, lag_unit=DurationUnit.ELAPSED_DAYS),
    }
    resources = {
        1: Resource(
            1,
            "Jürgen Groß",
            initials="JG",
            group="Bau",
            email="j@example.org",
            max_units=0.5,
            standard_rate=Decimal("87.50"),
            standard_rate_unit=RateUnit.DAY,
            overtime_rate=Decimal("100.10"),
            cost_per_use=Decimal("12.34"),
            calendar_id=1,
            project_id=1,
        ),
        2: Resource(2, "Beton", type=ResourceType.MATERIAL, material_label="m³", project_id=1),
        3: Resource(3, "Reisen", type=ResourceType.COST, project_id=1),
    }
    assignments = {
        1: Assignment(1, 2, 1, units=0.5, work_minutes=480, actual_work_minutes=120),
        2: Assignment(2, 3, 2, units=12.5, contour=Contour.TURTLE),
        3: Assignment(3, 3, 3, cost=Decimal("999.99")),
    }
    baselines = {
        (2, 0): Baseline(
            2, 0, d(2025, 6, 3, 8, 0), d(2025, 6, 4, 17, 0), 960, 480, Decimal("10.01")
        ),
        (2, 10): Baseline(2, 10, None, None, 0, 0, Decimal(0)),
    }
    return Portfolio(
        projects={1: project},
        calendars={1: _calendar()},
        tasks=tasks,
        links=links,
        resources=resources,
        assignments=assignments,
        baselines=baselines,
    )


def _without_file_traces(portfolio: Portfolio) -> Portfolio:
    """What a fresh plan and its re-import can differ in: UIDs and kept extras."""

    def clean(item: object) -> object:
        changes = {}
        for name in ("uid", "extra"):
            if hasattr(item, name):
                changes[name] = None if name == "uid" else ""
        return dataclasses.replace(item, **changes)  # type: ignore[type-var]

    return Portfolio(
        **{name: {k: clean(v) for k, v in getattr(portfolio, name).items()} for name in COLLECTIONS}
    )


def test_a_plan_made_in_plansmith_round_trips(tmp_path: Path) -> None:
    original = built_portfolio()
    again = round_trip(original, tmp_path)
    assert differences(_without_file_traces(original), _without_file_traces(again)) == []
    assert [t.uid for t in again.walk(1)] == [1, 2, 3, 4, 5]  # fresh UIDs, outline order
    assert again.tasks[3].splits == original.tasks[3].splits
    # A second round trip is exact, UIDs and extras included.
    assert differences(again, round_trip(again, tmp_path)) == []


def test_characters_xml_cannot_hold_are_dropped_not_fatal(tmp_path: Path) -> None:
    portfolio = built_portfolio()
    task = dataclasses.replace(portfolio.tasks[1], name="bell\x07 and nul\x00")
    portfolio = dataclasses.replace(portfolio, tasks={**portfolio.tasks, 1: task})
    again = round_trip(portfolio, tmp_path)
    assert again.tasks[1].name == "bell and nul"


xml_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
).map(lambda s: "".join(c for c in s if c in "\t\n\r" or ord(c) >= 0x20))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.lists(xml_text, min_size=1, max_size=6),
    minutes=st.lists(st.integers(min_value=0, max_value=100_000), min_size=6, max_size=6),
    units=st.lists(
        st.sampled_from([u for u in DurationUnit if u is not DurationUnit.PERCENT]),
        min_size=6,
        max_size=6,
    ),
    lag=st.integers(min_value=-10_000, max_value=10_000),
    kind=st.sampled_from(list(LinkKind)),
)
def test_any_plan_round_trips(
    tmp_path: Path,
    names: list[str],
    minutes: list[int],
    units: list[DurationUnit],
    lag: int,
    kind: LinkKind,
) -> None:
    project = Project(1, "P" + names[0], datetime(2025, 1, 6, 8, 0))
    tasks = {
        i: Task(
            i,
            1,
            name,
            position=i,
            uid=i,
            duration_minutes=minutes[i - 1],
            duration_unit=units[i - 1],
        )
        for i, name in enumerate(names, start=1)
    }
    links = {1: Link(1, 1, len(tasks), kind, lag_minutes=lag)} if len(tasks) > 1 else {}
    portfolio = Portfolio(projects={1: project}, tasks=tasks, links=links)
    again = round_trip(portfolio, tmp_path)
    assert [t.name for t in again.walk(1)] == names
    assert [(t.duration_minutes, t.duration_unit) for t in again.walk(1)] == [
        (m, u) for m, u in zip(minutes, units, strict=False)
    ][: len(names)]
    assert [(k.kind, k.lag_minutes) for k in again.links.values()] == [(kind, lag)] * len(links)
    assert again.projects[1].name == "P" + names[0]


# --- what the file looks like ---------------------------------------------------------------


def _children(element: Element) -> list[str]:
    return [local_name(child.tag) for child in element]


def _entities(root: Element) -> list[tuple[str, Element]]:
    """(order key, element) for every element SCHEMA_ORDER describes."""
    found = [("Project", root)]
    for section, kind in (("Calendars", "Calendar"), ("Tasks", "Task"), ("Resources", "Resource")):
        for parent in root:
            if local_name(parent.tag) == section:
                found += [(kind, child) for child in parent]
    for parent in root:
        if local_name(parent.tag) == "Assignments":
            found += [("Assignment", child) for child in parent]
        if local_name(parent.tag) == "Tasks":
            for task in parent:
                for child in task:
                    name = local_name(child.tag)
                    if name == "PredecessorLink":
                        found.append(("PredecessorLink", child))
                    elif name == "Baseline":
                        found.append(("Task/Baseline", child))
    return found


def _out_of_order(kind: str, names: list[str]) -> list[str]:
    order = SCHEMA_ORDER[kind]
    known = [name for name in names if name in order]
    positions = [order.index(name) for name in known]
    problems = [
        f"{kind}: {known[i + 1]} after {known[i]}"
        for i in range(len(positions) - 1)
        if positions[i + 1] < positions[i]
    ]
    unknown = [name for name in names if name not in order]
    if unknown and names[-len(unknown) :] != unknown:
        problems.append(f"{kind}: unknown {unknown} not at the end")
    return problems


def test_written_elements_follow_the_schema_sequence(tmp_path: Path) -> None:
    out = tmp_path / "o.xml"
    write_mspdi(read_mspdi(FULL).portfolio, 1, out)
    problems = []
    for kind, element in _entities(parse_xml(out).root):
        problems += _out_of_order(kind, _children(element))
    assert problems == []
    write_mspdi(built_portfolio(), 1, out)
    for kind, element in _entities(parse_xml(out).root):
        problems += _out_of_order(kind, _children(element))
    assert problems == []


@needs_samples
def test_every_element_ms_project_wrote_has_a_place_in_the_sequences() -> None:
    """Nothing MS Project writes ends up in the "unknown, append at the end" tail."""
    unknown = set()
    checked = 0
    for row in manifest():
        if not row["written_by"].startswith("Microsoft Project"):
            continue
        for kind, element in _entities(parse_xml(SAMPLES / row["file"]).root):
            unknown |= {f"{kind}/{n}" for n in _children(element) if n not in SCHEMA_ORDER[kind]}
            checked += 1
    assert checked > 500
    assert unknown == set()


@needs_samples
@pytest.mark.parametrize("name", [row["file"] for row in manifest()] or ["(samples folder absent)"])
def test_exported_samples_follow_the_schema_sequence(name: str, tmp_path: Path) -> None:
    """Project 2010+ write ManualStart, ExtendedAttribute... out of the schema's order;
    what we export puts every element where mspdi's xsd:sequence wants it."""
    out = tmp_path / "o.xml"
    write_mspdi(read_mspdi(SAMPLES / name).portfolio, 1, out)
    problems = []
    for kind, element in _entities(parse_xml(out).root):
        problems += _out_of_order(kind, _children(element))
    assert problems == []


def test_schedule_dates_slack_and_criticality_are_written(tmp_path: Path) -> None:
    portfolio = read_mspdi(FULL).portfolio
    start = datetime(2024, 1, 2, 8, 0)
    dates = {}
    for number, task_id in enumerate(sorted(portfolio.tasks)):
        s = start + timedelta(days=number)
        dates[task_id] = TaskDates(
            start=s,
            finish=s + timedelta(hours=9),
            early_start=s,
            early_finish=s + timedelta(hours=9),
            late_start=s + timedelta(days=2),
            late_finish=s + timedelta(days=2, hours=9),
            duration_minutes=480,
            total_slack_minutes=960 + number,
            free_slack_minutes=number,
            critical=number % 2 == 0,
        )
    schedule = Schedule(tasks=dates, projects={1: ProjectDates(start, datetime(2024, 2, 9, 17, 0))})
    out = tmp_path / "s.xml"
    write_mspdi(portfolio, 1, out, schedule)
    root = parse_xml(out).root
    values = {local_name(child.tag): child.text for child in root if not len(child)}
    assert values["FinishDate"] == "2024-02-09T17:00:00"
    written = _written(out, "Task")
    assert written[0]["Start"] == "2024-01-02T08:00:00"  # the project summary row
    for task_id, task_dates in dates.items():
        fields = written[portfolio.tasks[task_id].uid]
        assert fields["Start"] == task_dates.start.isoformat()
        assert fields["Finish"] == task_dates.finish.isoformat()
        assert fields["EarlyStart"] == task_dates.early_start.isoformat()
        assert fields["LateStart"] == task_dates.late_start.isoformat()
        assert fields["LateFinish"] == task_dates.late_finish.isoformat()
        assert int(fields["TotalSlack"]) == task_dates.total_slack_minutes * 10  # tenths
        assert int(fields["FreeSlack"]) == task_dates.free_slack_minutes * 10
        assert fields["Critical"] == ("1" if task_dates.critical else "0")
    # The computed values do not leak into what Plansmith reads back as input.
    assert differences(portfolio, read_mspdi(out).portfolio) == []


def _written(path: Path, kind: str) -> dict[int, dict[str, str | None]]:
    """Each element of one kind (``Task``, ``Assignment``, ``Resource``) by UID: its
    fields that hold a value rather than children."""
    found = {}
    for element in parse_xml(path).root.iter():
        if local_name(element.tag) == kind:
            fields = {local_name(child.tag): child.text for child in element if not len(child)}
            found[int(fields["UID"] or 0)] = fields
    return found


def _minutes(fields: dict[str, str | None], name: str) -> int | None:
    text = fields.get(name)
    return None if text is None else parse_xsd_duration(text)


def _money(fields: dict[str, str | None], name: str) -> Decimal | None:
    text = fields.get(name)
    return None if text is None else Decimal(text) / 100  # MSPDI holds hundredths


#: Totals MS Project derives from the plan, which the export writes from the model (a
#: copy kept from the file would contradict the plan once it is edited).
_DERIVED = (
    ("Task", "ActualDuration", _minutes),
    ("Task", "Work", _minutes),
    ("Task", "Cost", _money),
    ("Assignment", "RemainingWork", _minutes),
    ("Assignment", "Cost", _money),
    ("Resource", "Work", _minutes),
)


@needs_samples
@pytest.mark.parametrize("name", [row["file"] for row in manifest()] or ["(samples folder absent)"])
def test_derived_totals_come_out_as_ms_project_wrote_them(name: str, tmp_path: Path) -> None:
    """Planned cost (rates, cost per use, fixed and cost-resource costs, rolled up to
    summaries), work and progress totals equal MS Project's on every sample."""
    out = tmp_path / "out.xml"
    portfolio = read_mspdi(SAMPLES / name).portfolio
    write_mspdi(portfolio, 1, out, schedule(portfolio))
    for kind, field, value in _DERIVED:
        before, after = _written(SAMPLES / name, kind), _written(out, kind)
        for uid, fields in before.items():
            # UID 0 is the project's summary row, which is written from the project.
            if uid and fields.get(field) is not None and uid in after:
                assert value(after[uid], field) == value(fields, field), (kind, uid, field)
    # A resource costs what its assignments cost. (The file's own resource Cost agrees on
    # 63 of the 65 sample resources; in legacy-sample1.xml two resources' Work counts
    # all their assignments but their Cost only the first: 2015.00 where the
    # assignments' own Costs add up to 2445.00.)
    by_resource: dict[str, Decimal] = {}
    for fields in _written(SAMPLES / name, "Assignment").values():
        resource = fields["ResourceUID"] or ""
        by_resource[resource] = by_resource.get(resource, Decimal(0)) + (
            _money(fields, "Cost") or Decimal(0)
        )
    for uid, fields in _written(out, "Resource").items():
        if uid:
            assert _money(fields, "Cost") == by_resource.get(str(uid), Decimal(0)), uid


def test_progress_totals_follow_edited_progress(tmp_path: Path) -> None:
    portfolio = read_mspdi(FULL).portfolio
    leaves = [t for t in sorted(portfolio.tasks) if not portfolio.is_summary(t)]
    first, second, third = leaves[:3]
    start = datetime(2024, 1, 2, 8, 0)
    edits = {
        first: {"percent_complete": 25, "actual_start": start, "remaining_minutes": None},
        second: {"percent_complete": 50, "actual_start": start, "remaining_minutes": 60},
        third: {"percent_complete": 0, "actual_start": None, "remaining_minutes": None},
    }
    tasks = dict(portfolio.tasks)
    for task_id, changes in edits.items():
        tasks[task_id] = dataclasses.replace(tasks[task_id], duration_minutes=960, **changes)
    (assignment_id, assignment), *_ = portfolio.assignments.items()
    assignments = dict(portfolio.assignments)
    assignments[assignment_id] = dataclasses.replace(
        assignment, work_minutes=960, actual_work_minutes=240
    )
    edited = dataclasses.replace(portfolio, tasks=tasks, assignments=assignments)
    out = tmp_path / "out.xml"
    write_mspdi(edited, 1, out, schedule(edited))
    written = _written(out, "Task")
    actual = {t: _minutes(written[tasks[t].uid], "ActualDuration") for t in edits}
    assert actual == {first: 240, second: 900, third: 0}  # 25% of 2d; 2d less 1h; none
    (remaining,) = [
        _minutes(fields, "RemainingWork")
        for fields in _written(out, "Assignment").values()
        if fields["TaskUID"] == str(tasks[assignment.task_id].uid)
        and fields["ResourceUID"] is not None
        and _minutes(fields, "Work") == 960
    ]
    assert remaining == 720


def _split_plan(calendars: dict[int, Calendar], calendar_id: int, splits: tuple) -> Portfolio:
    """One task split on calendar ``calendar_id``, in a project on calendar 1."""
    task = Task(1, 1, "Pour", duration_minutes=960, calendar_id=calendar_id, splits=splits)
    return Portfolio(
        projects={1: Project(1, "Split", datetime(2025, 6, 9, 8, 0), calendar_id=1)},
        calendars=calendars,
        tasks={1: task},
    )


def _work_blocks(path: Path) -> list[tuple[str | None, str | None, int]]:
    """(Start, Finish, work minutes) of every timephased block in the file, in order."""
    blocks = []
    for element in parse_xml(path).root.iter():
        if local_name(element.tag) == "TimephasedData":
            fields = {local_name(child.tag): child.text for child in element}
            blocks.append((fields["Start"], fields["Finish"], _minutes(fields, "Value") or 0))
    return blocks


def test_split_work_is_the_working_time_of_the_task_calendar(tmp_path: Path) -> None:
    """Counted as the scheduler counts: the "Company" holiday on Wednesday 11 June 2025
    applies to the derived "Crew" calendar although the Crew has Wednesday hours of its
    own (MPXJ reads such a file the same way)."""
    d = datetime
    holiday = CalendarException(date(2025, 6, 11), date(2025, 6, 11), name="Holiday")
    wednesday = ((480, 720), (780, 1020))
    calendars = {
        1: Calendar(1, "Company", exceptions=(holiday,)),
        2: Calendar(2, "Crew", week=(None, None, wednesday, None, None, None, None), base_id=1),
    }
    splits = ((d(2025, 6, 9, 8), d(2025, 6, 12, 17)), (d(2025, 6, 16, 8), d(2025, 6, 16, 17)))
    out = tmp_path / "split.xml"
    write_mspdi(_split_plan(calendars, 2, splits), 1, out)
    assert _work_blocks(out) == [
        ("2025-06-09T08:00:00", "2025-06-12T17:00:00", 3 * 480),  # Mon-Thu less the holiday
        ("2025-06-12T17:00:00", "2025-06-16T08:00:00", 0),
        ("2025-06-16T08:00:00", "2025-06-16T17:00:00", 480),
    ]
    assert read_mspdi(out).portfolio.tasks[1].splits == splits


def test_a_split_task_on_a_calendar_without_work_still_exports(tmp_path: Path) -> None:
    """No working time to count: each period carries the one-minute minimum (zero would
    read back as a gap) instead of the export failing."""
    d = datetime
    closed = {1: Calendar(1, "Closed", week=((),) * 7)}
    splits = ((d(2025, 6, 9, 8), d(2025, 6, 9, 17)), (d(2025, 6, 12, 8), d(2025, 6, 12, 17)))
    out = tmp_path / "closed.xml"
    write_mspdi(_split_plan(closed, 1, splits), 1, out)
    assert [minutes for _, _, minutes in _work_blocks(out)] == [1, 0, 1]


def test_money_is_written_exactly(tmp_path: Path) -> None:
    portfolio = built_portfolio()
    out = tmp_path / "m.xml"
    write_mspdi(portfolio, 1, out)
    text = out.read_text(encoding="utf-8")
    assert "<FixedCost>123456</FixedCost>" in text
    assert "<StandardRate>87.50</StandardRate>" in text
    assert "<CostPerUse>1234</CostPerUse>" in text
    again = read_mspdi(out).portfolio
    assert again.tasks[2].fixed_cost == Decimal("1234.56")
    assert again.assignments[3].cost == Decimal("999.99")


def test_only_the_chosen_project_is_written(tmp_path: Path) -> None:
    portfolio = built_portfolio()
    other = Project(2, "Other", datetime(2025, 1, 1, 8, 0))
    stray = Task(9, 2, "not mine")
    portfolio = dataclasses.replace(
        portfolio,
        projects={**portfolio.projects, 2: other},
        tasks={**portfolio.tasks, 9: stray},
    )
    again = round_trip(portfolio, tmp_path)
    assert "not mine" not in {t.name for t in again.tasks.values()}
    with pytest.raises(KeyError):
        write_mspdi(portfolio, 3, tmp_path / "x.xml")


def test_a_cross_project_link_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    portfolio = built_portfolio()
    other = Project(2, "Other", datetime(2025, 1, 1, 8, 0))
    portfolio = dataclasses.replace(
        portfolio,
        projects={**portfolio.projects, 2: other},
        tasks={**portfolio.tasks, 9: Task(9, 2, "elsewhere")},
        links={**portfolio.links, 9: Link(9, 9, 2)},
    )
    out = tmp_path / "keep.xml"
    out.write_text("previous export")
    with pytest.raises(KeyError, match="outside project 1"):
        write_mspdi(portfolio, 1, out)
    assert out.read_text() == "previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.xml"]


# --- atomic writes --------------------------------------------------------------------------


def test_atomic_write_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write_text(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_crash_mid_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "a.xml"
    target.write_text("old content")
    with pytest.raises(RuntimeError), atomic_open(target, "w", encoding="utf-8") as stream:
        stream.write("half of the new")
        raise RuntimeError("disk full")
    assert target.read_text() == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["a.xml"]


def test_a_failed_rename_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.xml"
    target.write_text("old content")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        write_mspdi(built_portfolio(), 1, target)
    assert target.read_text() == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xml"]


def test_the_written_file_is_utf8_xml_with_the_namespace(tmp_path: Path) -> None:
    out = tmp_path / "n.xml"
    write_mspdi(built_portfolio(), 1, out)
    raw = out.read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')
    assert b'<Project xmlns="http://schemas.microsoft.com/project">' in raw
    assert "Jürgen Groß".encode() in raw
    json.loads(read_mspdi(out).portfolio.projects[1].extra or "{}")
