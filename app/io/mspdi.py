"""MS Project XML (MSPDI) import and export.

The importer turns one MSPDI file into a Portfolio holding exactly one project, with
ids numbered from 1 in every collection and the file's UIDs kept on tasks, resources,
assignments and calendars. What Plansmith does not model (custom fields, cost rate
tables, stored computed values such as Start/Finish...) is kept per entity in its
``extra`` JSON text so the exporter can write it back: a file that passes through
Plansmith loses nothing MS Project cares about.

Conventions of the format that are easy to get wrong (all checked against MPXJ):

* durations are xsd:durations of working time (``PT16H0M0S`` = 2 days at 8 h/day);
  DurationFormat/LagFormat codes give the unit shown (7 = d, 39 = "d?" estimated ...);
* LinkLag and slack are in tenths of a minute, but a percent lag is the bare percent;
* currency fields (FixedCost, Cost, CostPerUse, baseline Cost) are in hundredths;
  StandardRate/OvertimeRate are per hour whatever unit they are shown in;
* a cost resource is Type 0 with IsCostResource 1; resource UID 0 and task UID 0 are
  MS Project's placeholders; assignments to ResourceUID -65535 have no resource;
* split tasks exist only as timephased work with zero-work gaps on the assignments.

Facts about the format (codes, element order) come from Microsoft's MSPDI schema
(mspdi_pj12.xsd and its reference pages) and from reading the sample files MS Project
wrote; the code is our own.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from operator import attrgetter
from pathlib import Path
from xml.etree.ElementTree import Element

from app.budget.costing import assignment_cost, rolled_up, task_costs
from app.gcpause import paused_gc
from app.io.atomic import atomic_open
from app.io.errors import ImportRejected
from app.io.progress import Progress, Ticker, report
from app.io.report import ImportReport
from app.io.safe_xml import XmlDocument, local_name, namespace_of, parse_xml
from app.model.baseline import Baseline
from app.model.calendar import (
    NON_WORKING,
    STANDARD_DAY,
    STANDARD_WEEK,
    Calendar,
    CalendarException,
    DayHours,
    Week,
    WorkWeek,
    validate_hours,
)
from app.model.duration import DurationUnit
from app.model.link import Link, LinkKind
from app.model.portfolio import Portfolio
from app.model.project import Project
from app.model.resource import Assignment, RateUnit, Resource, ResourceType
from app.model.task import ConstraintKind, Contour, Task, TaskType
from app.schedule.result import Schedule, TaskDates
from app.schedule.working_time import DateClock, NoWorkingTimeError, calendar_clock

NS = "http://schemas.microsoft.com/project"
_Q = "{" + NS + "}"
_QLEN = len(_Q)
FORMAT = "MSPDI"

#: ResourceUID of MS Project's placeholder assignments (work not given to anyone).
UNASSIGNED_RESOURCE = -65535
#: Dates MS Project can hold are 1984-2149; a little slack either side for other writers.
MIN_YEAR, MAX_YEAR = 1900, 2200
#: A duration above a century of minutes is a broken file, not a plan.
MAX_MINUTES = 100 * 366 * 1440
#: Most rows per collection (tasks, resources...): far above real plans, far below a bomb.
MAX_ROWS = 250_000
#: A recurring calendar exception never needs more occurrences than this.
MAX_OCCURRENCES = 5000
#: Amounts from 10^15 up are broken files (built once: Decimal arithmetic is not free).
_MAX_AMOUNT = Decimal(10) ** 15

# --- codes ------------------------------------------------------------------------------

#: DurationFormat / LagFormat codes (schema: 3=m, 4=em, 5=h, 6=eh, 7=d, 8=ed, 9=w,
#: 10=ew, 11=mo, 12=emo, 19=%, 20=e%, 21=null; 35-52 are the estimated "?" variants).
_UNIT_BY_FORMAT: dict[int, DurationUnit] = {
    3: DurationUnit.MINUTES,
    4: DurationUnit.ELAPSED_MINUTES,
    5: DurationUnit.HOURS,
    6: DurationUnit.ELAPSED_HOURS,
    7: DurationUnit.DAYS,
    8: DurationUnit.ELAPSED_DAYS,
    9: DurationUnit.WEEKS,
    10: DurationUnit.ELAPSED_WEEKS,
    11: DurationUnit.MONTHS,
    12: DurationUnit.ELAPSED_MONTHS,
    19: DurationUnit.PERCENT,
    20: DurationUnit.PERCENT,
}
_FORMAT_BY_UNIT: dict[DurationUnit, int] = {
    unit: code for code, unit in _UNIT_BY_FORMAT.items() if code != 20
}
_ESTIMATED_OFFSET = 32  # 35 = "m?" = 3 + 32 ... 52 = "e%?" = 20 + 32
_NULL_FORMATS = (21, 53)

#: PredecessorLink Type: 0=FF, 1=FS, 2=SF, 3=SS.
_LINK_BY_CODE = {0: LinkKind.FF, 1: LinkKind.FS, 2: LinkKind.SF, 3: LinkKind.SS}
_CODE_BY_LINK = {kind: code for code, kind in _LINK_BY_CODE.items()}

#: Resource Type: 0=material, 1=work, 2=cost.
_RESOURCE_BY_CODE = {0: ResourceType.MATERIAL, 1: ResourceType.WORK, 2: ResourceType.COST}

#: Task Type 0-2 and ConstraintType 0-7 (range-checked when read): indexing beats
#: calling the IntEnum, ~2 us a task.
_TASK_TYPES = tuple(TaskType(code) for code in range(3))
_CONSTRAINTS = tuple(ConstraintKind(code) for code in range(8))

#: WorkContour 0-8 in Contour's declaration order.
_CONTOURS = tuple(Contour)

#: StandardRateFormat / OvertimeRateFormat: 1=m, 2=h, 3=d, 4=w, 5=mo, 7=y (6 is unused).
_RATE_BY_CODE = {
    2: RateUnit.HOUR,
    3: RateUnit.DAY,
    4: RateUnit.WEEK,
    5: RateUnit.MONTH,
    7: RateUnit.YEAR,
}
_CODE_BY_RATE = {unit: code for code, unit in _RATE_BY_CODE.items()}

#: WeekDay DayType 1..7 = Sunday..Saturday, as an index into Week (Monday first).
_WEEK_INDEX = {1: 6, 2: 0, 3: 1, 4: 2, 5: 3, 6: 4, 7: 5}

#: Assignment TimephasedData types that carry work: 1 = remaining work, 2 = actual work.
_WORK_TIMEPHASED = frozenset({1, 2})


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities (what ``xml.sax.saxutils.escape`` does).

    Local because importing saxutils pulls in urllib.request, http.client and email:
    about 35 ms of every ``plansmith import``.
    """
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


# --- small value types ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MspdiImport:
    """What ``read_mspdi`` returns: the one-project Portfolio and what the import did."""

    portfolio: Portfolio
    report: ImportReport


@dataclass(slots=True)
class _Shape:
    """What all elements with the same child tags, in the same order, have in common.

    Elements written by one program mostly have the same children in the same order,
    so their nodes share one shape instead of each building a dict of ~35 children.
    Never modified once built, except for the answers ``_extra`` caches in it.
    """

    index: dict[str, int]  # local name -> position of the first child of that name
    every: dict[str, list[int]]  # local name -> positions of all its children
    unmodelled: dict[frozenset[str], tuple[str, ...]]  # names not in a modelled set, by set


@dataclass(slots=True)
class _Node:
    """An entity element's children by local name, with where it is for error messages.

    Fields are read when asked for (``(element[index[name]].text or "").strip()``), not
    all up front: the reader uses about half of a task's children.
    """

    element: Element
    place: str
    shape: _Shape
    index: dict[str, int]  # ``shape.index``, one attribute nearer: every field read uses it

    def child(self, name: str) -> Element | None:
        """The first child called ``name``, if any."""
        position = self.index.get(name)
        return None if position is None else self.element[position]


#: One encoder for every entity's ``extra`` (``json.dumps`` with options builds one per call).
_encode_extra = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


@dataclass(slots=True)
class _PendingLink:
    successor_id: int
    node: _Node


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs ~1 us a task
class _TaskRow:
    """A task's place in the outline, found in the first pass over the Tasks."""

    uid: int
    node: _Node
    parent_id: int | None
    position: int
    outline: str  # our outline number, e.g. "2.3"


# --- the reader -------------------------------------------------------------------------

_TAG = attrgetter("tag")


def read_mspdi(path: Path, *, progress: Progress | None = None) -> MspdiImport:
    """Import an MSPDI file into a new one-project Portfolio.

    ``progress`` hears each stage (parsing, calendars, tasks, resources, assignments,
    building tasks and links) and may stop the import by raising ``Cancelled``.

    Raises:
        ImportRejected: naming file, line/element and field, for any input it cannot
            use: unsafe or malformed XML, a wrong root element, missing or duplicate
            UIDs, unreadable values, dates out of range, links to unknown tasks.
        Cancelled: from ``progress``, unchanged.
    """
    with paused_gc():
        report(progress, 0, 0, "Parsing the XML")
        document = parse_xml(Path(path))
        return _Reader(document, progress).read()


