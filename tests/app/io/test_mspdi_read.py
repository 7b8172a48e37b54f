"""read_mspdi: what it makes of our fixture, of every real sample, and of broken files."""

from __future__ import annotations

import csv
import os
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.io.errors import ImportRejected
from app.io.mspdi import (
    format_xsd_duration,
    parse_datetime,
    parse_xsd_duration,
    read_mspdi,
    unit_of_format,
)
from app.model import (
    ConstraintKind,
    Contour,
    DurationUnit,
    LinkKind,
    RateUnit,
    ResourceType,
    TaskType,
)

DATA = Path(__file__).parents[2] / "data" / "mspdi"
FULL = DATA / "full.xml"
DEFAULT_SAMPLES = Path(__file__).parents[3] / ".." / "shared" / "samples" / "real"
SAMPLES = Path(os.environ.get("PLANSMITH_SAMPLES", DEFAULT_SAMPLES))
NS = "http://schemas.microsoft.com/project"


def mspdi_samples() -> list[str]:
    """MSPDI files listed in the samples' MANIFEST (empty when the folder is absent)."""
    manifest = SAMPLES / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8") as stream:
        return [
            row["file"]
            for row in csv.DictReader(stream, delimiter="\t")
            if row["format"] == "MSPDI"
        ]


def manifest_rows() -> dict[str, dict[str, str]]:
    with (SAMPLES / "MANIFEST.tsv").open(encoding="utf-8") as stream:
        return {row["file"]: row for row in csv.DictReader(stream, delimiter="\t")}


needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason=f"shared samples folder not present at {SAMPLES}"
)


def sample(name: str) -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"shared samples folder not present at {SAMPLES}")
    return SAMPLES / name


def by_uid(collection: object) -> dict:
    return {item.uid: item for item in collection.values()}  # type: ignore[attr-defined]


# --- the fixture, field by field --------------------------------------------------------


@pytest.fixture(scope="module")
def full():
    return read_mspdi(FULL)


def test_project_settings(full) -> None:
    project = full.portfolio.projects[1]
    assert list(full.portfolio.projects) == [1]
    assert project.name == "Ärger € Plan"  # the Title, not the file name
    assert project.start == datetime(2024, 1, 1, 8, 0)
    assert project.schedule_from_finish is False and project.finish is None
    assert project.status_date == datetime(2024, 1, 10, 17, 0)
    assert (project.currency, project.currency_digits) == ("EUR", 2)
    assert (project.minutes_per_day, project.minutes_per_week, project.days_per_month) == (
        480,
        2400,
        20,
    )
    assert (project.default_start_minute, project.default_finish_minute) == (450, 990)
    assert project.critical_slack_minutes == 480
    assert full.portfolio.calendars[project.calendar_id].name == "Standard"


def test_calendars(full) -> None:
    calendars = by_uid(full.portfolio.calendars)
    standard, night, anna = calendars[1], calendars[2], calendars[3]
    assert standard.week[0] == ((480, 720), (780, 1020))  # Monday
    assert standard.week[5] == () and standard.week[6] == ()  # Saturday, Sunday
    assert night.week[0] == ((1320, 1440),)  # 22:00 to midnight
    holiday, *saturdays = standard.exceptions
    assert (holiday.start, holiday.finish, holiday.hours, holiday.name) == (
        date(2024, 1, 15),
        date(2024, 1, 16),
        (),
        "Holiday",
    )
    # A recurring exception becomes one exception per concrete date.
    assert [(e.start, e.hours) for e in saturdays] == [
        (date(2024, 1, 6), ((540, 720),)),
        (date(2024, 1, 13), ((540, 720),)),
    ]
    (week,) = standard.work_weeks
    assert (week.start, week.finish, week.name) == (
        date(2024, 3, 1),
        date(2024, 3, 31),
        "Short Fridays",
    )
    assert week.week[4] == ((480, 720),) and week.week[0] is None
    # Old-style exception (WeekDay DayType 0 with a TimePeriod).
    assert [(e.start, e.finish, e.working) for e in night.exceptions] == [
        (date(2024, 1, 2), date(2024, 1, 2), False)
    ]
    # A derived (resource) calendar inherits every day it does not set.
    assert anna.base_id == standard.id
    assert anna.week[2] == () and anna.week[0] is None


