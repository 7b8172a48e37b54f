"""All date arithmetic on working-time calendars, and nothing else.

Times are handled as integer *absolute minutes* (``date.toordinal() * 1440 + minute of
day``) so the engine never builds a ``datetime`` in its inner loops. Each calendar gets
a :class:`WorkingTime` that resolves the hours of any date once (exception, then work
week, then the default week, then the base calendar) and keeps a running total of
working minutes per day, so adding or counting working minutes is a binary search
instead of a walk over days: that is what lets 50k tasks schedule in well under 2 s.

MS Project's conventions hold throughout: a finish that lands exactly at the end of a
working interval stays there (a 1d task from 08:00 ends 17:00 the same day), while a
start at that moment moves to the next working moment (08:00 the next working day).

The per-calendar tables and memos are shared between runs, and runs may overlap on
different threads (the window reschedules an edit on a worker while it checks the file's
schedule on another): a memo hit is one dict read, safe as it is; every miss, the only
path that grows or rebuilds the tables, holds the calendar's lock.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta

from app.model.calendar import STANDARD_WEEK, Calendar, DayHours

MINUTES_PER_DAY = 1440
#: Days a search may cross without finding working time before it gives up.
_MAX_EMPTY_DAYS = 366 * 20
#: Days added to the running-total table at a time.
_CHUNK_DAYS = 400
#: Entries a memo keeps before it starts afresh (bounds memory on huge date spans).
_MEMO_LIMIT = 500_000
_EPOCH = datetime(1, 1, 1)


class ScheduleError(Exception):
    """Base class of the scheduler's errors; the message is meant for the user."""


class NoWorkingTimeError(ScheduleError):
    """A calendar (or the span searched in it) has no working time at all."""


def to_minutes(moment: datetime) -> int:
    """A naive datetime as absolute minutes (seconds are dropped, as MS Project does)."""
    return moment.toordinal() * MINUTES_PER_DAY + moment.hour * 60 + moment.minute


def from_minutes(minutes: int) -> datetime:
    """Absolute minutes back to a naive datetime (cached: plans reuse few moments)."""
    found = _MOMENTS.get(minutes)
    if found is None:
        if len(_MOMENTS) > 200_000:
            _MOMENTS.clear()
        # Ordinal 1 is 0001-01-01 (the epoch): one timedelta of seconds from there is a
        # third of the cost of splitting days and minutes (16k misses on opening a file).
        found = _EPOCH + timedelta(0, (minutes - MINUTES_PER_DAY) * 60)
        _MOMENTS[minutes] = found
    return found


_MOMENTS: dict[int, datetime] = {}


class Clock:
    """Interface shared by working-time calendars and elapsed (24x7) time.

    All arguments and results are absolute minutes; ``minutes`` counts working time.
    """

    name = "elapsed"

    def next_start(self, moment: int) -> int:
        """The first working moment at or after ``moment`` that work can start at."""
        return moment

    def prev_finish(self, moment: int) -> int:
        """The last working moment at or before ``moment`` that work can end at."""
        return moment

    def add(self, moment: int, minutes: int) -> int:
        """``moment`` moved by ``minutes`` of working time, landing as a finish would."""
        return moment + minutes

    def add_start(self, moment: int, minutes: int) -> int:
        """``moment`` moved by ``minutes`` of working time, landing as a start would."""
        return moment + minutes

    def between(self, start: int, finish: int) -> int:
        """Working minutes from ``start`` to ``finish`` (negative when finish is earlier)."""
        return finish - start

    def is_working(self, moment: int) -> bool:
        """True when the minute beginning at ``moment`` is working time."""
        return True


ELAPSED = Clock()


