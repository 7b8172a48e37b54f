"""The Gantt chart's date grid: dates to pixels and back, tiers, ticks and snapping.

Pure arithmetic with no Qt (KD Gantt's ``DateTimeGrid``), so it is tested plainly and
shared by the chart, its header and the exporter. Working time comes from
``app.schedule.working_time``, the one module that knows calendars.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import Enum

from app.schedule.working_time import DateClock

MINUTES_PER_DAY = 1440
#: How far the user may zoom, in pixels per day.
MIN_PX_PER_DAY = 0.15
MAX_PX_PER_DAY = 1200.0
#: One Ctrl+wheel notch zooms by this factor.
WHEEL_FACTOR = 1.25


class Unit(Enum):
    """Calendar units a tier of the timescale counts in."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    WEEK = "week"
    DAY = "day"
    HOUR = "hour"


@dataclass(frozen=True, slots=True)
class ZoomLevel:
    """A named pair of tiers and the pixels per day that show them best."""

    name: str
    upper: Unit
    lower: Unit
    px_per_day: float
    #: What a dragged date snaps to at this zoom (the lower tier, or a finer unit where
    #: the lower tier is too coarse to place a task: nobody plans to the quarter).
    snap: Unit


LEVELS: tuple[ZoomLevel, ...] = (
    ZoomLevel("Years / Quarters", Unit.YEAR, Unit.QUARTER, 0.5, Unit.WEEK),
    ZoomLevel("Quarters / Months", Unit.QUARTER, Unit.MONTH, 2.0, Unit.WEEK),
    ZoomLevel("Months / Weeks", Unit.MONTH, Unit.WEEK, 8.0, Unit.DAY),
    ZoomLevel("Weeks / Days", Unit.WEEK, Unit.DAY, 30.0, Unit.DAY),
    ZoomLevel("Days / Hours", Unit.DAY, Unit.HOUR, 480.0, Unit.HOUR),
)
DEFAULT_LEVEL = 3


def level_for(px_per_day: float) -> int:
    """The zoom level whose tiers suit ``px_per_day`` (nearest on a log scale)."""
    distances = [abs(math.log(px_per_day / lv.px_per_day)) for lv in LEVELS]
    return distances.index(min(distances))


def clamp_zoom(px_per_day: float) -> float:
    """Keep a zoom within what the chart can draw legibly."""
    return min(MAX_PX_PER_DAY, max(MIN_PX_PER_DAY, px_per_day))


@dataclass(frozen=True, slots=True)
class TimeScale:
    """Maps moments to x (pixels from ``origin``) at ``px_per_day``."""

    origin: datetime
    px_per_day: float = LEVELS[DEFAULT_LEVEL].px_per_day

    @property
    def level(self) -> ZoomLevel:
        """The tiers and snap unit this zoom shows."""
        return LEVELS[level_for(self.px_per_day)]

    def x_of(self, moment: datetime) -> float:
        """The x of a moment, in pixels from the origin."""
        delta = moment - self.origin
        return (delta.days + delta.seconds / 86400) * self.px_per_day

    def moment_at(self, x: float) -> datetime:
        """The moment at ``x``, to the minute."""
        minutes = round(x / self.px_per_day * MINUTES_PER_DAY)
        return self.origin + timedelta(minutes=minutes)

    def zoomed(self, px_per_day: float) -> TimeScale:
        """The same grid at another zoom."""
        return replace(self, px_per_day=clamp_zoom(px_per_day))

    def stepped(self, step: int) -> TimeScale:
        """One zoom level in (+1) or out (-1)."""
        index = min(len(LEVELS) - 1, max(0, level_for(self.px_per_day) + step))
        return self.zoomed(LEVELS[index].px_per_day)


def fit_px_per_day(start: datetime, finish: datetime, width_px: float) -> float:
    """The zoom that shows ``start``..``finish`` in ``width_px`` (with a little margin)."""
    days = max((finish - start).total_seconds() / 86400, 1.0)
    return clamp_zoom(width_px / (days * 1.06))


# --- calendar units --------------------------------------------------------------------


def floor_to(moment: datetime, unit: Unit) -> datetime:
    """The start of the unit that contains ``moment`` (weeks start on Monday)."""
    day = datetime(moment.year, moment.month, moment.day)
    if unit is Unit.HOUR:
        return moment.replace(minute=0, second=0, microsecond=0)
    if unit is Unit.DAY:
        return day
    if unit is Unit.WEEK:
        return day - timedelta(days=day.weekday())
    if unit is Unit.MONTH:
        return day.replace(day=1)
    if unit is Unit.QUARTER:
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(month=1, day=1)