def test_task_tree_ids_and_uids(full) -> None:
    portfolio = full.portfolio
    tasks = by_uid(portfolio.tasks)
    assert sorted(portfolio.tasks) == [1, 2, 3, 4, 5]
    assert sorted(tasks) == [10, 11, 12, 13, 15]  # UID 0 (summary) and blank row 14 skipped
    phase = tasks[10]
    assert [portfolio.tasks[i].uid for i in portfolio.children(1, phase.id)] == [11, 12, 13]
    assert [t.uid for t in portfolio.walk(1)] == [10, 11, 12, 13, 15]
    assert phase.wbs == "A-1" and tasks[11].wbs is None  # default WBS codes are derived
    assert portfolio.outline_number(tasks[13].id) == "1.3"
    assert "Task UID 14: blank row skipped" in full.report.warnings


def test_task_fields(full) -> None:
    tasks = by_uid(full.portfolio.tasks)
    design = tasks[11]
    assert (design.duration_minutes, design.duration_unit) == (960, DurationUnit.DAYS)
    assert design.constraint is ConstraintKind.START_NO_EARLIER_THAN
    assert design.constraint_date == datetime(2024, 1, 2, 8, 0)
    assert (design.percent_complete, design.remaining_minutes) == (50, 480)
    assert design.actual_start == datetime(2024, 1, 2, 8, 0)
    assert design.fixed_cost == Decimal("123.45") and isinstance(design.fixed_cost, Decimal)
    assert design.notes == "Note & <stuff>" and design.priority == 700

    build = tasks[12]
    assert (build.duration_minutes, build.duration_unit) == (2400, DurationUnit.WEEKS)
    assert build.task_type is TaskType.FIXED_DURATION and build.effort_driven
    assert full.portfolio.calendars[build.calendar_id].name == "Night shift"
    assert build.deadline == datetime(2024, 1, 31, 17, 0)
    assert build.leveling_delay_minutes == 480
    assert build.remaining_minutes is None  # not started: remaining follows the duration

    review = tasks[13]
    assert review.milestone and review.duration_minutes == 0

    manual = tasks[15]
    assert manual.name == "Manual ☃" and manual.manual
    assert (manual.manual_start, manual.manual_finish) == (
        datetime(2024, 1, 8, 8, 0),
        datetime(2024, 1, 10, 17, 0),
    )
    assert manual.duration_unit is DurationUnit.HOURS
    assert manual.constraint is ConstraintKind.MUST_FINISH_ON
    assert manual.actual_finish == datetime(2024, 1, 10, 17, 0)
    assert manual.ignore_resource_calendar


def test_links(full) -> None:
    uid = {t.id: t.uid for t in full.portfolio.tasks.values()}
    links = {
        (uid[link.predecessor_id], uid[link.successor_id]): link
        for link in full.portfolio.links.values()
    }
    assert sorted(links) == [(11, 12), (11, 13), (12, 13), (13, 15)]
    fs = links[(11, 12)]
    assert (fs.kind, fs.lag_minutes, fs.lag_unit) == (LinkKind.FS, 480, DurationUnit.DAYS)
    ss = links[(12, 13)]
    assert (ss.kind, ss.lag_minutes, ss.lag_unit) == (LinkKind.SS, 1440, DurationUnit.ELAPSED_DAYS)
    ff = links[(11, 13)]
    assert (ff.kind, ff.lag_unit, ff.lag_percent, ff.lag_minutes) == (
        LinkKind.FF,
        DurationUnit.PERCENT,
        500,
        0,
    )
    sf = links[(13, 15)]
    assert (sf.kind, sf.lag_minutes) == (LinkKind.SF, -480)  # a lead


def test_resources(full) -> None:
    resources = by_uid(full.portfolio.resources)
    assert sorted(resources) == [1, 2, 3]  # UID 0 placeholder and blank UID 4 skipped
    anna = resources[1]
    assert (anna.name, anna.type, anna.initials, anna.group, anna.email) == (
        "Anna Ärger",
        ResourceType.WORK,
        "AÄ",
        "Dev",
        "anna@example.org",
    )
    assert anna.max_units == 1.5
    # Rates are per hour in MSPDI whatever unit MS Project shows them in.
    assert (anna.standard_rate, anna.standard_rate_unit) == (Decimal("50.25"), RateUnit.DAY)
    assert anna.overtime_rate == Decimal("75")
    assert anna.cost_per_use == Decimal("10.00")  # MSPDI currency fields are in hundredths
    assert full.portfolio.calendars[anna.calendar_id].name == "Anna Ärger"
    assert resources[2].type is ResourceType.MATERIAL and resources[2].material_label == "t"
    assert resources[3].type is ResourceType.COST  # Type 0 + IsCostResource 1