class _Reader:
    """One import: walks the tree once per collection, building model objects."""

    def __init__(self, document: XmlDocument, progress: Progress | None = None) -> None:
        self.doc = document
        self.progress = progress
        self.path = document.path
        self.report = ImportReport(source=str(document.path), format=FORMAT)
        self.calendars: dict[int, Calendar] = {}
        self.calendar_by_uid: dict[int, int] = {}
        self.tasks: dict[int, Task] = {}
        self.task_by_uid: dict[int, int] = {}
        self.skipped_task_uids: set[int] = set()
        self.links: dict[int, Link] = {}
        self.resources: dict[int, Resource] = {}
        self.resource_by_uid: dict[int, int] = {}
        self.skipped_resource_uids: set[int] = set()
        self.assignments: dict[int, Assignment] = {}
        self.baselines: dict[tuple[int, int], Baseline] = {}
        self.work_blocks: dict[int, list[tuple[datetime, datetime, int]]] = {}
        self.minutes_per_day = 480
        self.project_summary: _Node | None = None
        self._names: dict[str, str] = {}
        self._shapes: dict[tuple[str, ...], _Shape] = {}
        self._durations: dict[str, int] = {}
        self._ints: dict[str, int] = {}
        self._floats: dict[str, float] = {}
        self.default_unit = DurationUnit.DAYS

    # --- top level ----------------------------------------------------------------------

    def read(self) -> MspdiImport:
        root = self.doc.root
        if local_name(root.tag) != "Project" or namespace_of(root.tag) != NS:
            found = f"<{local_name(root.tag)}>"
            space = namespace_of(root.tag) or "no namespace"
            message = (
                f"not an MS Project XML file: the root element is {found} in {space}, "
                f"expected <Project> in {NS}"
            )
            raise ImportRejected(self.path, message, line=self.doc.line(root))
        top = self._node(root, "Project")
        self.minutes_per_day = self._int(top, "MinutesPerDay", 480, low=1, high=1440)
        project_format = self._int(top, "DurationFormat", 0)
        self.default_unit = unit_of_format(project_format, percent_ok=False) or DurationUnit.DAYS
        section = top.child
        self._check_sizes(top)
        report(self.progress, 0, 0, "Reading calendars")
        self._read_calendars(section("Calendars"))
        rows = self._read_tasks(section("Tasks"))
        self._read_resources(section("Resources"))
        self._read_assignments(section("Assignments"))
        project = self._read_project(top, rows)
        self._finish_tasks(rows, project)
        portfolio = Portfolio(
            projects={1: project},
            calendars=self.calendars,
            tasks=self.tasks,
            links=self.links,
            resources=self.resources,
            assignments=self.assignments,
            baselines=self.baselines,
        )
        for name, collection in (
            ("calendars", self.calendars),
            ("tasks", self.tasks),
            ("links", self.links),
            ("resources", self.resources),
            ("assignments", self.assignments),
            ("baselines", self.baselines),
        ):
            self.report.counts[name] = len(collection)
        return MspdiImport(portfolio, self.report)

    def _check_sizes(self, top: _Node) -> None:
        """Refuse absurd row counts before building objects for them (R13: 10^6 tasks).

        A million one-line tasks fit in the byte cap yet would take gigabytes as objects.
        """
        for name in ("Calendars", "Tasks", "Resources", "Assignments"):
            section = top.child(name)
            if section is not None and len(section) > MAX_ROWS:
                message = (
                    f"{len(section):,} {name.lower()}, more than the {MAX_ROWS:,} a plan may have"
                )
                raise ImportRejected(self.path, message, line=self.doc.line(section), field=name)

    # --- nodes and values ---------------------------------------------------------------

    def _node(self, element: Element, place: str) -> _Node:
        """Index an element's children by local name, through the shape it shares."""
        tags = tuple(map(_TAG, element))
        shape = self._shapes.get(tags)
        if shape is None:
            shape = self._shapes[tags] = self._shape(tags)
        return _Node(element, place, shape, shape.index)

    def _shape(self, tags: tuple[str, ...]) -> _Shape:
        """Where the children of each local name are, for elements with these ``tags``."""
        names = [self._names.get(tag) or self._name(tag) for tag in tags]
        # From the last child back: the first of a repeated name is the one kept, and
        # names come in the order ``_extra`` has always listed them in.
        index = {name: position for position, name in reversed(list(enumerate(names)))}
        every: dict[str, list[int]] = {}
        for position, name in enumerate(names):
            every.setdefault(name, []).append(position)
        return _Shape(index, every, {})

    @staticmethod
    def _named(node: _Node, name: str) -> list[Element]:
        """Every child of ``node`` called ``name``, in document order."""
        element = node.element
        return [element[position] for position in node.shape.every.get(name, ())]

    def _name(self, tag: str) -> str:
        """``{ns}Name`` -> ``Name``, cached: a big file has few distinct tags."""
        name = local_name(tag)
        self._names[tag] = name
        return name

    def _fail(self, node: _Node, name: str, message: str) -> ImportRejected:
        element = node.child(name)
        if element is None:
            element = node.element
        return ImportRejected(
            self.path, message, line=self.doc.line(element), place=node.place, field=name
        )

    @staticmethod
    def _text(node: _Node, name: str) -> str | None:
        """The element's text, stripped; None when absent or empty."""
        position = node.index.get(name)
        if position is None:
            return None
        return (node.element[position].text or "").strip() or None

    def _int(
        self,
        node: _Node,
        name: str,
        default: int,
        *,
        low: int | None = None,
        high: int | None = None,
    ) -> int:
        position = node.index.get(name)
        if position is None or not (text := (node.element[position].text or "").strip()):
            return default
        # Cached: int() of a str costs more than a lookup, and codes, flags and UIDs repeat.
        value = self._ints.get(text)
        if value is None:
            value = self._ints[text] = self._whole_number(node, name, text)
        if (low is not None and value < low) or (high is not None and value > high):
            raise self._fail(node, name, f"{value} is outside {low}..{high}")
        return value

    def _whole_number(self, node: _Node, name: str, text: str) -> int:
        """``text`` as an int; ``5.0`` is accepted too (some writers put floats)."""
        try:
            return int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                raise self._fail(node, name, f"cannot read {text!r} as a number") from None
            if not math.isfinite(number) or number != int(number):
                raise self._fail(node, name, f"cannot read {text!r} as a whole number") from None
            return int(number)

    def _float(self, node: _Node, name: str, default: float) -> float:
        position = node.index.get(name)
        if position is None or not (text := (node.element[position].text or "").strip()):
            return default
        value = self._floats.get(text)  # cached as in ``_int``
        if value is not None:
            return value
        try:
            value = float(text)
        except ValueError:
            raise self._fail(node, name, f"cannot read {text!r} as a number") from None
        if not math.isfinite(value):
            raise self._fail(node, name, f"{text!r} is not a finite number")
        self._floats[text] = value
        return value

    def _decimal(self, node: _Node, name: str) -> Decimal:
        """Money straight from the text, so 0.1 stays 0.1 (never through float)."""
        position = node.index.get(name)
        if position is None or not (text := (node.element[position].text or "").strip()):
            return Decimal(0)
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise self._fail(node, name, f"cannot read {text!r} as an amount") from None
        if not value.is_finite() or abs(value) >= _MAX_AMOUNT:
            raise self._fail(node, name, f"{text!r} is not a usable amount")
        return value

    def _money(self, node: _Node, name: str) -> Decimal:
        """A currency field: MSPDI stores them in hundredths (12345 = 123.45), rates excepted."""
        return self._decimal(node, name).scaleb(-2)

    def _bool(self, node: _Node, name: str, default: bool = False) -> bool:
        position = node.index.get(name)
        if position is None or not (text := (node.element[position].text or "").strip()):
            return default
        if text == "0":  # what every writer puts: no lower() for the common case
            return False
        if text == "1":
            return True
        lowered = text.lower()
        if lowered in ("1", "true"):
            return True
        if lowered in ("0", "false"):
            return False
        raise self._fail(node, name, f"cannot read {text!r} as yes/no (0 or 1)")

    def _date(self, node: _Node, name: str) -> datetime | None:
        position = node.index.get(name)
        if position is None or not (text := (node.element[position].text or "").strip()):
            return None
        try:
            value = parse_datetime(text)
        except ValueError as exc:
            raise self._fail(node, name, str(exc)) from None
        return value

    def _duration(self, node: _Node, name: str) -> int | None:
        position = node.index.get(name)
        if position is None or not (text := (node.element[position].text or "").strip()):
            return None
        minutes = self._durations.get(text)
        if minutes is not None:  # a big plan has few distinct durations
            return minutes
        try:
            minutes = self._durations[text] = parse_xsd_duration(text)
        except ValueError as exc:
            raise self._fail(node, name, str(exc)) from None
        return minutes

    def _uid(self, node: _Node, name: str = "UID") -> int:
        position = node.index.get(name)
        if position is None or not (node.element[position].text or "").strip():
            raise self._fail(node, name, f"required {name} is missing")
        return self._int(node, name, 0)

    def _extra(
        self,
        node: _Node,
        modelled: frozenset[str],
        kind: str,
        codes: dict[str, str] | None = None,
    ) -> str:
        """Unmodelled children as JSON: name -> text (simple) or list of raw XML.

        ``codes`` adds format codes the model cannot say by itself (an estimated
        ``3d?`` duration, a lag in ``e%``), so the exporter writes the same code back.
        """
        index, known = node.index, node.shape.unmodelled
        unmodelled = known.get(modelled)
        if unmodelled is None:  # once per shape and kind of entity, in document order
            unmodelled = known[modelled] = tuple(n for n in index if n not in modelled)
        if not unmodelled:
            return _encode_extra(codes) if codes else ""
        kept: dict[str, str | list[str]] = dict(codes or {})
        once = len(index) == len(node.element)  # no name occurs twice
        report = self.report
        for name in unmodelled:
            report.keep(f"{kind}/{name}")
            child = node.element[index[name]]
            if once and len(child) == 0:
                kept[name] = (child.text or "").strip()
                continue
            elements = self._named(node, name)
            if len(elements) == 1 and len(elements[0]) == 0:
                kept[name] = (elements[0].text or "").strip()
            else:
                kept[name] = [raw_xml(element) for element in elements]
        return _encode_extra(kept)

    # --- calendars ----------------------------------------------------------------------

    def _read_calendars(self, section: Element | None) -> None:
        if section is None:
            return
        bases: list[tuple[int, _Node]] = []
        for element in section:
            if local_name(element.tag) != "Calendar":
                continue
            node = self._node(element, f"Calendar #{len(self.calendars) + 1}")
            uid = self._uid(node)
            node.place = f"Calendar UID {uid}"
            if uid in self.calendar_by_uid:
                raise self._fail(node, "UID", f"calendar UID {uid} is used twice")
            calendar_id = len(self.calendars) + 1
            self.calendar_by_uid[uid] = calendar_id
            self.calendars[calendar_id] = self._calendar(node, calendar_id, uid)
            bases.append((calendar_id, node))
        for calendar_id, node in bases:
            base_uid = self._int(node, "BaseCalendarUID", -1)
            if base_uid < 0 or self._bool(node, "IsBaseCalendar"):
                continue
            base_id = self.calendar_by_uid.get(base_uid)
            if base_id is None:
                raise self._fail(node, "BaseCalendarUID", f"no calendar has UID {base_uid}")
            if base_id == calendar_id:
                raise self._fail(node, "BaseCalendarUID", "a calendar cannot derive from itself")
            calendar = self.calendars[calendar_id]
            self.calendars[calendar_id] = _replace_calendar(calendar, base_id)
        self._check_calendar_cycles()

    def _check_calendar_cycles(self) -> None:
        """Base-calendar chains must end; a loop would hang any working-time lookup."""
        for calendar in self.calendars.values():
            seen = {calendar.id}
            current = calendar.base_id
            while current is not None:
                if current in seen:
                    raise ImportRejected(
                        self.path,
                        "base calendars derive from each other in a loop",
                        place=f"Calendar UID {calendar.uid}",
                        field="BaseCalendarUID",
                    )
                seen.add(current)
                current = self.calendars[current].base_id

    def _calendar(self, node: _Node, calendar_id: int, uid: int) -> Calendar:
        is_base = self._bool(node, "IsBaseCalendar", default=True)
        base_uid = self._int(node, "BaseCalendarUID", -1)
        derived = not is_base and base_uid >= 0
        week: list[DayHours | None] = [None] * 7
        old_exceptions: list[CalendarException] = []
        week_days = node.child("WeekDays")
        if week_days is not None:
            for day_element in week_days:
                day = self._node(day_element, node.place + " / WeekDay")
                day_type = self._int(day, "DayType", -1, low=0, high=7)
                if day_type == 0:
                    old_exceptions.append(self._old_exception(day))
                elif day_type > 0:
                    week[_WEEK_INDEX[day_type]] = self._day_hours(day)
        if not derived:
            week = [STANDARD_WEEK[i] if hours is None else hours for i, hours in enumerate(week)]
        exceptions_element = node.child("Exceptions")
        if exceptions_element is not None:
            exceptions = list(self._exceptions(exceptions_element, node.place))
        else:
            exceptions = old_exceptions
        work_weeks = self._work_weeks(node.child("WorkWeeks"), node.place)
        return Calendar(
            id=calendar_id,
            name=self._text(node, "Name") or "",
            week=tuple(week),
            exceptions=tuple(exceptions),
            work_weeks=work_weeks,
            uid=uid,
            project_id=1,
        )

    def _day_hours(self, day: _Node) -> DayHours:
        """A WeekDay's hours: none when not working, the standard day when no times given."""
        if not self._bool(day, "DayWorking"):
            return NON_WORKING
        times = day.child("WorkingTimes")
        intervals: list[tuple[int, int]] = []
        if times is not None:
            for time_element in times:
                span = self._node(time_element, day.place + " / WorkingTime")
                start = self._clock(span, "FromTime")
                end = self._clock(span, "ToTime")
                if start is None or end is None:
                    continue
                intervals.append((start, 1440 if end == 0 else end))
        if not intervals:
            return STANDARD_DAY
        intervals.sort()
        try:
            validate_hours(tuple(intervals))
        except ValueError as exc:
            raise self._fail(day, "WorkingTimes", str(exc)) from None
        return tuple(intervals)

    def _clock(self, node: _Node, name: str) -> int | None:
        """``08:30:00`` -> 510 minutes after midnight."""
        position = node.index.get(name)
        if position is None or not (text := (node.element[position].text or "").strip()):
            return None
        match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?", text)
        if not match or int(match.group(1)) > 24 or int(match.group(2)) > 59:
            raise self._fail(node, name, f"cannot read {text!r} as a time of day (HH:MM:SS)")
        return min(int(match.group(1)) * 60 + int(match.group(2)), 1440)

    def _period(self, node: _Node) -> tuple[date, date]:
        period_element = node.child("TimePeriod")
        if period_element is None:
            raise self._fail(node, "TimePeriod", "required TimePeriod is missing")
        period = self._node(period_element, node.place + " / TimePeriod")
        start = self._date(period, "FromDate")
        finish = self._date(period, "ToDate")
        if start is None or finish is None:
            missing = "FromDate" if start is None else "ToDate"
            raise self._fail(period, missing, f"required {missing} is missing")
        if finish < start:
            raise self._fail(period, "ToDate", "the period ends before it starts")
        return start.date(), finish.date()

    def _old_exception(self, day: _Node) -> CalendarException:
        start, finish = self._period(day)
        return CalendarException(start, finish, self._day_hours(day))

    def _exceptions(self, section: Element, place: str) -> Iterator[CalendarException]:
        for index, element in enumerate(section, start=1):
            node = self._node(element, f"{place} / Exception #{index}")
            start, finish = self._period(node)
            hours = self._day_hours(node)
            name = self._text(node, "Name") or ""
            kind = self._int(node, "Type", 1)
            days = self._recurrence(node, kind, start, finish)
            if days is None:
                yield CalendarException(start, finish, hours, name)
                continue
            for day in days:
                yield CalendarException(day, day, hours, name)

    def _recurrence(self, node: _Node, kind: int, start: date, finish: date) -> list[date] | None:
        """Concrete dates of a recurring exception, or None for one plain date range.

        Types: 1 daily, 7 every ``Period`` days, 6 weekly on ``DaysOfWeek`` (bit 1 =
        Sunday ... 64 = Saturday), 4 monthly on ``MonthDay``, 5 monthly on the
        ``MonthPosition`` (0-3 = first-fourth, 4 = last) ``MonthItem`` (3 = Sunday ...
        9 = Saturday), 2 yearly on ``Month`` (0 = January) + ``MonthDay``, 3 yearly on
        a position as in 5.
        """
        period = max(self._int(node, "Period", 1), 1)
        limit = self._int(node, "Occurrences", 0) if self._bool(node, "EnteredByOccurrences") else 0
        if kind == 1 or (kind == 7 and period == 1):
            return None
        if kind not in (2, 3, 4, 5, 6, 7):
            raise self._fail(node, "Type", f"unknown recurrence type {kind}")
        days: list[date] = []
        for day in _recurring_days(self, node, kind, period, start, finish):
            days.append(day)
            if len(days) == limit or len(days) > MAX_OCCURRENCES:
                break
        if len(days) > MAX_OCCURRENCES:
            raise self._fail(node, "Occurrences", "more than 5000 occurrences")
        return days

    def _work_weeks(self, section: Element | None, place: str) -> tuple[WorkWeek, ...]:
        if section is None:
            return ()
        weeks = []
        for index, element in enumerate(section, start=1):
            node = self._node(element, f"{place} / WorkWeek #{index}")
            start, finish = self._period(node)
            week: list[DayHours | None] = [None] * 7
            week_days = node.child("WeekDays")
            if week_days is not None:
                for day_element in week_days:
                    day = self._node(day_element, node.place + " / WeekDay")
                    day_type = self._int(day, "DayType", 1, low=1, high=7)
                    week[_WEEK_INDEX[day_type]] = self._day_hours(day)
            weeks.append(WorkWeek(start, finish, tuple(week), self._text(node, "Name") or ""))
        return tuple(weeks)

    # --- tasks --------------------------------------------------------------------------

    def _read_tasks(self, section: Element | None) -> list[_TaskRow]:
        rows: list[_TaskRow] = []
        if section is None:
            return rows
        seen: dict[int, Element] = {}
        stack: list[tuple[int, int]] = []  # (outline level, task id)
        positions: dict[int | None, int] = {}
        outlines: dict[int, str] = {}
        ticker = Ticker(self.progress, len(section), "Reading tasks")
        tick = ticker.tick
        for index, element in enumerate(section, start=1):
            tick()
            if local_name(element.tag) != "Task":
                continue
            node = self._node(element, f"Task #{index}")
            uid = self._uid(node)
            node.place = f"Task UID {uid}"
            if uid in seen:
                first = self.doc.line(seen[uid])
                message = f"task UID {uid} is used twice (first on line {first})"
                raise self._fail(node, "UID", message)
            seen[uid] = element
            if self._bool(node, "IsNull"):
                self.skipped_task_uids.add(uid)
                self.report.warn(f"Task UID {uid}: blank row skipped")
                continue
            level = self._outline_level(node)
            if level == 0:
                self.skipped_task_uids.add(uid)
                self.project_summary = node
                continue
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent_id = stack[-1][1] if stack else None
            task_id = len(rows) + 1
            stack.append((level, task_id))
            position = positions.get(parent_id, 0)
            positions[parent_id] = position + 1
            self.task_by_uid[uid] = task_id
            prefix = f"{outlines[parent_id]}." if parent_id is not None else ""
            outlines[task_id] = f"{prefix}{position + 1}"
            rows.append(_TaskRow(uid, node, parent_id, position, outlines[task_id]))
        ticker.finish()
        return rows

    def _outline_level(self, node: _Node) -> int:
        """OutlineLevel, else the depth of OutlineNumber (``1.2.3`` = 3), else 1."""
        level = self._int(node, "OutlineLevel", -1, low=0, high=100)  # -1: none given
        if level >= 0:
            return level
        number = self._text(node, "OutlineNumber")
        if number is not None:
            return 0 if number == "0" else number.count(".") + 1
        uid = self._int(node, "UID", 1)
        return 0 if uid == 0 and self._text(node, "ID") in (None, "0") else 1

    def _finish_tasks(self, rows: list[_TaskRow], project: Project) -> None:
        """Build the Task objects and links once calendars, UIDs and timephased data are known."""
        pending: list[_PendingLink] = []
        ticker = Ticker(self.progress, len(rows), "Building tasks")
        tick = ticker.tick
        for task_id, row in enumerate(rows, start=1):
            tick()
            task = self._task(row, task_id, project)
            self.tasks[task_id] = task
            node = row.node
            if "PredecessorLink" in node.index:
                place = f"{node.place} / PredecessorLink"
                for child in self._named(node, "PredecessorLink"):
                    pending.append(_PendingLink(task_id, self._node(child, place)))
            if "Baseline" in node.index:
                place = f"{node.place} / Baseline"
                for child in self._named(node, "Baseline"):
                    self._baseline(self._node(child, place), task_id)
        ticker.finish()
        ticker = Ticker(self.progress, len(pending), "Reading links")
        tick = ticker.tick
        for link in pending:
            tick()
            self._link(link)
        ticker.finish()

    def _task(self, row: _TaskRow, task_id: int, project: Project) -> Task:
        node = row.node
        duration = self._duration(node, "Duration") or 0
        unit, codes = self._unit(node, "DurationFormat", percent_ok=False)
        constraint = self._constraint(node)
        percent = self._int(node, "PercentComplete", 0, low=0, high=100)
        actual_start = self._date(node, "ActualStart")
        remaining = self._duration(node, "RemainingDuration")
        if percent == 0 and actual_start is None:
            remaining = None
        calendar_id = self._calendar_ref(node, "CalendarUID")
        splits = self._splits(row.uid, calendar_id or project.calendar_id)
        # Project 2010+ also writes ManualStart/Finish for automatic tasks (copies of the
        # computed dates); only a manual task's are inputs, the others stay in ``extra``.
        manual = self._bool(node, "Manual")
        return Task(
            id=task_id,
            project_id=1,
            name=self._text_raw(node, "Name"),
            parent_id=row.parent_id,
            position=row.position,
            uid=row.uid,
            duration_minutes=duration,
            duration_unit=unit,
            milestone=self._bool(node, "Milestone"),
            manual=manual,
            manual_start=self._date(node, "ManualStart") if manual else None,
            manual_finish=self._date(node, "ManualFinish") if manual else None,
            constraint=constraint[0],
            constraint_date=constraint[1],
            deadline=self._date(node, "Deadline"),
            percent_complete=percent,
            actual_start=actual_start,
            actual_finish=self._date(node, "ActualFinish"),
            remaining_minutes=remaining,
            splits=splits,
            priority=self._int(node, "Priority", 500, low=0, high=1000),
            notes=self._text_raw(node, "Notes"),
            calendar_id=calendar_id,
            task_type=_TASK_TYPES[self._int(node, "Type", 0, low=0, high=2)],
            effort_driven=self._bool(node, "EffortDriven"),
            fixed_cost=self._money(node, "FixedCost"),
            wbs=self._wbs(node, row.outline),
            leveling_delay_minutes=round(self._float(node, "LevelingDelay", 0.0) / 10),
            ignore_resource_calendar=self._bool(node, "IgnoreResourceCalendar"),
            extra=self._extra(
                node, _TASK_MODELLED if manual else _AUTO_TASK_MODELLED, "Task", codes
            ),
        )

    @staticmethod
    def _text_raw(node: _Node, name: str) -> str:
        """Free text (names, notes) exactly as written, spaces included, so it round-trips."""
        element = node.child(name)
        return "" if element is None or element.text is None else element.text

    def _wbs(self, node: _Node, outline: str) -> str | None:
        """The WBS code only when it is not an outline number (ours or the file's)."""
        wbs = self._text(node, "WBS")
        if wbs is None or wbs == outline or wbs == self._text(node, "OutlineNumber"):
            return None
        return wbs

    def _unit(
        self, node: _Node, name: str, *, percent_ok: bool
    ) -> tuple[DurationUnit, dict[str, str]]:
        """A DurationFormat/LagFormat code as (unit, {name: code} when not our default)."""
        code = self._int(node, name, 0)
        unit = unit_of_format(code, percent_ok=percent_ok, default=self.default_unit)
        if unit is None:
            raise self._fail(node, name, f"unknown duration format code {code}")
        if code and code != _FORMAT_BY_UNIT[unit]:
            return unit, {name: str(code)}
        return unit, {}

    def _constraint(self, node: _Node) -> tuple[ConstraintKind, datetime | None]:
        code = self._int(node, "ConstraintType", 0, low=0, high=7)
        kind = _CONSTRAINTS[code]
        when = self._date(node, "ConstraintDate")
        if not kind.needs_date:
            return kind, None
        if when is None:
            self.report.warn(f"{node.place}: {kind.short} constraint has no date; read as ASAP")
            return ConstraintKind.ASAP, None
        return kind, when

    def _calendar_ref(self, node: _Node, name: str) -> int | None:
        uid = self._int(node, name, -1)
        if uid < 0:
            return None
        calendar_id = self.calendar_by_uid.get(uid)
        if calendar_id is None:
            self.report.warn(f"{node.place}: {name} {uid} is not a calendar in the file; ignored")
        return calendar_id

    def _link(self, pending: _PendingLink) -> None:
        """One PredecessorLink. LinkLag is in tenths of a minute, except for the percent
        formats (19, 20), where it is the percentage itself: that is how MPXJ reads and
        writes it and how Aspose documents it (no sample here holds a percent lag).
        """
        node = pending.node
        uid = self._uid(node, "PredecessorUID")
        predecessor_id = self.task_by_uid.get(uid)
        if predecessor_id is None:
            if uid in self.skipped_task_uids:
                self.report.warn(f"{node.place}: link from blank row UID {uid} skipped")
                return
            if self._bool(node, "CrossProject"):
                self.report.warn(f"{node.place}: link from another project ({uid}) skipped")
                return
            raise self._fail(node, "PredecessorUID", f"no task has UID {uid}")
        code = self._int(node, "Type", 1, low=0, high=3)
        unit, codes = self._unit(node, "LagFormat", percent_ok=True)
        lag = self._float(node, "LinkLag", 0.0)
        if abs(lag) > MAX_MINUTES * 10:
            raise self._fail(node, "LinkLag", "lag is longer than a century")
        link_id = len(self.links) + 1
        percent = unit is DurationUnit.PERCENT
        self.links[link_id] = Link(
            id=link_id,
            predecessor_id=predecessor_id,
            successor_id=pending.successor_id,
            kind=_LINK_BY_CODE[code],
            lag_minutes=0 if percent else round(lag / 10),
            lag_unit=unit,
            lag_percent=round(lag) if percent else 0,
            extra=self._extra(node, _LINK_MODELLED, "PredecessorLink", codes),
        )

    def _baseline(self, node: _Node, task_id: int) -> None:
        number = self._int(node, "Number", 0, low=0, high=10)
        self.baselines[(task_id, number)] = Baseline(
            task_id=task_id,
            number=number,
            start=self._date(node, "Start"),
            finish=self._date(node, "Finish"),
            duration_minutes=self._duration(node, "Duration") or 0,
            work_minutes=self._duration(node, "Work") or 0,
            cost=self._money(node, "Cost"),
        )

    # --- splits -------------------------------------------------------------------------

    def _splits(self, uid: int, calendar_id: int | None) -> tuple[tuple[datetime, datetime], ...]:
        """Working periods of a split task, from its assignments' timephased work.

        MS Project writes a split as timephased blocks with zero work on working days
        between blocks with work (blocks on non-working days carry no value). The
        blocks are day-sized and start at odd times (17:00 of the previous day), so
        each period is snapped to the calendar's working time, as the scheduler reckons
        it (``app.schedule.working_time``): base-calendar holidays, work weeks and all.

        A calendar without working time has nowhere to put the periods: the task is
        kept unsplit with a warning (the scheduler then names the calendar), rather
        than refusing a file whose only fault may be one calendar the user can fix.
        """
        blocks = self.work_blocks.get(uid)
        if not blocks:
            return ()
        worked = sorted((start, end) for start, end, amount in blocks if amount > 0)
        idle = sorted(start for start, _end, amount in blocks if amount == 0)
        if not worked or not idle:
            return ()
        try:
            return self._split_periods(worked, idle, calendar_clock(calendar_id, self.calendars))
        except NoWorkingTimeError as exc:
            self.report.warn(f"Task UID {uid}: imported without its splits: {exc}")
            return ()

    def _split_periods(
        self, worked: list[tuple[datetime, datetime]], idle: list[datetime], clock: DateClock
    ) -> tuple[tuple[datetime, datetime], ...]:
        """Merge worked blocks not separated by a working-time gap, then snap each period
        to work: its start to the next working moment, its end to the last working end.

        Raises:
            NoWorkingTimeError: when a period has no working time within decades.
        """
        periods: list[list[datetime]] = [list(worked[0])]
        for start, end in worked[1:]:
            current = periods[-1]
            if start > current[1] and self._is_gap(idle, clock, current[1], start):
                periods.append([start, end])
            else:
                current[1] = max(current[1], end)
        if len(periods) < 2:
            return ()
        return tuple(
            (clock.next_working(start), clock.previous_working_end(end)) for start, end in periods
        )

    @staticmethod
    def _is_gap(idle: list[datetime], clock: DateClock, start: datetime, end: datetime) -> bool:
        """A split: zero-work blocks between two worked ones, over working time.

        Zero blocks over a weekend (Project 2013 writes those) or the sub-minute holes
        between a contoured assignment's blocks are not splits.
        """
        first = bisect.bisect_left(idle, start)
        return first < len(idle) and idle[first] < end and clock.working_between(start, end) > 0

    # --- resources and assignments -------------------------------------------------------

    def _read_resources(self, section: Element | None) -> None:
        if section is None:
            return
        ticker = Ticker(self.progress, len(section), "Reading resources")
        for index, element in enumerate(section, start=1):
            ticker.tick()
            if local_name(element.tag) != "Resource":
                continue
            node = self._node(element, f"Resource #{index}")
            uid = self._uid(node)
            node.place = f"Resource UID {uid}"
            if uid in self.resource_by_uid or uid in self.skipped_resource_uids:
                raise self._fail(node, "UID", f"resource UID {uid} is used twice")
            if self._bool(node, "IsNull"):
                self.skipped_resource_uids.add(uid)
                self.report.warn(f"Resource UID {uid}: blank row skipped")
                continue
            if uid == 0:
                # MS Project's hidden placeholder (GanttProject names it "Unassigned").
                self.skipped_resource_uids.add(uid)
                continue
            resource_id = len(self.resources) + 1
            self.resource_by_uid[uid] = resource_id
            self.resources[resource_id] = self._resource(node, resource_id, uid)
        ticker.finish()

    def _resource(self, node: _Node, resource_id: int, uid: int) -> Resource:
        code = self._int(node, "Type", 1, low=0, high=2)
        kind = ResourceType.COST if self._bool(node, "IsCostResource") else _RESOURCE_BY_CODE[code]
        rate_code = self._int(node, "StandardRateFormat", 2)
        rate_unit = _RATE_BY_CODE.get(rate_code, RateUnit.HOUR)
        codes = (
            {} if rate_code == _CODE_BY_RATE[rate_unit] else {"StandardRateFormat": str(rate_code)}
        )
        return Resource(
            id=resource_id,
            name=self._text_raw(node, "Name"),
            type=kind,
            project_id=1,
            uid=uid,
            initials=self._text_raw(node, "Initials"),
            group=self._text_raw(node, "Group"),
            email=self._text_raw(node, "EmailAddress"),
            material_label=self._text_raw(node, "MaterialLabel"),
            max_units=self._float(node, "MaxUnits", 1.0),
            standard_rate=self._decimal(node, "StandardRate"),
            standard_rate_unit=rate_unit,
            overtime_rate=self._decimal(node, "OvertimeRate"),
            cost_per_use=self._money(node, "CostPerUse"),
            calendar_id=self._calendar_ref(node, "CalendarUID"),
            available_from=self._date(node, "AvailableFrom"),
            available_to=self._date(node, "AvailableTo"),
            notes=self._text_raw(node, "Notes"),
            extra=self._extra(node, _RESOURCE_MODELLED, "Resource", codes),
        )

    def _read_assignments(self, section: Element | None) -> None:
        if section is None:
            return
        seen: set[int] = set()
        ticker = Ticker(self.progress, len(section), "Reading assignments")
        tick = ticker.tick
        for index, element in enumerate(section, start=1):
            tick()
            if local_name(element.tag) != "Assignment":
                continue
            node = self._node(element, f"Assignment #{index}")
            uid = self._uid(node)
            node.place = f"Assignment UID {uid}"
            if uid in seen:
                raise self._fail(node, "UID", f"assignment UID {uid} is used twice")
            seen.add(uid)
            task_uid = self._uid(node, "TaskUID")
            resource_uid = self._uid(node, "ResourceUID")
            self._collect_work(node, task_uid)
            task_id = self.task_by_uid.get(task_uid)
            if task_id is None:
                if task_uid in self.skipped_task_uids:
                    continue
                raise self._fail(node, "TaskUID", f"no task has UID {task_uid}")
            if resource_uid == UNASSIGNED_RESOURCE:
                continue
            resource_id = self.resource_by_uid.get(resource_uid)
            if resource_id is None:
                if resource_uid in self.skipped_resource_uids:
                    continue
                raise self._fail(node, "ResourceUID", f"no resource has UID {resource_uid}")
            self._assignment(node, uid, task_id, resource_id)
        ticker.finish()

    def _assignment(self, node: _Node, uid: int, task_id: int, resource_id: int) -> None:
        resource = self.resources[resource_id]
        contour = self._int(node, "WorkContour", 0, low=0, high=len(_CONTOURS) - 1)
        is_cost = resource.type is ResourceType.COST
        assignment_id = len(self.assignments) + 1
        self.assignments[assignment_id] = Assignment(
            id=assignment_id,
            task_id=task_id,
            resource_id=resource_id,
            uid=uid,
            units=self._float(node, "Units", 1.0),
            work_minutes=self._duration(node, "Work") or 0,
            actual_work_minutes=self._duration(node, "ActualWork") or 0,
            contour=_CONTOURS[contour],
            cost=self._money(node, "Cost") if is_cost else None,
            extra=self._extra(node, _ASSIGNMENT_MODELLED, "Assignment"),
        )

    def _collect_work(self, node: _Node, task_uid: int) -> None:
        """Remember the assignment's timephased work blocks: they describe task splits."""
        blocks = self.work_blocks.setdefault(task_uid, [])
        if "TimephasedData" not in node.index:
            return
        for child in self._named(node, "TimephasedData"):
            data = self._node(child, node.place + " / TimephasedData")
            if self._int(data, "Type", 0) not in _WORK_TIMEPHASED:
                continue
            start = self._date(data, "Start")
            end = self._date(data, "Finish")
            if start is None or end is None:
                continue
            text = self._text(data, "Value")
            try:
                amount = -1.0 if text is None else xsd_duration_minutes(text)
            except ValueError as exc:
                raise self._fail(data, "Value", str(exc)) from None
            blocks.append((start, end, amount))

    # --- project ------------------------------------------------------------------------

    def _read_project(self, top: _Node, rows: list[_TaskRow]) -> Project:
        calendar_id = self._calendar_ref(top, "CalendarUID")
        if calendar_id is None and self.calendars:
            calendar_id = next((c.id for c in self.calendars.values() if c.base_id is None), None)
        start = self._date(top, "StartDate") or self._fallback_start(top, rows)
        from_start = self._bool(top, "ScheduleFromStart", default=True)
        minutes_per_day = self.minutes_per_day
        return Project(
            id=1,
            name=self._project_name(top),
            start=start,
            calendar_id=calendar_id,
            finish=None if from_start else self._date(top, "FinishDate"),
            schedule_from_finish=not from_start,
            status_date=self._date(top, "StatusDate"),
            currency=self._text(top, "CurrencyCode") or "EUR",
            currency_digits=self._int(top, "CurrencyDigits", 2, low=0, high=6),
            minutes_per_day=minutes_per_day,
            minutes_per_week=self._int(top, "MinutesPerWeek", 2400, low=1, high=10080),
            days_per_month=self._int(top, "DaysPerMonth", 20, low=1, high=31),
            default_start_minute=_or(self._clock(top, "DefaultStartTime"), 8 * 60),
            default_finish_minute=_or(self._clock(top, "DefaultFinishTime"), 17 * 60),
            critical_slack_minutes=self._int(top, "CriticalSlackLimit", 0) * minutes_per_day,
            manager=self._text_raw(top, "Manager"),
            extra=self._extra(top, _PROJECT_MODELLED, "Project"),
        )

    def _project_name(self, top: _Node) -> str:
        """Title (what MS Project shows), else Name (often the file name), else the file."""
        for name in ("Title", "Name"):
            text = self._text_raw(top, name)
            if text:
                return text
        summary = self.project_summary
        if summary is not None and self._text_raw(summary, "Name"):
            return self._text_raw(summary, "Name")
        return self.path.stem

    def _fallback_start(self, top: _Node, rows: list[_TaskRow]) -> datetime:
        """No StartDate: the earliest task start, else the file's CurrentDate, else 2000."""
        starts = [s for row in rows if (s := self._date(row.node, "Start")) is not None]
        if starts:
            when = min(starts)
        else:
            when = self._date(top, "CurrentDate") or datetime(2000, 1, 3, 8, 0)
        self.report.warn(f"Project: no StartDate; using {when:%Y-%m-%d %H:%M}")
        return when