def next_boundary(moment: datetime, unit: Unit) -> datetime:
    """The start of the unit after the one starting at ``moment``."""
    if unit is Unit.HOUR:
        return moment + timedelta(hours=1)
    if unit is Unit.DAY:
        return moment + timedelta(days=1)
    if unit is Unit.WEEK:
        return moment + timedelta(days=7)
    months = {Unit.MONTH: 1, Unit.QUARTER: 3, Unit.YEAR: 12}[unit]
    index = moment.year * 12 + moment.month - 1 + months
    return moment.replace(year=index // 12, month=index % 12 + 1, day=1)


def ticks(unit: Unit, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
    """Consecutive (start, end) spans of ``unit`` covering ``start``..``end``."""
    current = floor_to(start, unit)
    while current < end:
        following = next_boundary(current, unit)
        yield current, following
        current = following


def labels(unit: Unit, moment: datetime) -> tuple[str, ...]:
    """A tick's possible captions, longest first (MS Project's timescale formats); the
    painter shows the longest that fits the tick's width."""
    if unit is Unit.YEAR:
        return (str(moment.year), f"{moment.year % 100:02d}")
    if unit is Unit.QUARTER:
        quarter = (moment.month - 1) // 3 + 1
        return (f"Q{quarter} {moment.year}", f"Q{quarter}", str(quarter))
    if unit is Unit.MONTH:
        return (moment.strftime("%B %Y"), moment.strftime("%b %Y"), moment.strftime("%b"),
                moment.strftime("%b")[0])  # fmt: skip
    if unit is Unit.WEEK:
        return (moment.strftime("%d %b %Y"), moment.strftime("%d %b"), moment.strftime("%d"))
    if unit is Unit.DAY:
        return (moment.strftime("%a %d %b"), moment.strftime("%a %d"), moment.strftime("%d"),
                moment.strftime("%a")[0])  # fmt: skip
    return (moment.strftime("%H:%M"), moment.strftime("%H"))


# --- snapping and working time ------------------------------------------------------------


def snap(moment: datetime, unit: Unit) -> datetime:
    """The unit boundary nearest to ``moment``."""
    low = floor_to(moment, unit)
    high = next_boundary(low, unit)
    return low if moment - low <= high - moment else high


def snap_start(moment: datetime, unit: Unit, clock: DateClock) -> datetime:
    """A dragged start: the nearest boundary, moved on to when work can begin there."""
    return clock.next_working(snap(moment, unit))


def snap_finish(moment: datetime, unit: Unit, clock: DateClock) -> datetime:
    """A dragged finish: the nearest boundary, moved back to when work last ends there."""
    return clock.previous_working_end(snap(moment, unit))


def non_working_spans(
    clock: DateClock, first: date, last: date, hours: bool
) -> list[tuple[datetime, datetime]]:
    """Non-working time from ``first`` to ``last`` (inclusive), merged into spans.

    Whole days only, unless ``hours`` (zoomed in far enough to see the hours of a day).
    """
    spans: list[tuple[datetime, datetime]] = []
    hours_of = clock.clock.hours_on if hasattr(clock.clock, "hours_on") else None
    day = first
    while day <= last:
        midnight = datetime(day.year, day.month, day.day)
        worked = hours_of(day) if hours_of is not None else ((0, MINUTES_PER_DAY),)
        gaps = _gaps(worked) if hours else ([(0, MINUTES_PER_DAY)] if not worked else [])
        for begin, end in gaps:
            _append(spans, midnight + timedelta(minutes=begin), midnight + timedelta(minutes=end))
        day += timedelta(days=1)
    return spans


def _gaps(worked: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """The minutes of a day outside its working intervals."""
    gaps, last = [], 0
    for begin, end in worked:
        if begin > last:
            gaps.append((last, begin))
        last = end
    if last < MINUTES_PER_DAY:
        gaps.append((last, MINUTES_PER_DAY))
    return gaps


def _append(spans: list[tuple[datetime, datetime]], begin: datetime, end: datetime) -> None:
    """Add a span, merging it with the previous one when they touch."""
    if spans and spans[-1][1] == begin:
        spans[-1] = (spans[-1][0], end)
    else:
        spans.append((begin, end))