def test_assignments_and_baselines(full) -> None:
    portfolio = full.portfolio
    tasks = {t.id: t.uid for t in portfolio.tasks.values()}
    assignments = by_uid(portfolio.assignments)
    assert sorted(assignments) == [1, 2, 3]  # the unassigned (-65535) one is skipped
    work = assignments[1]
    assert (tasks[work.task_id], work.units, work.work_minutes, work.actual_work_minutes) == (
        11,
        1.0,
        960,
        480,
    )
    assert work.cost is None  # computed from rates for work resources
    assert assignments[2].contour is Contour.BELL and assignments[2].units == 10.0
    assert assignments[3].cost == Decimal("500.00")
    design_id = next(t.id for t in portfolio.tasks.values() if t.uid == 11)
    base0 = portfolio.baselines[(design_id, 0)]
    assert (base0.start, base0.finish, base0.duration_minutes, base0.work_minutes, base0.cost) == (
        datetime(2024, 1, 2, 8, 0),
        datetime(2024, 1, 3, 17, 0),
        960,
        960,
        Decimal("100.50"),
    )
    assert sorted(number for _, number in portfolio.baselines) == [0, 3]


def test_unmodelled_elements_are_kept_as_json(full) -> None:
    import json

    tasks = by_uid(full.portfolio.tasks)
    extra = json.loads(tasks[11].extra)
    assert extra["ExtendedAttribute"] == [
        "<ExtendedAttribute><FieldID>188743731</FieldID><Value>high</Value></ExtendedAttribute>"
    ]
    # What the scheduler computes is not kept: the exporter writes it from the schedule.
    computed = {"Start", "Finish", "EarlyStart", "LateFinish", "TotalSlack", "Critical"}
    assert not computed & set(extra)
    assert json.loads(tasks[12].extra)["DurationFormat"] == "41"  # "1w?" (estimated)
    project_extra = json.loads(full.portfolio.projects[1].extra)
    assert project_extra["Author"] == "Test Author"
    assert project_extra["ExtendedAttributes"][0].startswith("<ExtendedAttributes>")
    assert "Task/ExtendedAttribute" in full.report.kept_unmodelled
    assert full.report.counts["tasks"] == 5 and full.report.counts["links"] == 4


# --- values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("PT8H0M0S", 480),
        ("PT0H0M0S", 0),
        ("PT1H30M0S", 90),
        ("PT0H0M30S", 0),
        ("PT7H59M59.6S", 480),
        ("P1DT2H", 1560),
        ("-PT8H0M0S", -480),
        ("PT160H0M0S", 9600),
    ],
)
def test_xsd_durations(text: str, minutes: int) -> None:
    assert parse_xsd_duration(text) == minutes