class WorkingTime(Clock):
    """Fast working-time arithmetic on one calendar (its base calendars resolved)."""

    def __init__(self, calendar_id: int, calendars: Mapping[int, Calendar]) -> None:
        """Resolve the chain of base calendars once; days are resolved lazily."""
        self.chain = _chain(calendar_id, calendars)
        self.name = f"{self.chain[0].name!r} (id {self.chain[0].id})"
        self._hours: dict[int, DayHours] = {}
        #: Per calendar of the chain: exception start ordinals and (finish, hours), sorted.
        self._exceptions = [_index_exceptions(c) for c in self.chain]
        self._base = 0
        self._cum: list[int] = []
        #: ordinal -> running total at the day's start; values never change once set.
        self._day_cum: dict[int, int] = {}
        #: Memos of the three lookups every pass repeats for the same few moments.
        self._memo_cum: dict[int, int] = {}
        self._memo_finish: dict[int, int] = {}
        self._memo_start: dict[int, int] = {}
        #: Held by every memo miss: the tables grow in several steps (``_extend_backward``
        #: moves the origin and the totals apart), which no other thread may see halfway.
        self._lock = threading.Lock()
        self._check_has_work()

    # --- resolving the hours of a date ------------------------------------------------

    def hours(self, ordinal: int) -> DayHours:
        """Working intervals (minutes of day) on the date with this ordinal."""
        found = self._hours.get(ordinal)
        if found is None:
            found = self._resolve(date.fromordinal(ordinal))
            self._hours[ordinal] = found
        return found

    def hours_on(self, day: date) -> DayHours:
        """Working intervals of a calendar date (for views and reports)."""
        return self.hours(day.toordinal())

    def _resolve(self, day: date) -> DayHours:
        """Exceptions first (the calendar's own, then its bases': a base's holiday applies
        to every calendar derived from it), then work weeks and weekly patterns."""
        weekday = day.weekday()
        ordinal = day.toordinal()
        for starts, spans, longest in self._exceptions:
            index = bisect_right(starts, ordinal) - 1
            # Exceptions may overlap: look back only as far as the longest one reaches.
            while index >= 0 and ordinal - starts[index] <= longest:
                finish, hours = spans[index]
                if finish >= ordinal:
                    return hours
                index -= 1
        for calendar in self.chain:
            for work_week in calendar.work_weeks:
                if work_week.start <= day <= work_week.finish:
                    hours = work_week.week[weekday]
                    if hours is not None:
                        return hours
            hours = calendar.week[weekday]
            if hours is not None:
                return hours
        fallback = STANDARD_WEEK[weekday]
        return fallback if fallback is not None else ()

    def _check_has_work(self) -> None:
        """Fail at once, with the calendar's name, when it can never have working time."""
        for weekday in range(7):
            for calendar in self.chain:
                hours = calendar.week[weekday]
                if hours is not None:
                    if hours:
                        return
                    break
        for calendar in self.chain:
            if any(e.hours for e in calendar.exceptions):
                return
            if any(any(h for h in w.week if h) for w in calendar.work_weeks):
                return
        raise NoWorkingTimeError(
            f"calendar {self.name} has no working time at all: "
            "give it working hours on at least one weekday"
        )

    # --- the running total of working minutes ----------------------------------------

    def _day_total(self, ordinal: int) -> int:
        """Working minutes of one day."""
        return sum(end - start for start, end in self.hours(ordinal))

    def _ensure(self, ordinal: int) -> None:
        """Make the running total cover the day ``ordinal`` (and the day after it)."""
        if not self._cum:
            self._base = ordinal - _CHUNK_DAYS // 2
            self._cum = [0]
            self._extend_forward(_CHUNK_DAYS)
        while ordinal < self._base:
            self._extend_backward(_CHUNK_DAYS)
        while ordinal + 1 >= self._base + len(self._cum) - 1:
            self._extend_forward(_CHUNK_DAYS)

    def _extend_forward(self, days: int) -> None:
        """Append ``days`` days to the running total."""
        cum = self._cum
        first = self._base + len(cum) - 1
        total = cum[-1]
        day_cum = self._day_cum
        for ordinal in range(first, first + days):
            day_cum[ordinal] = total
            total += self._day_total(ordinal)
            cum.append(total)

    def _extend_backward(self, days: int) -> None:
        """Prepend ``days`` days; existing totals keep their values."""
        total = self._cum[0]
        prefix = []
        for ordinal in range(self._base - 1, self._base - days - 1, -1):
            total -= self._day_total(ordinal)
            prefix.append(total)
            self._day_cum[ordinal] = total
        prefix.reverse()
        self._cum = prefix + self._cum
        self._base -= days

    def cumulative(self, moment: int) -> int:
        """Working minutes from the table's origin to ``moment`` (only differences matter)."""
        found = self._memo_cum.get(moment)
        if found is None:
            with self._lock:
                if len(self._memo_cum) > _MEMO_LIMIT:
                    self._memo_cum.clear()
                found = self._memo_cum[moment] = self._cumulative(moment)
        return found

    def _cumulative(self, moment: int) -> int:
        """The uncached lookup behind ``cumulative``."""
        ordinal, minute = divmod(moment, MINUTES_PER_DAY)
        total = self._day_cum.get(ordinal)
        if total is None:
            self._ensure(ordinal)
            total = self._day_cum[ordinal]
        for start, end in self._hours[ordinal]:
            if minute <= start:
                break
            total += (end if minute > end else minute) - start
        return total

    def _day_index_finish(self, target: int) -> int:
        """Index of the day in which the running total first reaches ``target``."""
        return self._day_index(target, bisect_left)

    def _day_index_start(self, target: int) -> int:
        """Index of the last day whose start total is at most ``target`` with work after."""
        return self._day_index(target, bisect_right)

    def _day_index(self, target: int, search: Callable[[list[int], int], int]) -> int:
        """Search the running totals, growing the cached span until ``target`` is inside."""
        while True:
            cum = self._cum
            index = search(cum, target)
            if index == 0:
                self._grow_backward()
            elif index >= len(cum):
                self._grow_forward()
            else:
                return index - 1

    def _grow_forward(self) -> None:
        """Extend the table forwards, giving up after decades without work."""
        before = self._cum[-1]
        self._extend_forward(_CHUNK_DAYS)
        if self._cum[-1] == before and len(self._cum) > _MAX_EMPTY_DAYS:
            self._no_work_error()

    def _grow_backward(self) -> None:
        """Extend the table backwards, giving up after decades without work."""
        before = self._cum[0]
        self._extend_backward(_CHUNK_DAYS)
        if self._cum[0] == before and len(self._cum) > _MAX_EMPTY_DAYS:
            self._no_work_error()

    def _no_work_error(self) -> None:
        """Stop a search that can never end, naming the calendar."""
        raise NoWorkingTimeError(
            f"calendar {self.name} has no working time within {_MAX_EMPTY_DAYS // 366} "
            "years of the dates being scheduled"
        )

    def at_finish(self, target: int) -> int:
        """The earliest moment the running total reaches ``target`` (a finish: 17:00)."""
        found = self._memo_finish.get(target)
        if found is None:
            with self._lock:
                if len(self._memo_finish) > _MEMO_LIMIT:
                    self._memo_finish.clear()
                found = self._memo_finish[target] = self._at_finish(target)
        return found

    def at_start(self, target: int) -> int:
        """The latest moment the running total is still ``target`` (a start: 08:00)."""
        found = self._memo_start.get(target)
        if found is None:
            with self._lock:
                if len(self._memo_start) > _MEMO_LIMIT:
                    self._memo_start.clear()
                found = self._memo_start[target] = self._at_start(target)
        return found

    def _at_finish(self, target: int) -> int:
        """The uncached lookup behind ``at_finish``."""
        index = self._day_index_finish(target)
        ordinal = self._base + index
        remaining = target - self._cum[index]
        for start, end in self.hours(ordinal):
            if remaining <= end - start:
                return ordinal * MINUTES_PER_DAY + start + remaining
            remaining -= end - start
        raise AssertionError("running total out of step with the day's hours")

    def _at_start(self, target: int) -> int:
        """The uncached lookup behind ``at_start``."""
        index = self._day_index_start(target)
        ordinal = self._base + index
        remaining = target - self._cum[index]
        for start, end in self.hours(ordinal):
            if remaining < end - start:
                return ordinal * MINUTES_PER_DAY + start + remaining
            remaining -= end - start
        raise AssertionError("running total out of step with the day's hours")

    # --- the Clock interface ----------------------------------------------------------

    # The five operations below inline the memo lookups: they run several times per task
    # per pass, and the memos answer almost every call without a further method call.

    def next_start(self, moment: int) -> int:
        """Next working moment at or after ``moment``; an interval's end moves on."""
        cum = self._memo_cum.get(moment)
        if cum is None:
            cum = self.cumulative(moment)
        found = self._memo_start.get(cum)
        return found if found is not None else self.at_start(cum)

    def prev_finish(self, moment: int) -> int:
        """Last working moment at or before ``moment``; an interval's start moves back."""
        cum = self._memo_cum.get(moment)
        if cum is None:
            cum = self.cumulative(moment)
        found = self._memo_finish.get(cum)
        return found if found is not None else self.at_finish(cum)

    def add(self, moment: int, minutes: int) -> int:
        """Add working minutes and land as a finish (exactly at 17:00 stays at 17:00).

        With ``minutes == 0`` the moment is only moved to the previous working end when
        it is not working time; negative minutes walk backwards.
        """
        cum = self._memo_cum.get(moment)
        if cum is None:
            cum = self.cumulative(moment)
        cum += minutes
        found = self._memo_finish.get(cum)
        return found if found is not None else self.at_finish(cum)

    def add_start(self, moment: int, minutes: int) -> int:
        """Add working minutes and land as a start (17:00 becomes next day 08:00)."""
        cum = self._memo_cum.get(moment)
        if cum is None:
            cum = self.cumulative(moment)
        cum += minutes
        found = self._memo_start.get(cum)
        return found if found is not None else self.at_start(cum)

    def between(self, start: int, finish: int) -> int:
        """Working minutes in [start, finish); negative when ``finish`` is earlier."""
        memo = self._memo_cum
        a = memo.get(start)
        if a is None:
            a = self.cumulative(start)
        b = memo.get(finish)
        if b is None:
            b = self.cumulative(finish)
        return b - a

    def is_working(self, moment: int) -> bool:
        """True when the minute beginning at ``moment`` is working time."""
        ordinal, minute = divmod(moment, MINUTES_PER_DAY)
        return any(start <= minute < end for start, end in self.hours(ordinal))

    def day_start(self, day: date) -> datetime | None:
        """The first working moment of ``day`` (None on a day off)."""
        hours = self.hours_on(day)
        return from_minutes(day.toordinal() * 1440 + hours[0][0]) if hours else None

    def day_end(self, day: date) -> datetime | None:
        """The last working moment of ``day`` (None on a day off)."""
        hours = self.hours_on(day)
        return from_minutes(day.toordinal() * 1440 + hours[-1][1]) if hours else None