def _or(value: int | None, default: int) -> int:
    return default if value is None else value


def unit_of_format(
    code: int, *, percent_ok: bool, default: DurationUnit = DurationUnit.DAYS
) -> DurationUnit | None:
    """The unit of a DurationFormat/LagFormat code; None for codes the schema lacks.

    0 (absent) and the "null" codes read as ``default`` (the project's DurationFormat);
    a percentage is only meaningful for lags, so for durations it also reads as that.
    """
    if code == 0 or code in _NULL_FORMATS:
        return default
    unit = _UNIT_BY_FORMAT.get(code - _ESTIMATED_OFFSET if code >= 35 else code)
    if unit is DurationUnit.PERCENT and not percent_ok:
        return default
    return unit


def default_unit(project_extra: str) -> DurationUnit:
    """The project's DurationFormat (kept in its ``extra``): the unit of unformatted tasks."""
    code = _load_extra(project_extra).get("DurationFormat")
    try:
        unit = unit_of_format(int(str(code)), percent_ok=False) if code else None
    except ValueError:
        unit = None
    return unit or DurationUnit.DAYS


def _replace_calendar(calendar: Calendar, base_id: int) -> Calendar:
    return Calendar(
        id=calendar.id,
        name=calendar.name,
        week=calendar.week,
        exceptions=calendar.exceptions,
        work_weeks=calendar.work_weeks,
        base_id=base_id,
        uid=calendar.uid,
        project_id=calendar.project_id,
    )