@pytest.mark.parametrize("text", ["P3X", "PT", "8h", "", "PT-8H", "P99999999999D"])
def test_bad_xsd_durations(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_xsd_duration(text)


def test_xsd_duration_round_trip() -> None:
    for minutes in (0, 1, 59, 480, 2401, -480):
        assert parse_xsd_duration(format_xsd_duration(minutes)) == minutes


def test_dates_out_of_range_are_refused() -> None:
    assert parse_datetime("2006-09-21T08:00:00") == datetime(2006, 9, 21, 8, 0)
    for text in ("1600-01-01T00:00:00", "9999-12-31T00:00:00", "yesterday"):
        with pytest.raises(ValueError, match=text):
            parse_datetime(text)


@pytest.mark.parametrize(
    ("code", "unit"),
    [
        (3, DurationUnit.MINUTES),
        (4, DurationUnit.ELAPSED_MINUTES),
        (5, DurationUnit.HOURS),
        (6, DurationUnit.ELAPSED_HOURS),
        (7, DurationUnit.DAYS),
        (8, DurationUnit.ELAPSED_DAYS),
        (9, DurationUnit.WEEKS),
        (10, DurationUnit.ELAPSED_WEEKS),
        (11, DurationUnit.MONTHS),
        (12, DurationUnit.ELAPSED_MONTHS),
        (19, DurationUnit.PERCENT),
        (20, DurationUnit.PERCENT),
        (21, DurationUnit.DAYS),
        (35, DurationUnit.MINUTES),
        (39, DurationUnit.DAYS),
        (41, DurationUnit.WEEKS),
        (44, DurationUnit.ELAPSED_MONTHS),
        (51, DurationUnit.PERCENT),
        (53, DurationUnit.DAYS),
    ],
)
def test_duration_format_codes(code: int, unit: DurationUnit) -> None:
    assert unit_of_format(code, percent_ok=True) is unit


def test_unknown_duration_format_codes() -> None:
    assert unit_of_format(13, percent_ok=True) is None
    assert unit_of_format(19, percent_ok=False) is DurationUnit.DAYS


# --- bad input: ImportRejected naming file, place and field -----------------------------


def _project(tasks: str = "", extra: str = "") -> str:
    return (
        f'<?xml version="1.0"?>\n<Project xmlns="{NS}">\n'
        f"<StartDate>2024-01-01T08:00:00</StartDate>\n{extra}<Tasks>\n{tasks}</Tasks>\n</Project>\n"
    )


def _task(uid: str, body: str = "") -> str:
    uid_element = f"<UID>{uid}</UID>" if uid else ""
    return f"<Task>{uid_element}<OutlineLevel>1</OutlineLevel>\n{body}</Task>\n"


def _reject(tmp_path: Path, text: str) -> ImportRejected:
    path = tmp_path / "plan.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportRejected) as info:
        read_mspdi(path)
    assert info.value.file == path
    return info.value


def test_wrong_root_element(tmp_path: Path) -> None:
    error = _reject(tmp_path, f'<?xml version="1.0"?>\n<project xmlns="{NS}"/>')
    assert error.line == 2 and "root element is <project>" in error.message


def test_wrong_namespace(tmp_path: Path) -> None:
    error = _reject(tmp_path, '<Project xmlns="urn:other"><Tasks/></Project>')
    assert "urn:other" in error.message and NS in error.message
    error = _reject(tmp_path, "<Project><Tasks/></Project>")
    assert "no namespace" in error.message


def test_missing_task_uid(tmp_path: Path) -> None:
    error = _reject(tmp_path, _project(_task("1") + _task("", "<Name>x</Name>")))
    assert (error.place, error.field) == ("Task #2", "UID")
    assert error.line == 7
    assert str(error) == "plan.xml: line 7, Task #2, UID: required UID is missing"


def test_duplicate_task_uid(tmp_path: Path) -> None:
    error = _reject(tmp_path, _project(_task("7") + _task("7")))
    assert (error.place, error.field, error.line) == ("Task UID 7", "UID", 7)
    assert "used twice (first on line 5)" in error.message


def test_unknown_predecessor(tmp_path: Path) -> None:
    link = "<PredecessorLink>\n<PredecessorUID>99</PredecessorUID>\n</PredecessorLink>\n"
    error = _reject(tmp_path, _project(_task("1") + _task("2", link)))
    assert (error.place, error.field) == ("Task UID 2 / PredecessorLink", "PredecessorUID")
    assert error.line == 9 and "no task has UID 99" in error.message


def test_bad_duration_names_the_field(tmp_path: Path) -> None:
    error = _reject(tmp_path, _project(_task("12", "<Duration>P3X</Duration>\n")))
    assert str(error) == (
        "plan.xml: line 6, Task UID 12, Duration: "
        "cannot read 'P3X' as a duration (expected e.g. PT8H0M0S)"
    )


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ("<ActualStart>1066-10-14T09:00:00</ActualStart>", "ActualStart", "outside 1900-2200"),
        (
            "<ConstraintDate>soon</ConstraintDate><ConstraintType>4</ConstraintType>",
            "ConstraintDate",
            "soon",
        ),
        ("<ConstraintType>9</ConstraintType>", "ConstraintType", "outside 0..7"),
        ("<PercentComplete>150</PercentComplete>", "PercentComplete", "outside 0..100"),
        ("<Milestone>maybe</Milestone>", "Milestone", "yes/no"),
        ("<Priority>high</Priority>", "Priority", "as a number"),
        ("<FixedCost>lots</FixedCost>", "FixedCost", "amount"),
        ("<FixedCost>NaN</FixedCost>", "FixedCost", "usable amount"),
        ("<DurationFormat>13</DurationFormat>", "DurationFormat", "unknown duration format"),
    ],
)
def test_bad_task_values(tmp_path: Path, body: str, field: str, words: str) -> None:
    error = _reject(tmp_path, _project(_task("3", body + "\n")))
    assert (error.place, error.field) == ("Task UID 3", field)
    assert words in error.message and error.line == 6