def _index_exceptions(
    calendar: Calendar,
) -> tuple[list[int], list[tuple[int, DayHours]], int]:
    """Exceptions sorted by start (and the longest span), so a date finds its exception
    by bisection instead of a scan over decades of holidays."""
    ordered = sorted(calendar.exceptions, key=lambda e: (e.start, e.finish))
    starts = [e.start.toordinal() for e in ordered]
    spans = [(e.finish.toordinal(), e.hours) for e in ordered]
    longest = max((f - s for s, (f, _) in zip(starts, spans, strict=True)), default=0)
    return starts, spans, longest


def _chain(calendar_id: int, calendars: Mapping[int, Calendar]) -> tuple[Calendar, ...]:
    """The calendar and its bases, nearest first; a loop of bases is an error."""
    chain: list[Calendar] = []
    seen: set[int] = set()
    current: int | None = calendar_id
    while current is not None:
        if current in seen:
            names = " -> ".join(f"{c.name!r} (id {c.id})" for c in chain)
            raise ScheduleError(f"calendars derive from each other in a loop: {names}")
        calendar = calendars.get(current)
        if calendar is None:
            if not chain:
                raise ScheduleError(f"calendar id {calendar_id} does not exist")
            break
        seen.add(current)
        chain.append(calendar)
        current = calendar.base_id
    return tuple(chain)