# --- recurring exceptions ---------------------------------------------------------------


def _recurring_days(
    reader: _Reader, node: _Node, kind: int, period: int, start: date, finish: date
) -> Iterator[date]:
    """Dates from ``start`` to ``finish`` on which a recurring exception falls."""
    if kind == 7:
        day = start
        while day <= finish:
            yield day
            day += timedelta(days=period)
    elif kind == 6:
        mask = reader._int(node, "DaysOfWeek", 0)
        week_start = start - timedelta(days=(start.weekday() + 1) % 7)  # back to Sunday
        while week_start <= finish:
            for offset in range(7):
                day = week_start + timedelta(days=offset)
                if start <= day <= finish and mask & (1 << offset):
                    yield day
            week_start += timedelta(weeks=period)
    elif kind in (4, 5):
        for year, month in _months(start, finish, period):
            day = _month_day(reader, node, kind == 5, year, month)
            if day is not None and start <= day <= finish:
                yield day
    else:  # 2, 3: yearly
        month = reader._int(node, "Month", 0, low=0, high=11) + 1
        for year in range(start.year, finish.year + 1):
            day = _month_day(reader, node, kind == 3, year, month)
            if day is not None and start <= day <= finish:
                yield day


def _months(start: date, finish: date, period: int) -> Iterator[tuple[int, int]]:
    index = start.year * 12 + start.month - 1
    last = finish.year * 12 + finish.month - 1
    while index <= last:
        yield index // 12, index % 12 + 1
        index += period