def test_bad_calendar_and_resource_and_assignment(tmp_path: Path) -> None:
    calendar = (
        "<Calendars><Calendar><UID>1</UID><IsBaseCalendar>0</IsBaseCalendar>"
        "<BaseCalendarUID>5</BaseCalendarUID></Calendar></Calendars>\n"
    )
    error = _reject(tmp_path, _project(extra=calendar))
    assert (error.place, error.field) == ("Calendar UID 1", "BaseCalendarUID")

    resources = (
        "<Resources><Resource><UID>1</UID></Resource><Resource><UID>1</UID></Resource></Resources>"
    )
    error = _reject(tmp_path, _project(_task("1")).replace("</Project>", resources + "</Project>"))
    assert (error.place, error.field) == ("Resource UID 1", "UID")

    assignment = (
        "<Resources><Resource><UID>1</UID><Name>R</Name></Resource></Resources>"
        "<Assignments><Assignment><UID>1</UID><TaskUID>1</TaskUID>"
        "<ResourceUID>8</ResourceUID></Assignment></Assignments>"
    )
    error = _reject(tmp_path, _project(_task("1")).replace("</Project>", assignment + "</Project>"))
    assert (error.place, error.field) == ("Assignment UID 1", "ResourceUID")


def test_working_times_must_not_overlap(tmp_path: Path) -> None:
    calendar = (
        "<Calendars><Calendar><UID>1</UID><WeekDays><WeekDay><DayType>2</DayType>"
        "<DayWorking>1</DayWorking><WorkingTimes>"
        "<WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>"
        "<WorkingTime><FromTime>11:00:00</FromTime><ToTime>13:00:00</ToTime></WorkingTime>"
        "</WorkingTimes></WeekDay></WeekDays></Calendar></Calendars>\n"
    )
    error = _reject(tmp_path, _project(extra=calendar))
    assert error.field == "WorkingTimes" and "overlap" in error.message


def test_links_from_blank_rows_are_dropped_with_a_warning(tmp_path: Path) -> None:
    link = "<PredecessorLink><PredecessorUID>2</PredecessorUID></PredecessorLink>"
    text = _project(_task("2", "<IsNull>1</IsNull>") + _task("3", link))
    path = tmp_path / "p.xml"
    path.write_text(text)
    result = read_mspdi(path)
    assert not result.portfolio.links
    assert any("link from blank row UID 2" in w for w in result.report.warnings)


def test_a_file_without_start_date_warns(tmp_path: Path) -> None:
    path = tmp_path / "p.xml"
    path.write_text(
        f'<Project xmlns="{NS}"><Tasks>'
        "<Task><UID>1</UID><Start>2024-05-06T08:00:00</Start></Task></Tasks></Project>"
    )
    result = read_mspdi(path)
    assert result.portfolio.projects[1].start == datetime(2024, 5, 6, 8, 0)
    assert result.portfolio.projects[1].name == "p"
    assert any("no StartDate" in w for w in result.report.warnings)


# --- every real sample --------------------------------------------------------------------


@needs_samples
@pytest.mark.parametrize("name", mspdi_samples() or ["(samples folder absent)"])
def test_every_mspdi_sample_imports_with_the_manifest_counts(name: str) -> None:
    row = manifest_rows()[name]
    portfolio = read_mspdi(SAMPLES / name).portfolio
    # MANIFEST counts come from MPXJ, without task/resource UID 0 and blank rows.
    assert len(portfolio.tasks) == int(row["tasks"])
    assert len(portfolio.links) == int(row["relations"])
    assert len(portfolio.resources) == int(row["resources"])
    assert len(portfolio.assignments) == int(row["assignments"])
    leaves = [t for t in portfolio.tasks.values() if not portfolio.is_summary(t.id)]
    assert len(leaves) == int(row["leaf_tasks"])
    ids = [portfolio.tasks, portfolio.links, portfolio.resources, portfolio.calendars]
    for collection in ids:
        assert sorted(collection) == list(range(1, len(collection) + 1))