_CACHE: dict[tuple[int, ...], tuple[tuple[Calendar, ...], WorkingTime]] = {}
_BY_VALUE: dict[tuple[Calendar, ...], WorkingTime] = {}
_CACHE_LIMIT = 64
_CACHE_LOCK = threading.Lock()


def working_time(calendar_id: int | None, calendars: Mapping[int, Calendar]) -> Clock:
    """The (cached) working time of a calendar; None means the standard calendar.

    Found first by the identity of the calendar objects (immutable: a cheap check on
    every call), then by their value, so a file reopened or a portfolio rebuilt with the
    same calendars keeps the resolved days and memos; an edited calendar gets fresh
    arithmetic. Callers that look calendars up per task should keep the answer per run
    (as the engine does): hashing decades of holidays per task would cost more than it saves.
    """
    if calendar_id is None:
        return standard_time()
    chain = _chain(calendar_id, calendars)
    key = tuple(map(id, chain))
    found = _CACHE.get(key)
    if found is not None and all(a is b for a, b in zip(found[0], chain, strict=True)):
        return found[1]
    with _CACHE_LOCK:  # two threads must not make two clocks (two sets of memos)
        return _cached_working_time(calendar_id, calendars, chain, key)


def _cached_working_time(
    calendar_id: int,
    calendars: Mapping[int, Calendar],
    chain: tuple[Calendar, ...],
    key: tuple[int, ...],
) -> WorkingTime:
    """The miss path of ``working_time``, under its lock."""
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
        _BY_VALUE.clear()
    clock = _BY_VALUE.get(chain)
    if clock is None:
        clock = _BY_VALUE[chain] = WorkingTime(calendar_id, calendars)
    _CACHE[key] = (chain, clock)
    return clock


