"""GanttProject (.gan) import: tasks with nesting, links at every level, resources,
allocations, the project calendar with holidays, resource vacations and baselines.

Facts about the format were read from GanttProject's own parser (bardsoftware/
ganttproject: DependencyTagHandler, ConstraintType, TaskTagHandler, CalendarSerializer,
HolidayTagHandler, AllocationTagHandler, ResourceLoader); the code is our own:

* ``<depend id="B" type="T" difference="D" hardness="H"/>`` inside ``<task id="A">``
  means A drives B (A is the predecessor). Types are persisted as ordinal + 1 of
  (startstart, finishstart, finishfinish, startfinish): 1=SS, 2=FS, 3=FF, 4=SF. The
  difference is a lag in days. Depends sit inside nested tasks too; MPXJ reads only
  the top-level ones, we read them all.
* Durations are whole working days; ``meeting="true"`` marks a milestone; ``complete``
  is a percentage; ``thirdDate`` is an earliest start only when ``thirdDate-constraint``
  is 1 (TaskImpl.EARLIESTBEGIN; 0 means none).
* The calendar has a default week (``sun="1"`` = weekend, ``0`` = working) and dated
  events; an empty ``year`` repeats the date every year. GanttProject stores no hours,
  so working days get the standard 08:00-12:00, 13:00-17:00.
* Resource rates are per day; allocations carry a load in percent.

GanttProject files store no computed dates, only each task's start. A leaf task without
predecessors that starts after the project start gets a start-no-earlier-than
constraint, so the imported plan keeps its shape; linked tasks are scheduled by links.

GanttProject counts in days and dates carry no time. A day is the imported project's
own length (``Project.minutes_per_day``) and a day-only date becomes a start at the
project's default start time (MS Project's "Default start time"), so the project's
time settings are the one place these come from. A saved state stores only a start and
a length in days: its finish is worked out on the imported project calendar by the
calendar module (``app.schedule.working_time``), holidays and weekend flags included.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree.ElementTree import Element

from app.io.errors import ImportRejected
from app.io.progress import Progress, Ticker, report
from app.io.report import ImportReport
from app.io.safe_xml import XmlDocument, local_name, parse_xml
from app.model.baseline import Baseline
from app.model.calendar import NON_WORKING, STANDARD_DAY, Calendar, CalendarException
from app.model.duration import DurationUnit
from app.model.link import Link, LinkKind
from app.model.portfolio import Portfolio
from app.model.project import Project
from app.model.resource import Assignment, RateUnit, Resource
from app.model.task import ConstraintKind, Task
from app.schedule.working_time import DateClock, NoWorkingTimeError, calendar_clock

FORMAT = "GanttProject"
MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_DAYS = 100 * 366
#: How many years a yearly holiday (``year=""``) is repeated for, around the plan's dates.
YEARLY_SPAN = 3

#: ConstraintType persisted as ordinal + 1: startstart, finishstart, finishfinish, startfinish.
LINK_BY_CODE = {1: LinkKind.SS, 2: LinkKind.FS, 3: LinkKind.FF, 4: LinkKind.SF}
#: GanttProject's Task.Priority persistent values (LOWEST..HIGHEST) as MS Project priorities.
PRIORITY_BY_CODE = {"3": 100, "0": 300, "1": 500, "2": 700, "4": 900}
#: Roles of GanttProject's built-in "Default" role set.
DEFAULT_ROLES = {0: "", 1: "project manager"}
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class GanImport:
    """What ``read_gan`` returns: the one-project Portfolio and what the import did."""

    portfolio: Portfolio
    report: ImportReport


@dataclass(slots=True)
class _RawTask:
    """A task element with its place in the tree, before ids are final."""

    element: Element
    gan_id: int
    parent_id: int | None
    position: int
    task_id: int


def read_gan(path: Path, *, progress: Progress | None = None) -> GanImport:
    """Import a GanttProject file into a new one-project Portfolio.

    ``progress`` hears each stage and may stop the import by raising ``Cancelled``.

    Raises:
        ImportRejected: naming file, line, element and attribute, for unsafe or malformed
            XML, a wrong root element, missing or duplicate ids, unreadable numbers or
            dates, dates out of range, links or allocations to unknown tasks/resources.
        Cancelled: from ``progress``, unchanged.
    """
    report(progress, 0, 0, "Parsing the XML")
    return _Reader(parse_xml(Path(path)), progress).read()


@dataclass
class _Reader:
    doc: XmlDocument
    progress: Progress | None = None
    report: ImportReport = field(init=False)
    raw: list[_RawTask] = field(default_factory=list)
    by_gan_id: dict[int, _RawTask] = field(default_factory=dict)
    tasks: dict[int, Task] = field(default_factory=dict)
    links: dict[int, Link] = field(default_factory=dict)
    resources: dict[int, Resource] = field(default_factory=dict)
    resource_by_gan_id: dict[int, int] = field(default_factory=dict)
    calendars: dict[int, Calendar] = field(default_factory=dict)
    #: The project being built: its time settings turn days into minutes and dates into starts.
    project: Project = field(init=False)

    def __post_init__(self) -> None:
        self.report = ImportReport(source=str(self.doc.path), format=FORMAT)

    # --- errors and attribute values ------------------------------------------------------

    def fail(self, element: Element, message: str, attribute: str = "") -> ImportRejected:
        place = f"<{local_name(element.tag)}>"
        if element.get("id") is not None:
            place = f"<{local_name(element.tag)} id={element.get('id')!r}>"
        return ImportRejected(
            self.doc.path, message, line=self.doc.line(element), place=place, field=attribute
        )

    def integer(self, element: Element, name: str, default: int | None = None) -> int:
        text = (element.get(name) or "").strip()
        if not text:
            if default is None:
                raise self.fail(element, f"the {name} attribute is missing", name)
            return default
        try:
            return int(text)
        except ValueError:
            raise self.fail(element, f"{text!r} is not a whole number", name) from None

    def number(self, element: Element, name: str, default: Decimal) -> Decimal:
        text = (element.get(name) or "").strip()
        if not text:
            return default
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise self.fail(element, f"{text!r} is not a number", name) from None
        if not value.is_finite():
            raise self.fail(element, f"{text!r} is not a number", name)
        return value

    def day(self, element: Element, name: str) -> date | None:
        text = (element.get(name) or "").strip()
        if not text:
            return None
        try:
            value = date.fromisoformat(text[:10])
        except ValueError:
            raise self.fail(element, f"{text!r} is not a date (YYYY-MM-DD)", name) from None
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise self.fail(element, f"date {text} is out of range", name)
        return value

    # --- the whole file -------------------------------------------------------------------

    def read(self) -> GanImport:
        root = self.doc.root
        if local_name(root.tag) != "project" or root.tag.startswith("{"):
            message = f"not a GanttProject file: the root element is <{local_name(root.tag)}>"
            raise ImportRejected(
                self.doc.path, message + ", expected <project>", line=self.doc.line(root)
            )
        report(self.progress, 0, 0, "Reading tasks")
        self._collect_tasks(root.find("tasks"))
        if not self.raw:
            self.report.warn("the file has no tasks")
        self.project = project = self._project(root)
        self.calendars[1] = self._calendar(root.find("calendars"), project.start.date())
        self._build_tasks(project.start)
        report(self.progress, 0, 0, "Reading resources")
        self._read_resources(root.find("resources"))
        self._read_vacations(root.find("vacations"))
        stage = "Reading allocations and baselines"
        report(self.progress, 0, 1, stage)
        assignments = self._read_allocations(root.find("allocations"))
        baselines = self._read_baselines(root.find("previous"))
        report(self.progress, 1, 1, stage)
        portfolio = Portfolio(
            projects={1: project},
            calendars=self.calendars,
            tasks=self.tasks,
            links=self.links,
            resources=self.resources,
            assignments=assignments,
            baselines=baselines,
        )
        for name in ("calendars", "tasks", "links", "resources", "assignments", "baselines"):
            self.report.counts[name] = len(getattr(portfolio, name))
        return GanImport(portfolio, self.report)

    # --- tasks ---------------------------------------------------------------------------

    def _collect_tasks(self, section: Element | None) -> None:
        """Walk nested <task> elements in document order, without recursion."""
        if section is None:
            return
        stack: list[tuple[Element, int | None]] = [
            (child, None) for child in reversed(list(section)) if child.tag == "task"
        ]
        positions: dict[int | None, int] = {}
        while stack:
            element, parent = stack.pop()
            gan_id = self.integer(element, "id")
            if gan_id in self.by_gan_id:
                raise self.fail(element, f"task id {gan_id} is used twice", "id")
            position = positions.get(parent, 0)
            positions[parent] = position + 1
            raw = _RawTask(element, gan_id, parent, position, len(self.raw) + 1)
            self.raw.append(raw)
            self.by_gan_id[gan_id] = raw
            children = [c for c in element if c.tag == "task"]
            stack.extend((child, raw.task_id) for child in reversed(children))

    def _project(self, root: Element) -> Project:
        """The project with Plansmith's standard time settings (8h days, 08:00 starts).

        GanttProject has no project start: it is the earliest task start, at the
        project's own default start time (built first, then applied, so the time of day
        is defined once, by ``Project``).
        """
        days = [d for d in (self.day(r.element, "start") for r in self.raw) if d is not None]
        first = min(days) if days else date.today()
        project = Project(
            1,
            (root.get("name") or "").strip() or self.doc.path.stem,
            datetime.combine(first, time()),
            calendar_id=1,
            notes=(root.findtext("description") or "").strip(),
            currency=(root.get("currency") or "EUR")[:8] or "EUR",
        )
        return replace(project, start=_at_minute(first, project.default_start_minute))

    def _day_start(self, day: date) -> datetime:
        """A day-only date as a start: the project's default start time that day.

        As MS Project does with a date typed without a time; the scheduler then moves it
        to working time (a weekend or holiday start moves to the next working morning).
        """
        return _at_minute(day, self.project.default_start_minute)

    def _days(self, days: int) -> int:
        """GanttProject's days (durations, lags) as minutes of the project's own day."""
        return days * self.project.minutes_per_day

    def _build_tasks(self, project_start: datetime) -> None:
        parents = {r.parent_id for r in self.raw}
        for raw in self.raw:
            for depend in (c for c in raw.element if c.tag == "depend"):
                self._link(raw, depend)
        successors = {link.successor_id for link in self.links.values()}
        ticker = Ticker(self.progress, len(self.raw), "Building tasks")
        for raw in self.raw:
            ticker.tick()
            summary = raw.task_id in parents
            linked = raw.task_id in successors
            self.tasks[raw.task_id] = self._task(raw, summary, linked, project_start)
        ticker.finish()

    def _task(self, raw: _RawTask, summary: bool, linked: bool, project_start: datetime) -> Task:
        element = raw.element
        name = (element.get("name") or "").strip()
        if not name:
            self.report.warn(f"task id {raw.gan_id}: no name; imported as 'Task {raw.gan_id}'")
            name = f"Task {raw.gan_id}"
        days = self.integer(element, "duration", 1)
        if not 0 <= days <= MAX_DAYS:
            raise self.fail(element, f"duration {days} days is out of range", "duration")
        percent = self.integer(element, "complete", 0)
        if not 0 <= percent <= 100:
            raise self.fail(element, f"complete {percent} is not 0-100", "complete")
        milestone = (element.get("meeting") or "").strip() == "true"
        start = self.day(element, "start")
        constraint, constraint_date = self._constraint(element)
        if constraint is ConstraintKind.ASAP and start and not summary and not linked:
            when = self._day_start(start)
            if when > project_start:
                constraint, constraint_date = ConstraintKind.START_NO_EARLIER_THAN, when
        return Task(
            id=raw.task_id,
            project_id=1,
            name=name,
            parent_id=raw.parent_id,
            position=raw.position,
            uid=raw.gan_id,
            duration_minutes=0 if milestone else self._days(days),
            duration_unit=DurationUnit.DAYS,
            milestone=milestone,
            constraint=constraint,
            constraint_date=constraint_date,
            percent_complete=percent,
            priority=PRIORITY_BY_CODE.get((element.get("priority") or "1").strip(), 500),
            notes=_notes(element),
            fixed_cost=self._manual_cost(element),
            extra=self._task_extra(element),
        )

    def _constraint(self, element: Element) -> tuple[ConstraintKind, datetime | None]:
        """An earliest start (thirdDate) only when GanttProject has it switched on (1)."""
        if self.integer(element, "thirdDate-constraint", 0) != 1:
            return ConstraintKind.ASAP, None
        third = self.day(element, "thirdDate")
        if third is None:
            return ConstraintKind.ASAP, None
        return ConstraintKind.START_NO_EARLIER_THAN, self._day_start(third)

    def _manual_cost(self, element: Element) -> Decimal:
        """A cost typed by hand (cost-calculated="false") becomes the task's fixed cost."""
        if (element.get("cost-calculated") or "").strip() != "false":
            return Decimal(0)
        return self.number(element, "cost-manual-value", Decimal(0))

    def _task_extra(self, element: Element) -> str:
        """What Plansmith does not model but a user may miss: colour, custom properties."""
        extra: dict[str, object] = {}
        for name in ("color", "webLink", "shape"):
            if element.get(name):
                extra[name] = element.get(name)
        custom = {
            c.get("taskproperty-id", ""): c.get("value", "")
            for c in element
            if c.tag == "customproperty"
        }
        if custom:
            extra["customproperty"] = custom
            self.report.keep("customproperty")
        return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else ""

    def _link(self, raw: _RawTask, depend: Element) -> None:
        target = self.integer(depend, "id")
        successor = self.by_gan_id.get(target)
        if successor is None:
            message = f"the dependency points to task id {target}, which is not in the file"
            raise self.fail(depend, message, "id")
        if successor.task_id == raw.task_id:
            raise self.fail(depend, "a task cannot depend on itself", "id")
        code = self.integer(depend, "type", 2)
        kind = LINK_BY_CODE.get(code)
        if kind is None:
            raise self.fail(depend, f"dependency type {code} is not 1-4 (SS, FS, FF, SF)", "type")
        pair = (raw.task_id, successor.task_id)
        if any((k.predecessor_id, k.successor_id) == pair for k in self.links.values()):
            self.report.warn(f"task id {raw.gan_id}: duplicate dependency on {target} skipped")
            return
        lag_days = self.integer(depend, "difference", 0)
        if abs(lag_days) > MAX_DAYS:
            raise self.fail(depend, f"lag of {lag_days} days is out of range", "difference")
        hardness = (depend.get("hardness") or "Strong").strip()
        link_id = len(self.links) + 1
        self.links[link_id] = Link(
            link_id,
            raw.task_id,
            successor.task_id,
            kind,
            self._days(lag_days),
            DurationUnit.DAYS,
            extra=json.dumps({"hardness": hardness}) if hardness != "Strong" else "",
        )

    # --- calendar ------------------------------------------------------------------------

    def _calendar(self, section: Element | None, start: date) -> Calendar:
        week: list[tuple[tuple[int, int], ...]] = [STANDARD_DAY] * 5 + [NON_WORKING] * 2
        exceptions: list[CalendarException] = []
        if section is not None:
            default_week = section.find("day-types/default-week")
            if default_week is not None:
                week = [self._weekday(default_week, name) for name in _WEEKDAYS]
            years = range(start.year, self._last_year(start) + YEARLY_SPAN)
            for event in (c for c in section if c.tag == "date"):
                exceptions.extend(self._events(event, years))
        exceptions.sort(key=lambda e: e.start)
        return Calendar(1, "Standard", tuple(week), tuple(_merge(exceptions)), project_id=1)

    def _last_year(self, start: date) -> int:
        """The year of the latest task start (yearly holidays repeat up to a bit beyond)."""
        days = [d for d in (self.day(r.element, "start") for r in self.raw) if d is not None]
        return max(days, default=start).year

    def _weekday(self, element: Element, name: str) -> tuple[tuple[int, int], ...]:
        flag = self.integer(element, name, 0)
        if flag not in (0, 1):
            raise self.fail(element, f"{name}={flag} is neither 0 (working) nor 1 (weekend)", name)
        return NON_WORKING if flag == 1 else STANDARD_DAY

    def _events(self, event: Element, years: range) -> list[CalendarException]:
        """One dated event, or one per year for a yearly one (empty ``year``)."""
        kind = (event.get("type") or "HOLIDAY").strip().upper()
        if kind == "NEUTRAL":
            return []
        if kind not in ("HOLIDAY", "WORKING_DAY"):
            raise self.fail(event, f"unknown calendar event type {kind!r}", "type")
        hours = NON_WORKING if kind == "HOLIDAY" else STANDARD_DAY
        month = self.integer(event, "month")
        day = self.integer(event, "date")
        name = " ".join((event.text or "").split())
        yearly = not (event.get("year") or "").strip()
        chosen = list(years) if yearly else [self.integer(event, "year")]
        found = []
        for year in chosen:
            try:
                when = date(year, month, day)
            except ValueError:
                if yearly and month == 2 and day == 29:
                    continue  # a yearly 29 February only falls in leap years
                raise self.fail(event, f"{year}-{month}-{day} is not a date", "date") from None
            if not MIN_YEAR <= when.year <= MAX_YEAR:
                raise self.fail(event, f"date {when} is out of range", "year")
            found.append(CalendarException(when, when, hours, name))
        if yearly:
            self.report.warn(
                f"yearly calendar event {month:02d}-{day:02d} {name!r} repeated for "
                f"{years.start}-{years.stop - 1}"
            )
        return found

    # --- resources, vacations, allocations, baselines -----------------------------------

    def _read_resources(self, section: Element | None) -> None:
        if section is None:
            return
        role_names = self._roles()
        for element in (c for c in section if c.tag == "resource"):
            gan_id = self.integer(element, "id")
            if gan_id in self.resource_by_gan_id:
                raise self.fail(element, f"resource id {gan_id} is used twice", "id")
            name = (element.get("name") or "").strip() or f"Resource {gan_id}"
            day_rate = Decimal(0)
            for rate in (c for c in element if c.tag == "rate"):
                if rate.get("name") == "standard":
                    day_rate = self.number(rate, "value", Decimal(0))
            extra = {k: element.get(k) for k in ("phone",) if element.get(k)}
            resource_id = len(self.resources) + 1
            self.resources[resource_id] = Resource(
                id=resource_id,
                name=name,
                uid=gan_id,
                group=role_names.get((element.get("function") or "").strip(), ""),
                email=(element.get("contacts") or "").strip(),
                standard_rate=day_rate * 60 / self.project.minutes_per_day,
                standard_rate_unit=RateUnit.DAY,
                extra=json.dumps(extra, ensure_ascii=False) if extra else "",
            )
            self.resource_by_gan_id[gan_id] = resource_id

    def _roles(self) -> dict[str, str]:
        """Role ids as allocations and resources write them (``4``, ``Default:1``) -> name."""
        names = {f"Default:{number}": name for number, name in DEFAULT_ROLES.items()}
        for section in (c for c in self.doc.root if c.tag == "roles"):
            for role in (c for c in section if c.tag == "role"):
                names[(role.get("id") or "").strip()] = (role.get("name") or "").strip()
        return names

    def _read_vacations(self, section: Element | None) -> None:
        """Each resource's vacations become exceptions of its own calendar (base: Standard)."""
        if section is None:
            return
        found: dict[int, list[CalendarException]] = {}
        for element in (c for c in section if c.tag == "vacation"):
            gan_id = self.integer(element, "resourceid")
            resource_id = self.resource_by_gan_id.get(gan_id)
            first, last = self.day(element, "start"), self.day(element, "end")
            if resource_id is None or first is None or last is None:
                self.report.warn(f"vacation of unknown resource {gan_id} skipped")
                continue
            if last < first:
                raise self.fail(element, "the vacation ends before it starts", "end")
            found.setdefault(resource_id, []).append(
                CalendarException(first, last, NON_WORKING, "Vacation")
            )
        for resource_id, exceptions in found.items():
            resource = self.resources[resource_id]
            calendar_id = len(self.calendars) + 1
            self.calendars[calendar_id] = Calendar(
                calendar_id,
                resource.name,
                (None,) * 7,
                tuple(sorted(exceptions, key=lambda e: e.start)),
                base_id=1,
                project_id=1,
            )
            self.resources[resource_id] = _with_calendar(resource, calendar_id)

    def _read_allocations(self, section: Element | None) -> dict[int, Assignment]:
        assignments: dict[int, Assignment] = {}
        if section is None:
            return assignments
        seen: set[tuple[int, int]] = set()
        for element in (c for c in section if c.tag == "allocation"):
            raw = self.by_gan_id.get(self.integer(element, "task-id"))
            if raw is None:
                raise self.fail(element, "the allocation names a task not in the file", "task-id")
            resource_id = self.resource_by_gan_id.get(self.integer(element, "resource-id"))
            if resource_id is None:
                message = "the allocation names a resource not in the file"
                raise self.fail(element, message, "resource-id")
            if (raw.task_id, resource_id) in seen:
                self.report.warn(f"task id {raw.gan_id}: resource allocated twice; kept once")
                continue
            seen.add((raw.task_id, resource_id))
            load = self.number(element, "load", Decimal(100))
            if not 0 <= load <= 100_000:
                raise self.fail(element, f"load {load}% is out of range", "load")
            units = float(load) / 100
            task = self.tasks[raw.task_id]
            extra = {"responsible": True} if element.get("responsible") == "true" else {}
            assignment_id = len(assignments) + 1
            assignments[assignment_id] = Assignment(
                assignment_id,
                raw.task_id,
                resource_id,
                units=units,
                work_minutes=round(task.duration_minutes * units),
                extra=json.dumps(extra) if extra else "",
            )
        return assignments

    def _read_baselines(self, section: Element | None) -> dict[tuple[int, int], Baseline]:
        """GanttProject's saved "previous states", in file order, as baselines 0-10."""
        baselines: dict[tuple[int, int], Baseline] = {}
        if section is None:
            return baselines
        states = [c for c in section if c.tag == "previous-tasks"]
        if len(states) > 11:
            self.report.warn(f"{len(states)} saved states; only the first 11 become baselines")
        clock = self._project_clock()
        for number, state in enumerate(states[:11]):
            for element in (c for c in state if c.tag == "previous-task"):
                baseline = self._baseline(element, number, clock)
                if baseline is not None:
                    baselines[(baseline.task_id, number)] = baseline
        return baselines

    def _project_clock(self) -> DateClock | None:
        """Working time of the project calendar as imported, for baseline finishes.

        None, with a warning, when the calendar has no working day at all: the file is
        still imported (the scheduler will name the calendar), its baselines unfinished.
        """
        try:
            return calendar_clock(self.project.calendar_id, self.calendars)
        except NoWorkingTimeError as exc:
            self.report.warn(f"saved states imported without finish dates: {exc}")
            return None

    def _baseline(self, element: Element, number: int, clock: DateClock | None) -> Baseline | None:
        """One task of a saved state; None for a task or start the file does not have.

        A milestone (``meeting="true"``, whatever its stored length) has no duration, as
        the task import gives it.
        """
        raw = self.by_gan_id.get(self.integer(element, "id"))
        start = self.day(element, "start")
        if raw is None or start is None:
            return None
        days = self.integer(element, "duration", 0)
        if not 0 <= days <= MAX_DAYS:
            raise self.fail(element, f"duration {days} days is out of range", "duration")
        milestone = (element.get("meeting") or "").strip() == "true"
        minutes = 0 if milestone else self._days(days)
        begin, finish = self._baseline_span(start, minutes, clock)
        return Baseline(raw.task_id, number, begin, finish, minutes)

    def _baseline_span(
        self, day: date, minutes: int, clock: DateClock | None
    ) -> tuple[datetime, datetime | None]:
        """Where the scheduler would put a saved state: from the first working moment of
        its start day, ``minutes`` of the project calendar's working time (holidays and
        weekend flags as imported). A zero length finishes where it starts, as MS Project
        stores a milestone's baseline.
        """
        begin = self._day_start(day)
        if clock is None:
            return begin, None
        try:
            begin = clock.next_working(begin)
            return begin, begin if minutes == 0 else clock.add_working(begin, minutes)
        except NoWorkingTimeError as exc:  # work too sparse to reach the finish
            self.report.warn(f"saved state from {day}: imported without a finish date: {exc}")
            return begin, None


def _notes(element: Element) -> str:
    """The task's notes (a CDATA child), with surrounding blank lines and indent removed."""
    text = element.findtext("notes") or ""
    lines = [line.strip() for line in text.strip().splitlines()]
    return "\n".join(lines)


def _merge(exceptions: list[CalendarException]) -> list[CalendarException]:
    """Drop exceptions that repeat a date already covered (the first one wins)."""
    kept: list[CalendarException] = []
    for exception in exceptions:
        if kept and exception.start <= kept[-1].finish:
            continue
        kept.append(exception)
    return kept


def _at_minute(day: date, minute: int) -> datetime:
    """``day`` at a minute of the day (a project's default start time)."""
    return datetime.combine(day, time(*divmod(minute, 60)))


def _with_calendar(resource: Resource, calendar_id: int) -> Resource:
    return replace(resource, calendar_id=calendar_id)