def test_split_task_periods() -> None:
    portfolio = read_mspdi(sample("mspdisplittask.xml")).portfolio
    tasks = by_uid(portfolio.tasks)
    d = datetime
    assert tasks[1].splits == (
        (d(2006, 9, 21, 8, 0), d(2006, 9, 26, 17, 0)),
        (d(2006, 10, 2, 8, 0), d(2006, 10, 9, 17, 0)),
    )
    assert tasks[2].splits == (
        (d(2006, 9, 21, 8, 0), d(2006, 9, 25, 17, 0)),
        (d(2006, 9, 28, 8, 0), d(2006, 10, 4, 17, 0)),
        (d(2006, 10, 10, 8, 0), d(2006, 10, 18, 17, 0)),
    )


def test_zero_work_over_weekends_and_contours_is_not_a_split() -> None:
    for name in ("assignment-assignments-project2013-mspdi.xml", "mspdiresource.xml"):
        portfolio = read_mspdi(sample(name)).portfolio
        assert all(not t.splits for t in portfolio.tasks.values()), name


# Splits are snapped with the scheduler's calendar module, so they must follow its rules
# where a hand-rolled lookup could differ: a base calendar's holiday applies to a derived
# calendar even on a weekday the derived calendar gives hours of its own (MPXJ agrees).

_DAY_HOURS = (
    "<WorkingTimes>"
    "<WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>"
    "<WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime>"
    "</WorkingTimes>"
)
_COMPANY_AND_CREW = (
    "<Calendars>"
    "<Calendar><UID>1</UID><Name>Company</Name><IsBaseCalendar>1</IsBaseCalendar>"
    "<Exceptions><Exception><TimePeriod><FromDate>2025-06-11T00:00:00</FromDate>"
    "<ToDate>2025-06-11T23:59:00</ToDate></TimePeriod><Name>Holiday</Name>"
    "<DayWorking>0</DayWorking></Exception></Exceptions></Calendar>"
    "<Calendar><UID>2</UID><Name>Crew</Name><IsBaseCalendar>0</IsBaseCalendar>"
    "<BaseCalendarUID>1</BaseCalendarUID><WeekDays><WeekDay><DayType>4</DayType>"
    f"<DayWorking>1</DayWorking>{_DAY_HOURS}</WeekDay></WeekDays></Calendar>"
    "</Calendars>\n"
)


def _split_plan(calendars: str, calendar_uid: int) -> str:
    """One task on ``calendar_uid`` worked as MS Project writes a split: day blocks from
    17:00 the day before, Mon 9 June 2025 worked, Tue 10 idle, Wed 11-Thu 12 worked."""
    blocks = "".join(
        f"<TimephasedData><Type>1</Type><UID>1</UID><Start>2025-06-{start}:00:00</Start>"
        f"<Finish>2025-06-{finish}:00:00</Finish><Unit>2</Unit><Value>{value}</Value>"
        "</TimephasedData>"
        for start, finish, value in (
            ("06T17:00", "09T17:00", "PT8H0M0S"),
            ("09T17:00", "10T17:00", "PT0H0M0S"),
            ("10T17:00", "12T17:00", "PT8H0M0S"),
        )
    )
    assignments = (
        "<Assignments><Assignment><UID>1</UID><TaskUID>1</TaskUID>"
        f"<ResourceUID>-65535</ResourceUID>{blocks}</Assignment></Assignments>\n"
    )
    task = _task("1", f"<Name>Pour</Name><CalendarUID>{calendar_uid}</CalendarUID>\n")
    return _project(task, calendars).replace("</Project>", assignments + "</Project>")


def test_split_periods_follow_a_base_calendar_holiday(tmp_path: Path) -> None:
    from app.schedule.working_time import calendar_clock

    path = tmp_path / "crew.xml"
    path.write_text(_split_plan(_COMPANY_AND_CREW, 2), encoding="utf-8")
    result = read_mspdi(path)
    portfolio = result.portfolio
    (task,) = portfolio.tasks.values()
    crew = calendar_clock(task.calendar_id, portfolio.calendars)
    assert not crew.is_working(datetime(2025, 6, 11, 9, 0))  # the Company's holiday
    # The second period starts Thursday, not on the holiday the Crew's own Wednesday
    # hours would give it if the base's exceptions were not looked at first.
    assert task.splits == (
        (datetime(2025, 6, 9, 8, 0), datetime(2025, 6, 9, 17, 0)),
        (datetime(2025, 6, 12, 8, 0), datetime(2025, 6, 12, 17, 0)),
    )
    assert result.report.warnings == []