_STANDARD = Calendar(id=0, name="Standard")


def standard_time() -> WorkingTime:
    """Mon-Fri 08:00-12:00, 13:00-17:00: what a project without a calendar works to."""
    global _STANDARD_TIME
    if _STANDARD_TIME is None:
        with _CACHE_LOCK:
            if _STANDARD_TIME is None:
                _STANDARD_TIME = WorkingTime(0, {0: _STANDARD})
    return _STANDARD_TIME


_STANDARD_TIME: WorkingTime | None = None


class DateClock:
    """A datetime-facing wrapper of a :class:`Clock`, for callers outside the engine."""

    def __init__(self, clock: Clock) -> None:
        """Wrap a clock; all methods take and return naive datetimes."""
        self.clock = clock

    def is_working(self, moment: datetime) -> bool:
        """True when ``moment`` falls in working time."""
        return self.clock.is_working(to_minutes(moment))

    def next_working(self, moment: datetime) -> datetime:
        """The next moment work can start at, at or after ``moment``."""
        return from_minutes(self.clock.next_start(to_minutes(moment)))

    def previous_working_end(self, moment: datetime) -> datetime:
        """The last moment work can end at, at or before ``moment``."""
        return from_minutes(self.clock.prev_finish(to_minutes(moment)))

    def add_working(self, moment: datetime, minutes: int) -> datetime:
        """``moment`` plus working minutes, landing as a finish (may be negative)."""
        return from_minutes(self.clock.add(to_minutes(moment), minutes))

    def subtract_working(self, moment: datetime, minutes: int) -> datetime:
        """``moment`` minus working minutes, landing as a start."""
        return from_minutes(self.clock.add_start(to_minutes(moment), -minutes))

    def working_between(self, start: datetime, finish: datetime) -> int:
        """Working minutes from ``start`` to ``finish``."""
        return self.clock.between(to_minutes(start), to_minutes(finish))


def calendar_clock(calendar_id: int | None, calendars: Mapping[int, Calendar]) -> DateClock:
    """Datetime arithmetic on a calendar, e.g. for the Gantt's non-working shading."""
    return DateClock(working_time(calendar_id, calendars))