def _month_day(reader: _Reader, node: _Node, relative: bool, year: int, month: int) -> date | None:
    """The day in a month: ``MonthDay``, or the ``MonthPosition``-th ``MonthItem``."""
    if not relative:
        day = reader._int(node, "MonthDay", 1, low=1, high=31)
        try:
            return date(year, month, day)
        except ValueError:
            return None  # e.g. the 31st of a 30-day month: MS Project skips it
    item = reader._int(node, "MonthItem", 0, low=0, high=9)
    position = reader._int(node, "MonthPosition", 0, low=0, high=4)
    first = date(year, month, 1)
    days = [first + timedelta(days=i) for i in range(31)]
    days = [d for d in days if d.month == month and _matches_item(d, item)]
    if not days:
        return None
    return days[-1] if position == 4 else (days[position] if position < len(days) else None)


def _matches_item(day: date, item: int) -> bool:
    """MonthItem: 0 = any day, 1 = weekday, 2 = weekend day, 3..9 = Sunday..Saturday."""
    if item == 0:
        return True
    if item == 1:
        return day.weekday() < 5
    if item == 2:
        return day.weekday() >= 5
    return (day.weekday() + 1) % 7 == item - 3


# --- values -----------------------------------------------------------------------------

_XSD_DURATION = re.compile(
    r"^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)
_MINUTES_PER_PART = (525600, 43200, 1440, 60, 1, 1 / 60)


def parse_xsd_duration(text: str) -> int:
    """``PT8H0M0S`` -> 480 minutes. MS Project writes working time as hours.

    Raises:
        ValueError: for text that is not an xsd:duration or is absurdly long.
    """
    return round(xsd_duration_minutes(text))


_PLAIN_DURATION = re.compile(r"PT(\d{1,7})H(\d{1,2})M0S")


def xsd_duration_minutes(text: str) -> float:
    """``PT0H0M30S`` -> 0.5: exact minutes, for timephased values below a minute."""
    plain = _PLAIN_DURATION.fullmatch(text)
    if plain:  # what MS Project writes nearly everywhere: whole hours and minutes
        return int(plain.group(1)) * 60 + int(plain.group(2))
    cleaned = text.strip()
    match = _XSD_DURATION.match(cleaned)
    if not match or cleaned.rstrip("T").endswith("P"):
        raise ValueError(f"cannot read {text!r} as a duration (expected e.g. PT8H0M0S)")
    parts = match.groups()[1:]
    pairs = zip(parts, _MINUTES_PER_PART, strict=True)
    minutes = sum(float(part) * per for part, per in pairs if part)
    if minutes > MAX_MINUTES:
        raise ValueError(f"duration {text!r} is longer than a century")
    return -minutes if match.group(1) else minutes


def actual_duration(task: Task) -> int:
    """Working minutes done, as MS Project derives its Actual Duration from progress.

    Duration less the remaining duration when one is recorded, else duration times
    % complete (both hold for every task of the MS Project files in the samples). A copy
    kept from the file would contradict the progress as soon as the user changed it.
    """
    if task.percent_complete == 0 and task.actual_start is None:
        return 0
    if task.remaining_minutes is not None:
        return max(0, task.duration_minutes - task.remaining_minutes)
    return round(task.duration_minutes * task.percent_complete / 100)


def format_xsd_duration(minutes: int) -> str:
    """480 -> ``PT8H0M0S`` (negative values get a leading ``-``)."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}PT{hours}H{rest}M0S"


def parse_datetime(text: str) -> datetime:
    """``2006-09-21T08:00:00`` -> naive datetime; refuses dates MS Project cannot hold.

    Raises:
        ValueError: with a message naming the text.
    """
    cleaned = text.strip()
    if cleaned.endswith("Z"):
        cleaned = cleaned[:-1]
    try:
        value = datetime.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(f"cannot read {text!r} as a date and time") from None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"date {text!r} is outside {MIN_YEAR}-{MAX_YEAR}")
    return value.replace(tzinfo=None, microsecond=0)


def format_datetime(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def raw_xml(element: Element) -> str:
    """An element as XML text without namespace prefixes, for keeping in ``extra``.

    Recursion is bounded by the parser's depth cap (32), so it cannot overflow.
    """
    name = local_name(element.tag)
    text = escape(element.text.strip()) if element.text and element.text.strip() else ""
    inner = "".join(raw_xml(child) for child in element if isinstance(child.tag, str))
    return f"<{name}>{text}{inner}</{name}>"


# --- which children each entity models --------------------------------------------------

_PROJECT_MODELLED = frozenset(
    {
        "SaveVersion",
        "Title",
        "StartDate",
        "FinishDate",  # an input when scheduled from the finish, else the schedule's
        "ScheduleFromStart",
        "StatusDate",
        "CurrencyCode",
        "CurrencyDigits",
        "MinutesPerDay",
        "MinutesPerWeek",
        "DaysPerMonth",
        "DefaultStartTime",
        "DefaultFinishTime",
        "CriticalSlackLimit",
        "CalendarUID",
        "Manager",
        "Calendars",
        "Tasks",
        "Resources",
        "Assignments",
    }
)
_TASK_MODELLED = frozenset(
    {
        "UID",
        "ID",
        "Name",
        "Type",
        "IsNull",
        "WBS",
        "OutlineNumber",
        "OutlineLevel",
        "Priority",
        "Duration",
        "Milestone",
        "Summary",
        "Manual",
        "ManualStart",
        "ManualFinish",
        "ConstraintType",
        "ConstraintDate",
        "Deadline",
        "PercentComplete",
        "ActualStart",
        "ActualFinish",
        "RemainingDuration",
        "FixedCost",
        "Notes",
        "EffortDriven",
        "CalendarUID",
        "IgnoreResourceCalendar",
        "LevelingDelay",
        "PredecessorLink",
        "Baseline",
        "DurationFormat",
    }
)
#: What Plansmith's scheduler computes and the exporter writes from the schedule: the
#: file's copies are stale as soon as the plan changes, so they are not kept.
_TASK_COMPUTED = frozenset(
    {"Start", "Finish", "EarlyStart", "EarlyFinish", "LateStart", "LateFinish"}
    | {"Critical", "FreeSlack", "TotalSlack", "ActualDuration", "Cost", "Work"}
)
_TASK_MODELLED |= _TASK_COMPUTED
_AUTO_TASK_MODELLED = _TASK_MODELLED - {"ManualStart", "ManualFinish"}
_LINK_MODELLED = frozenset({"PredecessorUID", "Type", "LinkLag", "LagFormat"})
_RESOURCE_MODELLED = frozenset(
    {
        "UID",
        "ID",
        "Name",
        "Type",
        "IsNull",
        "Initials",
        "Group",
        "EmailAddress",
        "MaterialLabel",
        "MaxUnits",
        "StandardRate",
        "OvertimeRate",
        "CostPerUse",
        "CalendarUID",
        "AvailableFrom",
        "AvailableTo",
        "Notes",
        "IsCostResource",
        "StandardRateFormat",
        "Work",  # totals of the resource's assignments, written from the model
        "Cost",
    }
)
_ASSIGNMENT_MODELLED = frozenset(
    {
        "UID",
        "TaskUID",
        "ResourceUID",
        "Units",
        "Work",
        "ActualWork",
        "RemainingWork",  # Work - ActualWork, written from the model
        "Cost",  # a cost resource's assignment states its own (an input); others' is
        # rate x work + cost per use, written from the model
        "WorkContour",
        "TimephasedData",
        "Start",  # the task's dates, written from the schedule
        "Finish",
    }
)


# --- element order (MSPDI schema sequences) -------------------------------------------
# The schema is a strict xsd:sequence, so order matters. The sequences follow Microsoft's
# schema: mspdi_pj12.xsd as published in the Project 2007 SDK reference pages, extended
# with the Project 2010+ elements (Active, Manual, ManualStart...) where the current
# schema puts them; a test checks them against MPXJ's JAXB classes, which are generated
# from that schema. Project 2016/2019 themselves write a few elements the schema does not
# list (BuildNumber, Views, FreeformDurationFormat, board columns...); those only ever
# come back from ``extra`` and are placed where MS Project writes them.


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_PROJECT_ORDER = _names(
    "SaveVersion BuildNumber UID Name GUID Title Subject Category Company Manager Author "
    "CreationDate Revision LastSaved ScheduleFromStart StartDate FinishDate FYStartDate "
    "CriticalSlackLimit CurrencyDigits CurrencySymbol CurrencyCode CurrencySymbolPosition "
    "CalendarUID DefaultStartTime DefaultFinishTime MinutesPerDay MinutesPerWeek DaysPerMonth "
    "DefaultTaskType DefaultFixedCostAccrual DefaultStandardRate DefaultOvertimeRate "
    "DurationFormat WorkFormat EditableActualCosts HonorConstraints EarnedValueMethod "
    "InsertedProjectsLikeSummary MultipleCriticalPaths NewTasksEffortDriven NewTasksEstimated "
    "SplitsInProgressTasks SpreadActualCost SpreadPercentComplete TaskUpdatesResource "
    "FiscalYearStart WeekStartDay MoveCompletedEndsBack MoveRemainingStartsBack "
    "MoveRemainingStartsForward MoveCompletedEndsForward BaselineForEarnedValue "
    "AutoAddNewResourcesAndTasks StatusDate CurrentDate MicrosoftProjectServerURL Autolink "
    "NewTaskStartDate NewTasksAreManual DefaultTaskEVMethod ProjectExternallyEdited "
    "ExtendedCreationDate ActualsInSync RemoveFileProperties AdminProject BaselineCalendar "
    "UpdateManuallyScheduledTasksWhenEditingLinks "
    "KeepTaskOnNearestWorkingTimeWhenMadeAutoScheduled Views Filters Groups Tables Maps "
    "Reports Drawings DataLinks VBAProjects OutlineCodes WBSMasks ExtendedAttributes "
    "Calendars Tasks Resources Assignments"
)

_TASK_ORDER = _names(
    "UID GUID ID Name Active Manual Type IsNull CreateDate Contact WBS WBSLevel OutlineNumber "
    "OutlineLevel Priority Start Finish Duration DurationFormat FreeformDurationFormat Work "
    "Stop Resume ResumeValid EffortDriven Recurring OverAllocated Estimated Milestone Summary "
    "DisplayAsSummary Critical IsSubproject IsSubprojectReadOnly SubprojectName ExternalTask "
    "ExternalTaskProject EarlyStart EarlyFinish LateStart LateFinish StartVariance "
    "FinishVariance WorkVariance FreeSlack TotalSlack StartSlack FinishSlack FixedCost "
    "FixedCostAccrual PercentComplete PercentWorkComplete Cost OvertimeCost OvertimeWork "
    "ActualStart ActualFinish ActualDuration ActualCost ActualOvertimeCost ActualWork "
    "ActualOvertimeWork RegularWork RemainingDuration RemainingCost RemainingWork "
    "RemainingOvertimeCost RemainingOvertimeWork ACWP CV ConstraintType CalendarUID "
    "ConstraintDate Deadline LevelAssignments LevelingCanSplit LevelingDelay "
    "LevelingDelayFormat PreLeveledStart PreLeveledFinish Hyperlink HyperlinkAddress "
    "HyperlinkSubAddress IgnoreResourceCalendar Notes HideBar Rollup BCWS BCWP "
    "PhysicalPercentComplete EarnedValueMethod PredecessorLink ActualWorkProtected "
    "ActualOvertimeWorkProtected ExtendedAttribute Baseline OutlineCode IsPublished "
    "StatusManager CommitmentStart CommitmentFinish CommitmentType "
    "BoardStatusColumnOrderingID SprintColumnOrderingID "
    "NextAvailableBoardStatusColumnOrderingID NextAvailableSprintOrderingID "
    "StartText FinishText DurationText ManualStart ManualFinish ManualDuration TimephasedData"
)

_LINK_ORDER = _names("PredecessorUID Type CrossProject CrossProjectName LinkLag LagFormat")

_TASK_BASELINE_ORDER = _names(
    "TimephasedData Number Interim Start Finish Duration DurationFormat EstimatedDuration "
    "Work Cost BCWS BCWP FixedCost"
)

_RESOURCE_ORDER = _names(
    "UID GUID ID Name Type IsNull Initials Phonetics NTAccount MaterialLabel Code Group "
    "WorkGroup EmailAddress Hyperlink HyperlinkAddress HyperlinkSubAddress MaxUnits PeakUnits "
    "OverAllocated AvailableFrom AvailableTo Start Finish CanLevel AccrueAt Work RegularWork "
    "OvertimeWork ActualWork RemainingWork ActualOvertimeWork RemainingOvertimeWork "
    "PercentWorkComplete StandardRate StandardRateFormat Cost OvertimeRate OvertimeRateFormat "
    "OvertimeCost CostPerUse ActualCost ActualOvertimeCost RemainingCost RemainingOvertimeCost "
    "WorkVariance CostVariance SV CV ACWP CalendarUID Notes BCWS BCWP IsGeneric IsInactive "
    "IsEnterprise BookingType ActualWorkProtected ActualOvertimeWorkProtected "
    "ActiveDirectoryGUID CreationDate ExtendedAttribute Baseline OutlineCode CostCenter "
    "IsCostResource AssnOwner AssnOwnerGuid IsBudget AvailabilityPeriods Rates TimephasedData"
)

_ASSIGNMENT_ORDER = _names(
    "UID GUID TaskUID ResourceUID PercentWorkComplete ActualCost ActualFinish "
    "ActualOvertimeCost ActualOvertimeWork ActualStart ActualWork ACWP Confirmed Cost "
    "CostRateTable CostVariance CV Delay Finish FinishVariance Hyperlink HyperlinkAddress "
    "HyperlinkSubAddress WorkVariance HasFixedRateUnits FixedMaterial LevelingDelay "
    "LevelingDelayFormat LinkedFields Milestone Notes Overallocated OvertimeCost OvertimeWork "
    "PeakUnits RateScale RegularWork RemainingCost RemainingOvertimeCost "
    "RemainingOvertimeWork RemainingWork ResponsePending Start Stop Resume StartVariance "
    "Summary SV Units UpdateNeeded VAC Work WorkContour BCWS BCWP BookingType "
    "ActualWorkProtected ActualOvertimeWorkProtected CreationDate AssnOwner AssnOwnerGuid "
    "BudgetCost BudgetWork ExtendedAttribute Baseline TimephasedData"
)

_CALENDAR_ORDER = _names(
    "UID GUID Name IsBaseCalendar IsBaselineCalendar BaseCalendarUID WeekDays Exceptions WorkWeeks"
)

#: Elements Project 2016/2019 write that the published schema does not list.
NOT_IN_SCHEMA = frozenset(
    _names(
        "BuildNumber Views Filters Groups Tables Maps Reports Drawings DataLinks VBAProjects "
        "FreeformDurationFormat BoardStatusColumnOrderingID SprintColumnOrderingID "
        "NextAvailableBoardStatusColumnOrderingID NextAvailableSprintOrderingID"
    )
)

#: Every entity's order, by the name the tests and the writer look them up with.
SCHEMA_ORDER: dict[str, tuple[str, ...]] = {
    "Project": tuple(_PROJECT_ORDER),
    "Task": tuple(_TASK_ORDER),
    "PredecessorLink": tuple(_LINK_ORDER),
    "Task/Baseline": tuple(_TASK_BASELINE_ORDER),
    "Resource": tuple(_RESOURCE_ORDER),
    "Assignment": tuple(_ASSIGNMENT_ORDER),
    "Calendar": tuple(_CALENDAR_ORDER),
}

# --- the writer -------------------------------------------------------------------------

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


#: Bytes per write (and per progress report) when the XML goes to disk.
_WRITE_CHUNK = 1 << 20


def write_mspdi(
    portfolio: Portfolio,
    project_id: int,
    path: Path,
    schedule: Schedule | None = None,
    *,
    progress: Progress | None = None,
) -> None:
    """Export one project as MS Project XML, atomically (old file or new, never half).

    Computed dates, slack and criticality come from ``schedule``; without one they are
    left out (an import does not keep a file's own). Files for other programs should
    carry them: MPXJ, and so ProjectLibre, fails on a file whose assignments have work
    in progress but neither the project nor the assignment has a finish date.

    Raises:
        KeyError: when ``project_id`` is not in the portfolio.
        OSError: when the file cannot be written (the old file is then untouched).
        Cancelled: from ``progress``; no file (and no temporary file) is left behind.
    """
    data = _Writer(portfolio, project_id, schedule, progress).document().encode("utf-8")
    ticker = Ticker(progress, len(data), "Writing the file", stride=1)
    with atomic_open(Path(path), "wb") as stream:
        for start in range(0, len(data), _WRITE_CHUNK):
            stream.write(data[start : start + _WRITE_CHUNK])
            ticker.tick(min(_WRITE_CHUNK, len(data) - start))
        ticker.finish()


class _Fields:
    """Serialized children of one element, emitted in schema order."""

    def __init__(self, order: tuple[str, ...], extra: str = "") -> None:
        self.order = order
        self.items: dict[str, list[str]] = {}
        for name, value in _load_extra(extra).items():
            if isinstance(value, list):
                self.items[name] = [str(item) for item in value]
            else:
                self.items[name] = [_leaf(name, str(value))]

    def set(self, name: str, value: object | None) -> None:
        """Set a simple element (None removes it, also a kept one of the same name)."""
        if value is None:
            self.items.pop(name, None)
        else:
            self.items[name] = [_leaf(name, _text_of(value))]

    def raw(self, name: str, chunks: list[str]) -> None:
        """Set a repeated or complex element from already serialized XML."""
        if chunks:
            self.items[name] = chunks
        else:
            self.items.pop(name, None)

    def has(self, name: str) -> bool:
        return name in self.items

    def render(self, tag: str, separator: str = "") -> str:
        """The element with its children in schema order; names we do not know go last."""
        known = [name for name in self.order if name in self.items]
        unknown = [name for name in self.items if name not in self.order]
        chunks = [chunk for name in known + unknown for chunk in self.items[name]]
        return f"<{tag}>{separator}{separator.join(chunks)}{separator}</{tag}>"


def _load_extra(extra: str) -> dict[str, object]:
    if not extra:
        return {}
    try:
        value = json.loads(extra)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _text_of(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _leaf(name: str, text: str) -> str:
    """``<Name>text</Name>``, escaped; a CR becomes ``&#13;`` so parsers keep it.

    Characters XML 1.0 cannot hold at all (most control characters) are dropped.
    """
    cleaned = escape(_INVALID_XML.sub("", text)).replace("\r", "&#13;")
    return f"<{name}>{cleaned}</{name}>"


class _Writer:
    """Builds the XML text for one project; ``document`` returns it."""

    def __init__(
        self,
        portfolio: Portfolio,
        project_id: int,
        schedule: Schedule | None,
        progress: Progress | None = None,
    ) -> None:
        self.portfolio = portfolio
        self.progress = progress
        self.project = portfolio.projects[project_id]
        self.schedule = schedule
        self.unit = default_unit(self.project.extra)
        self.tasks = list(portfolio.walk(project_id))
        self.task_uid = _assign_uids(self.tasks, first=1)  # UID 0 is the summary row
        self.calendars = self._project_calendars()
        self.calendar_uid = _assign_uids(self.calendars)
        self.resources = self._project_resources()
        self.resource_uid = _assign_uids(self.resources)
        task_ids = set(self.task_uid)
        self.assignments = [
            a
            for a in sorted(portfolio.assignments.values(), key=lambda a: a.id)
            if a.task_id in task_ids and a.resource_id in self.resource_uid
        ]
        self.assignment_uid = _assign_uids(self.assignments)
        # Totals MS Project stores with every task: planned cost and work, summaries
        # adding their subtasks' (readers such as MPXJ show them as the file says).
        self.costs = task_costs(portfolio, project_id)
        self.assignment_costs = {a.id: assignment_cost(portfolio, a) for a in self.assignments}
        own_work = {t.id: Decimal(0) for t in self.tasks}
        for assignment in self.assignments:
            own_work[assignment.task_id] += assignment.work_minutes
        self.work = rolled_up(portfolio, project_id, own_work)

    # --- collections --------------------------------------------------------------------

    def _project_calendars(self) -> list[Calendar]:
        """The project's own calendars plus any calendar its tasks/resources/bases use."""
        calendars = self.portfolio.calendars
        wanted = {c.id for c in calendars.values() if c.project_id == self.project.id}
        wanted |= {t.calendar_id for t in self.tasks if t.calendar_id is not None}
        wanted |= {r.calendar_id for r in self._project_resources() if r.calendar_id is not None}
        if self.project.calendar_id is not None:
            wanted.add(self.project.calendar_id)
        pending = list(wanted)
        while pending:
            calendar = calendars.get(pending.pop())
            base_id = calendar.base_id if calendar is not None else None
            if base_id is not None and base_id not in wanted:
                wanted.add(base_id)
                pending.append(base_id)
        return [calendars[i] for i in sorted(wanted) if i in calendars]

    def _project_resources(self) -> list[Resource]:
        """Resources of this project, the shared pool's, and any assigned to its tasks."""
        task_ids = {t.id for t in self.tasks}
        used = {a.resource_id for a in self.portfolio.assignments.values() if a.task_id in task_ids}
        return [
            r
            for r in sorted(self.portfolio.resources.values(), key=lambda r: r.id)
            if r.project_id in (None, self.project.id) or r.id in used
        ]

    # --- document -----------------------------------------------------------------------

    def document(self) -> str:
        """The whole file: one line per project setting and per calendar, task, resource."""
        project = self._project_fields()
        for tag, chunks in (
            ("Calendars", self._calendar_xml()),
            ("Tasks", self._task_xml()),
            ("Resources", self._resource_xml()),
            ("Assignments", self._assignment_xml()),
        ):
            items = list(chunks)
            project.raw(tag, [self._wrap(tag, items, "\n")] if items else [])
        body = project.render("Project", "\n")
        body = body.replace("<Project>", f'<Project xmlns="{NS}">', 1)
        return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body + "\n"

    @staticmethod
    def _wrap(tag: str, chunks: Iterable[str], separator: str = "") -> str:
        return f"<{tag}>{separator}" + separator.join(chunks) + f"{separator}</{tag}>"

    def _project_fields(self) -> _Fields:
        p = self.project
        fields = _Fields(SCHEMA_ORDER["Project"], p.extra)
        fields.set("SaveVersion", 14)
        fields.set("Title", p.name)
        fields.set("Manager", p.manager or None)
        fields.set("ScheduleFromStart", not p.schedule_from_finish)
        fields.set("StartDate", p.start)
        finish = p.finish
        if self.schedule is not None and p.id in self.schedule.projects:
            finish = self.schedule.projects[p.id].finish
        if finish is not None:
            fields.set("FinishDate", finish)
        fields.set("CriticalSlackLimit", p.critical_slack_minutes // max(p.minutes_per_day, 1))
        fields.set("CurrencyDigits", p.currency_digits)
        fields.set("CurrencyCode", p.currency[:3])
        if p.calendar_id in self.calendar_uid:
            fields.set("CalendarUID", self.calendar_uid[p.calendar_id])
        fields.set("DefaultStartTime", _clock_text(p.default_start_minute))
        fields.set("DefaultFinishTime", _clock_text(p.default_finish_minute))
        fields.set("MinutesPerDay", p.minutes_per_day)
        fields.set("MinutesPerWeek", p.minutes_per_week)
        fields.set("DaysPerMonth", p.days_per_month)
        fields.set("StatusDate", p.status_date)
        return fields

    # --- calendars ----------------------------------------------------------------------

    def _calendar_xml(self) -> Iterator[str]:
        for calendar in self.calendars:
            fields = _Fields(SCHEMA_ORDER["Calendar"])
            fields.set("UID", self.calendar_uid[calendar.id])
            fields.set("Name", calendar.name)
            base_uid = self.calendar_uid.get(calendar.base_id) if calendar.base_id else None
            fields.set("IsBaseCalendar", base_uid is None)
            fields.set("BaseCalendarUID", -1 if base_uid is None else base_uid)
            days = list(_week_xml(calendar.week))
            fields.raw("WeekDays", [self._wrap("WeekDays", days)] if days else [])
            exceptions = [_exception_xml(e) for e in calendar.exceptions]
            fields.raw("Exceptions", [self._wrap("Exceptions", exceptions)] if exceptions else [])
            weeks = [_work_week_xml(w) for w in calendar.work_weeks]
            fields.raw("WorkWeeks", [self._wrap("WorkWeeks", weeks)] if weeks else [])
            yield fields.render("Calendar")

    # --- tasks --------------------------------------------------------------------------

    def _task_xml(self) -> Iterator[str]:
        yield self._summary_task()
        ticker = Ticker(self.progress, len(self.tasks), "Writing tasks")
        tick = ticker.tick
        for number, task in enumerate(self.tasks, start=1):
            tick()
            yield self._task(task, number)
        ticker.finish()

    def _summary_task(self) -> str:
        """Task UID 0: MS Project's project summary row, expected by every reader."""
        fields = _Fields(SCHEMA_ORDER["Task"])
        fields.set("UID", 0)
        fields.set("ID", 0)
        fields.set("Name", self.project.name)
        fields.set("Type", 1)
        fields.set("IsNull", False)
        fields.set("OutlineNumber", "0")
        fields.set("OutlineLevel", 0)
        fields.set("Summary", True)
        top = [t.id for t in self.tasks if t.parent_id is None]
        fields.set("Work", format_xsd_duration(int(sum(self.work.get(t, 0) for t in top))))
        fields.set(
            "Cost", _hundredths(sum((self.costs.get(t, Decimal(0)) for t in top), Decimal(0)))
        )
        if self.schedule is not None and self.project.id in self.schedule.projects:
            span = self.schedule.projects[self.project.id]
            fields.set("Start", span.start)
            fields.set("Finish", span.finish)
            clock = calendar_clock(self.project.calendar_id, self.portfolio.calendars)
            span_minutes = clock.working_between(span.start, span.finish)
            fields.set("Duration", format_xsd_duration(span_minutes))
            # As a summary's: the top-level tasks' progress weighted by their durations.
            records = [self.schedule.tasks[t] for t in top if t in self.schedule.tasks]
            weight = sum(r.duration_minutes for r in records)
            done = sum(r.duration_minutes * r.percent_complete for r in records)
            fields.set("PercentComplete", round(done / weight) if weight else 0)
        return fields.render("Task")

    def _rolled_up(self, task: Task) -> Task:
        """An automatic summary as the schedule rolls it up, else the task itself.

        Such a summary's own duration and % complete are not inputs (Plansmith shows
        the roll-up and keeps 0); readers that do not recompute summaries (MPXJ, and so
        ProjectLibre) would show those, so the file carries the roll-up, as MS Project's
        own files do.
        """
        dates = self.schedule.tasks.get(task.id) if self.schedule else None
        if task.manual or dates is None or not dates.summary:
            return task
        minutes, percent = dates.duration_minutes, dates.percent_complete
        done = round(minutes * percent / 100)
        return replace(
            task,
            duration_minutes=minutes,
            percent_complete=percent,
            remaining_minutes=minutes - done,
        )

    def _task(self, task: Task, number: int) -> str:
        portfolio = self.portfolio
        fields = _Fields(SCHEMA_ORDER["Task"], task.extra)
        shown = self._rolled_up(task)
        fields.set("UID", self.task_uid[task.id])
        fields.set("ID", number)
        fields.set("Name", task.name)
        if task.manual or task.manual_start or task.manual_finish:
            fields.set("Manual", task.manual)
            fields.set("ManualStart", task.manual_start)
            fields.set("ManualFinish", task.manual_finish)
        fields.set("Type", int(task.task_type))
        fields.set("IsNull", False)
        fields.set("WBS", portfolio.wbs(task.id))
        fields.set("OutlineNumber", portfolio.outline_number(task.id))
        fields.set("OutlineLevel", portfolio.outline_level(task.id))
        fields.set("Priority", task.priority)
        fields.set("Duration", format_xsd_duration(shown.duration_minutes))
        code = _format_code(
            fields, "DurationFormat", task.duration_unit, percent_ok=False, default=self.unit
        )
        fields.set("DurationFormat", code)
        fields.set("EffortDriven", task.effort_driven)
        fields.set("Milestone", task.milestone)
        fields.set("Summary", portfolio.is_summary(task.id))
        fields.set("Work", format_xsd_duration(int(self.work.get(task.id, 0))))
        fields.set("Cost", _hundredths(self.costs.get(task.id, Decimal(0))))
        fields.set("FixedCost", _hundredths(task.fixed_cost))
        fields.set("PercentComplete", shown.percent_complete)
        fields.set("ActualStart", task.actual_start)
        fields.set("ActualFinish", task.actual_finish)
        remaining = shown.remaining_minutes
        if remaining is None and shown.percent_complete == 0 and task.actual_start is None:
            remaining = shown.duration_minutes  # not started: all of it remains
        # With progress and no recorded remaining duration, leave it out: the reader (ours
        # and MS Project) derives it from % complete, so the plan comes back unchanged.
        fields.set(
            "RemainingDuration", None if remaining is None else format_xsd_duration(remaining)
        )
        fields.set("ActualDuration", format_xsd_duration(actual_duration(shown)))
        fields.set("ConstraintType", int(task.constraint))
        fields.set("CalendarUID", self.calendar_uid.get(task.calendar_id, -1))
        fields.set("ConstraintDate", task.constraint_date if task.constraint.needs_date else None)
        fields.set("Deadline", task.deadline)
        fields.set("LevelingDelay", task.leveling_delay_minutes * 10)
        fields.set("IgnoreResourceCalendar", task.ignore_resource_calendar)
        fields.set("Notes", task.notes or None)
        links = [self._link(link) for link in portfolio.predecessors(task.id)]
        fields.raw("PredecessorLink", links)
        fields.raw("Baseline", self._baselines(task.id))
        self._dates(fields, task)
        return fields.render("Task")

    def _dates(self, fields: _Fields, task: Task) -> None:
        """Computed dates, slack and criticality from the schedule."""
        dates: TaskDates | None = self.schedule.tasks.get(task.id) if self.schedule else None
        if dates is None:
            return
        fields.set("Start", dates.start)
        fields.set("Finish", dates.finish)
        fields.set("EarlyStart", dates.early_start)
        fields.set("EarlyFinish", dates.early_finish)
        fields.set("LateStart", dates.late_start)
        fields.set("LateFinish", dates.late_finish)
        fields.set("Critical", dates.critical)
        fields.set("FreeSlack", dates.free_slack_minutes * 10)
        fields.set("TotalSlack", dates.total_slack_minutes * 10)

    def _link(self, link: Link) -> str:
        fields = _Fields(SCHEMA_ORDER["PredecessorLink"], link.extra)
        predecessor = self.task_uid.get(link.predecessor_id)
        if predecessor is None:
            raise KeyError(f"link {link.id} comes from a task outside project {self.project.id}")
        fields.set("PredecessorUID", predecessor)
        fields.set("Type", _CODE_BY_LINK[link.kind])
        lag = link.lag_percent if link.percent_lag else link.lag_minutes * 10
        fields.set("LinkLag", lag)
        fields.set("LagFormat", _format_code(fields, "LagFormat", link.lag_unit, percent_ok=True))
        return fields.render("PredecessorLink")

    def _baselines(self, task_id: int) -> list[str]:
        chunks = []
        for number in range(11):
            baseline = self.portfolio.baselines.get((task_id, number))
            if baseline is None:
                continue
            fields = _Fields(SCHEMA_ORDER["Task/Baseline"])
            fields.set("Number", number)
            fields.set("Start", baseline.start)
            fields.set("Finish", baseline.finish)
            fields.set("Duration", format_xsd_duration(baseline.duration_minutes))
            fields.set("Work", format_xsd_duration(baseline.work_minutes))
            fields.set("Cost", _hundredths(baseline.cost))
            chunks.append(fields.render("Baseline"))
        return chunks

    # --- resources and assignments ------------------------------------------------------

    def _resource_xml(self) -> Iterator[str]:
        work: dict[int, int] = {}
        cost: dict[int, Decimal] = {}
        for assignment in self.assignments:
            rid = assignment.resource_id
            work[rid] = work.get(rid, 0) + assignment.work_minutes
            cost[rid] = cost.get(rid, Decimal(0)) + self.assignment_costs[assignment.id]
        for number, resource in enumerate(self.resources, start=1):
            fields = _Fields(SCHEMA_ORDER["Resource"], resource.extra)
            fields.set("UID", self.resource_uid[resource.id])
            fields.set("ID", number)
            fields.set("Name", resource.name)
            is_work = resource.type is ResourceType.WORK
            fields.set("Type", 1 if is_work else 0)
            fields.set("IsNull", False)
            fields.set("Initials", resource.initials or None)
            fields.set("MaterialLabel", resource.material_label or None)
            fields.set("Group", resource.group or None)
            fields.set("EmailAddress", resource.email or None)
            fields.set("MaxUnits", resource.max_units)
            fields.set("AvailableFrom", resource.available_from)
            fields.set("AvailableTo", resource.available_to)
            fields.set("StandardRate", resource.standard_rate)
            fields.set("StandardRateFormat", _rate_code(fields, resource.standard_rate_unit))
            fields.set("OvertimeRate", resource.overtime_rate)
            fields.set("CostPerUse", _hundredths(resource.cost_per_use))
            fields.set("Work", format_xsd_duration(work.get(resource.id, 0)))
            fields.set("Cost", _hundredths(cost.get(resource.id, Decimal(0))))
            fields.set("CalendarUID", self.calendar_uid.get(resource.calendar_id))
            fields.set("Notes", resource.notes or None)
            fields.set("IsCostResource", resource.type is ResourceType.COST)
            yield fields.render("Resource")

    def _assignment_xml(self) -> Iterator[str]:
        dates = self.schedule.tasks if self.schedule else {}
        split_tasks = {t.id: t for t in self.tasks if len(t.splits) > 1}
        next_uid = max(self.assignment_uid.values(), default=0) + 1
        ticker = Ticker(self.progress, len(self.assignments), "Writing assignments")
        for assignment in self.assignments:
            ticker.tick()
            fields = _Fields(SCHEMA_ORDER["Assignment"], assignment.extra)
            fields.set("UID", self.assignment_uid[assignment.id])
            fields.set("TaskUID", self.task_uid[assignment.task_id])
            fields.set("ResourceUID", self.resource_uid[assignment.resource_id])
            fields.set("ActualWork", format_xsd_duration(assignment.actual_work_minutes))
            remaining = max(0, assignment.work_minutes - assignment.actual_work_minutes)
            fields.set("RemainingWork", format_xsd_duration(remaining))
            fields.set("Cost", _hundredths(self.assignment_costs[assignment.id]))
            fields.set("Units", assignment.units)
            fields.set("Work", format_xsd_duration(assignment.work_minutes))
            fields.set("WorkContour", _CONTOURS.index(assignment.contour))
            task_dates = dates.get(assignment.task_id)
            if task_dates is not None:
                fields.set("Start", task_dates.start)
                fields.set("Finish", task_dates.finish)
            task = split_tasks.pop(assignment.task_id, None)
            if task is not None:
                uid = self.assignment_uid[assignment.id]
                fields.raw("TimephasedData", self._split_blocks(task, uid))
            yield fields.render("Assignment")
        ticker.finish()
        for task in split_tasks.values():
            yield self._unassigned(task, next_uid)
            next_uid += 1

    def _unassigned(self, task: Task, uid: int) -> str:
        """MS Project's resource-less assignment, which carries a split task's periods."""
        fields = _Fields(SCHEMA_ORDER["Assignment"])
        fields.set("UID", uid)
        fields.set("TaskUID", self.task_uid[task.id])
        fields.set("ResourceUID", UNASSIGNED_RESOURCE)
        fields.set("Units", 1)
        fields.set("Work", format_xsd_duration(0))
        fields.set("ActualWork", format_xsd_duration(0))
        fields.set("RemainingWork", format_xsd_duration(0))
        fields.set("Cost", 0)
        fields.raw("TimephasedData", self._split_blocks(task, uid))
        return fields.render("Assignment")

    def _split_blocks(self, task: Task, uid: int) -> list[str]:
        """Timephased work for each working period and a zero block for each gap.

        This is how MS Project itself stores a split (see ``_Reader._splits``). A
        period's work is its working time on the task's calendar, counted by the
        scheduler's calendar module so the file agrees with the plan; it is at least a
        minute, since a zero value would read back as a gap.
        """
        calendar_id = task.calendar_id or self.project.calendar_id
        try:
            clock: DateClock | None = calendar_clock(calendar_id, self.portfolio.calendars)
        except NoWorkingTimeError:
            clock = None  # a calendar without work: every period gets the minimum
        blocks = []
        previous_end: datetime | None = None
        for start, end in task.splits:
            if previous_end is not None:
                blocks.append(_timephased(uid, previous_end, start, 0))
            worked = clock.working_between(start, end) if clock is not None else 0
            blocks.append(_timephased(uid, start, end, max(worked, 1)))
            previous_end = end
        return blocks


def _hundredths(amount: Decimal) -> Decimal:
    """Money as MSPDI's currency fields hold it: in hundredths (see ``_Reader._money``)."""
    return amount.scaleb(2)


def _timephased(uid: int, start: datetime, end: datetime, minutes: int) -> str:
    """One assignment work block (Type 1 = remaining work; Unit 2 = days)."""
    return (
        f"<TimephasedData><Type>1</Type><UID>{uid}</UID>"
        f"<Start>{format_datetime(start)}</Start><Finish>{format_datetime(end)}</Finish>"
        f"<Unit>2</Unit><Value>{format_xsd_duration(minutes)}</Value></TimephasedData>"
    )


def _assign_uids(items: list, *, first: int = 0) -> dict[int, int]:
    """id -> UID: keep each item's own UID, give fresh ones to new or clashing items.

    Calendars, tasks, resources and assignments all carry ``uid`` (the source file's)
    and ``id``; UIDs must be unique within their collection in the written file.
    """
    used: set[int] = set()
    result: dict[int, int] = {}
    fresh: list = []
    for item in items:
        uid = item.uid
        if uid is None or uid < first or uid in used:
            fresh.append(item)
            continue
        used.add(uid)
        result[item.id] = uid
    next_uid = max(used, default=0) + 1
    for item in fresh:
        result[item.id] = next_uid
        next_uid += 1
    return result


def _kept_code(fields: _Fields, name: str) -> int | None:
    kept = fields.items.get(name)
    match = re.fullmatch(rf"<{name}>(\d+)</{name}>", kept[0]) if kept else None
    return int(match.group(1)) if match else None


def _format_code(
    fields: _Fields,
    name: str,
    unit: DurationUnit,
    *,
    percent_ok: bool,
    default: DurationUnit = DurationUnit.DAYS,
) -> int:
    """The file's own code when it still means ``unit`` (keeps "?" and e%), else ours."""
    code = _kept_code(fields, name)
    if code is not None and unit_of_format(code, percent_ok=percent_ok, default=default) is unit:
        return code
    return _FORMAT_BY_UNIT[unit]


def _rate_code(fields: _Fields, unit: RateUnit) -> int:
    """StandardRateFormat: the file's code (e.g. 8 = material) while it still means ``unit``."""
    code = _kept_code(fields, "StandardRateFormat")
    if code is not None and _RATE_BY_CODE.get(code, RateUnit.HOUR) is unit:
        return code
    return _CODE_BY_RATE[unit]


def _clock_text(minute: int) -> str:
    minute = minute % 1440
    return f"{minute // 60:02d}:{minute % 60:02d}:00"


def _hours_xml(hours: DayHours) -> str:
    spans = "".join(
        f"<WorkingTime><FromTime>{_clock_text(s)}</FromTime><ToTime>{_clock_text(e)}</ToTime>"
        "</WorkingTime>"
        for s, e in hours
    )
    return f"<WorkingTimes>{spans}</WorkingTimes>" if spans else ""


def _week_xml(week: Week) -> Iterator[str]:
    """Sunday first, as DayType 1..7; days inherited from the base calendar are left out."""
    for day_type in range(1, 8):
        hours = week[_WEEK_INDEX[day_type]]
        if hours is None:
            continue
        working = 1 if hours else 0
        yield (
            f"<WeekDay><DayType>{day_type}</DayType><DayWorking>{working}</DayWorking>"
            f"{_hours_xml(hours)}</WeekDay>"
        )


def _period_xml(start: date, finish: date) -> str:
    return (
        f"<TimePeriod><FromDate>{start.isoformat()}T00:00:00</FromDate>"
        f"<ToDate>{finish.isoformat()}T23:59:00</ToDate></TimePeriod>"
    )


def _exception_xml(exception: CalendarException) -> str:
    working = 1 if exception.hours else 0
    name = _leaf("Name", exception.name) if exception.name else ""
    return (
        f"<Exception><EnteredByOccurrences>0</EnteredByOccurrences>"
        f"{_period_xml(exception.start, exception.finish)}<Occurrences>1</Occurrences>{name}"
        f"<Type>1</Type><DayWorking>{working}</DayWorking>{_hours_xml(exception.hours)}"
        "</Exception>"
    )


def _work_week_xml(work_week: WorkWeek) -> str:
    name = _leaf("Name", work_week.name) if work_week.name else ""
    days = "".join(_week_xml(work_week.week))
    return (
        f"<WorkWeek>{_period_xml(work_week.start, work_week.finish)}{name}"
        f"<WeekDays>{days}</WeekDays></WorkWeek>"
    )