def test_a_split_task_on_a_calendar_without_work_imports_unsplit(tmp_path: Path) -> None:
    """Nowhere to place the periods: the file still imports (the scheduler will name
    the calendar), the task unsplit, and the report says why."""
    days = "".join(
        f"<WeekDay><DayType>{day}</DayType><DayWorking>0</DayWorking></WeekDay>"
        for day in range(1, 8)
    )
    closed = (
        "<Calendars><Calendar><UID>1</UID><Name>Closed</Name><IsBaseCalendar>1</IsBaseCalendar>"
        f"<WeekDays>{days}</WeekDays></Calendar></Calendars>\n"
    )
    path = tmp_path / "closed.xml"
    path.write_text(_split_plan(closed, 1), encoding="utf-8")
    result = read_mspdi(path)
    (task,) = result.portfolio.tasks.values()
    assert task.splits == ()
    (warning,) = result.report.warnings
    assert warning.startswith("Task UID 1: imported without its splits: calendar 'Closed'")
    assert "no working time" in warning


def test_recurring_exceptions_are_expanded() -> None:
    portfolio = read_mspdi(sample("calendar-recurring-exceptions-project2016-mspdi.xml")).portfolio
    (calendar,) = [c for c in portfolio.calendars.values() if c.name == "Standard"]
    named: dict[str, list[date]] = {}
    for exception in calendar.exceptions:
        named.setdefault(exception.name, []).append(exception.start)
    assert named["Daily 2"] == [
        date(2000, 2, 1),
        date(2000, 2, 4),
        date(2000, 2, 7),
        date(2000, 2, 10),
    ]
    assert named["Weekly 7 Sunday"][0] == date(
        2001, 2, 18
    )  # every 7th week, from the week's Sunday
    assert len(named["Weekly 7 Sunday"]) == 9
    assert named["Monthly Relative 2"] == [
        date(2002, 1, 8),
        date(2002, 4, 9),
        date(2002, 7, 9),
        date(2002, 10, 8),
    ]  # second Tuesday, every 3 months
    assert named["Yearly Relative 1"][-1] == date(2007, 3, 6)  # first Tuesday of March
    assert named["Yearly Absolute 1"] == [date(2005, 2, 1), date(2006, 2, 1), date(2007, 2, 1)]
    working = [e for e in calendar.exceptions if e.name == "Recurring Working"]
    assert [e.start for e in working] == [date(2010, 1, 2), date(2010, 2, 6), date(2010, 3, 6)]
    assert working[0].hours == ((540, 780), (840, 1020))


def test_null_tasks_are_skipped_with_warnings() -> None:
    result = read_mspdi(sample("mspdinulltasks.xml"))
    assert len(result.report.warnings) == 3
    assert all("blank row skipped" in w for w in result.report.warnings)


def test_tasks_without_format_use_the_project_duration_format() -> None:
    (task,) = read_mspdi(sample("DefaultDurationFormat.xml")).portfolio.tasks.values()
    assert task.duration_unit is DurationUnit.WEEKS


def test_a_24_hour_calendar() -> None:
    portfolio = read_mspdi(sample("gp-issue2659.xml")).portfolio
    assert portfolio.projects[1].minutes_per_day == 1440


# --- speed --------------------------------------------------------------------------------


def _big_file(path: Path, count: int) -> None:
    """A plain 10k-task plan: 200 summaries of 49 linked tasks each."""
    parts = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Project xmlns="{NS}">\n'
        "<StartDate>2024-01-01T08:00:00</StartDate>\n<Tasks>\n"
    ]
    for uid in range(1, count + 1):
        level = 1 if uid % 50 == 1 else 2
        link = ""
        if level == 2 and uid % 50 != 2:
            link = (
                f"<PredecessorLink><PredecessorUID>{uid - 1}</PredecessorUID><Type>1</Type>"
                "<LinkLag>0</LinkLag><LagFormat>7</LagFormat></PredecessorLink>"
            )
        parts.append(
            f"\t<Task>\n\t\t<UID>{uid}</UID>\n\t\t<ID>{uid}</ID>\n\t\t<Name>Task {uid}</Name>\n"
            f"\t\t<OutlineLevel>{level}</OutlineLevel>\n\t\t<Start>2024-01-01T08:00:00</Start>\n"
            "\t\t<Finish>2024-01-01T17:00:00</Finish>\n\t\t<Duration>PT8H0M0S</Duration>\n"
            "\t\t<DurationFormat>7</DurationFormat>\n\t\t<ConstraintType>0</ConstraintType>\n"
            f"\t\t{link}\n\t</Task>\n"
        )
    parts.append("</Tasks>\n</Project>\n")
    path.write_text("".join(parts), encoding="utf-8")


def test_a_10k_task_file_imports_in_linear_time(tmp_path: Path) -> None:
    """Guards against quadratic work: the budget is generous for a loaded 2-core CI box.

    On an idle machine this import takes well under a second (see the module report).
    """
    path = tmp_path / "big.xml"
    _big_file(path, 10_000)
    started = time.process_time()
    result = read_mspdi(path)
    elapsed = time.process_time() - started
    assert len(result.portfolio.tasks) == 10_000
    assert len(result.portfolio.links) == 10_000 - 200 * 2
    assert elapsed < 4.0, f"10k tasks took {elapsed:.2f} s of CPU"


# --- R16a/R18: structured fuzzing ---------------------------------------------------------

_VALUES = st.one_of(
    st.sampled_from(
        [
            "0",
            "1",
            "2",
            "-1",
            "7",
            "39",
            "-65535",
            "2024-01-01T08:00:00",
            "2024-02-30T08:00:00",
            "PT8H0M0S",
            "PT0H30M0S",
            "P3X",
            "",
            "abc",
            "1e400",
            "NaN",
            "99999999999999999999",
        ]
    ),
    st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x2FF), max_size=8),
)
_TASK_FIELDS = st.dictionaries(
    st.sampled_from(
        [
            "ID",
            "Name",
            "OutlineLevel",
            "Duration",
            "DurationFormat",
            "ConstraintType",
            "ConstraintDate",
            "PercentComplete",
            "Milestone",
            "Manual",
            "ManualStart",
            "CalendarUID",
            "IsNull",
            "FixedCost",
            "Priority",
            "LevelingDelay",
            "RemainingDuration",
            "ActualStart",
            "Type",
            "Contact",
        ]
    ),
    _VALUES,
    max_size=8,
)
_LINKS = st.lists(
    st.fixed_dictionaries(
        {
            "PredecessorUID": st.sampled_from(["1", "2", "3", "x"]),
            "Type": _VALUES,
            "LinkLag": _VALUES,
        }
    ),
    max_size=2,
)


def _element(name: str, value: str) -> str:
    from xml.sax.saxutils import escape

    return f"<{name}>{escape(value)}</{name}>"


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(tasks=st.lists(st.tuples(_TASK_FIELDS, _LINKS), min_size=1, max_size=4))
def test_generated_documents_import_cleanly_and_round_trip(
    tmp_path: Path, tasks: list[tuple[dict[str, str], list[dict[str, str]]]]
) -> None:
    from app.io.mspdi import write_mspdi

    parts = []
    for uid, (fields, links) in enumerate(tasks, start=1):
        body = "".join(_element(name, value) for name, value in fields.items())
        for link in links:
            inner = "".join(_element(name, value) for name, value in link.items())
            body += f"<PredecessorLink>{inner}</PredecessorLink>"
        parts.append(f"<Task><UID>{uid}</UID>{body}</Task>")
    path = tmp_path / "gen.xml"
    path.write_text(_project("".join(parts)), encoding="utf-8")
    try:
        first = read_mspdi(path).portfolio
    except ImportRejected as error:
        assert error.file == path and error.message
        event("refused")
        return
    event("imported")
    out = tmp_path / "again.xml"
    write_mspdi(first, 1, out)
    assert read_mspdi(out).portfolio.tasks == first.tasks
    assert read_mspdi(out).portfolio.links == first.links


def test_absurd_row_counts_are_refused_before_building_objects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.io.mspdi as mspdi

    monkeypatch.setattr(mspdi, "MAX_ROWS", 50)
    path = tmp_path / "many.xml"
    path.write_text(_project("".join(_task(str(uid)) for uid in range(1, 52))))
    with pytest.raises(ImportRejected) as info:
        read_mspdi(path)
    assert info.value.field == "Tasks" and info.value.line == 4
    assert "51 tasks, more than the 50" in info.value.message
