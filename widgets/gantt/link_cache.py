"""Which links cross the screen, and their routes, computed once and kept until they change.

A 10k-row project has some 15k links, and at a coarse zoom thousands of them cross any
screenful of rows. Routing them all on every paint is what makes naive Gantt charts
crawl, so routes are cached per link and dropped only for links whose tasks changed
(the model's ``tasksChanged`` says which), or all at once when the zoom or the rows
change. Culling by row is one vectorised test over the project's links.

When many routes are missing at once (a page scrolled into view, an edit that moved
every bar), a paint may route within a time budget only: the links routed are drawn,
``complete`` says the rest are still to come, and the chart paints again at once.

Routes keep clear of the bars on the rows they cross (``link_routing.Obstacles``): the
cache reads every row's bar dates once per layout, rescales them per zoom, and when a
task moves re-reads its row alone and drops the routes of links crossing that row
(a vectorised test), besides those of the task's own links.

Links with an end on a visible row are drawn in full; the others only pass through, and
all that shows of them is their vertical run, so the chart draws one faint line per
pixel column for them instead of thousands of polylines (and keeps them readable).
Where the full routes' vertical runs coincide, ``link_routing.with_lanes`` moves
unrelated ones a few pixels apart; that is worked out once per set of rows shown.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from app.model import Link, Portfolio
from app.schedule.result import TaskDates
from widgets.gantt.link_routing import (
    Box,
    Head,
    Obstacles,
    Route,
    crosses,
    route,
    spine,
    with_lanes,
)
from widgets.gantt.painting import bar_days, bar_height_for, bar_spans
from widgets.gantt.time_scale import TimeScale

#: Past this many changed tasks, dropping every route is cheaper than finding theirs.
BULK_CHANGE = 2000
#: Up to this many moved bars, links crossing their rows are checked one by one (and
#: kept unless a bar is now in the way); past it they are all dropped.
PRECISE_ROWS = 64

RouteFunction = Callable[[Link], Route]
Spans = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True, slots=True)
class BarGeometry:
    """What places the bars besides their dates: the time scale and the row and bar
    heights. Given it, the cache routes links itself, around the bars."""

    scale: TimeScale
    row_height: float
    bar_height: float


def bar_geometry(geometry: object) -> BarGeometry | None:
    """The bar geometry in the chart's layout key: a ``BarGeometry``, or the chart's
    ``(scale, row height, baseline shown)``; None for anything else (then the route
    function the caller gives is used, and routes ignore the bars between)."""
    if isinstance(geometry, BarGeometry):
        return geometry
    if isinstance(geometry, tuple) and len(geometry) == 3 and isinstance(geometry[0], TimeScale):
        scale, row_height, baseline = geometry
        if isinstance(row_height, int | float) and (baseline is None or isinstance(baseline, int)):
            height = float(row_height)
            return BarGeometry(scale, height, bar_height_for(height, baseline))
    return None


@dataclass(slots=True)
class _Index:
    """The project's links with both tasks on a row, with those rows, for culling."""

    links: list[Link]
    pred_rows: np.ndarray
    succ_rows: np.ndarray
    low: np.ndarray
    high: np.ndarray
    #: x of each link's vertical run (NaN: not routed yet, or stale).
    spines: np.ndarray
    #: Positions of the links that start or end at each task.
    by_task: dict[int, list[int]]
    #: The task on each row, and the row of each task.
    order: list[int]
    row_of: Mapping[int, int]


@dataclass(frozen=True, slots=True)
class Visible:
    """What to draw: full routes (link id, route, critical) and passing-through columns."""

    routes: list[tuple[int, Route, bool]]
    passing: np.ndarray


class LinkCache:
    """Routes of one project's links, in chart coordinates, cached per link."""

    def __init__(self) -> None:
        self._routes: dict[int, Route] = {}
        self._index: _Index | None = None
        self._index_key: tuple[object, ...] = ()
        self._geometry: object = ()
        #: Bar dates by row (read once per layout), their x at this zoom, and the bars
        #: as obstacles; tasks whose rows must be re-read before the next routing.
        self._days: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._spans: Spans | None = None
        self._obstacles: Obstacles | None = None
        self._dirty: set[int] = set()
        #: Bumped whenever a route is dropped or made, so the lanes know to look again.
        self._generation = 0
        self._lanes: tuple[tuple[int, int, int], list[Route]] | None = None
        #: How many routes were computed (benchmarks and tests watch the cache work).
        self.computed = 0
        #: False when the last ``visible`` ran out of its budget before routing every link.
        self.complete = True

    def invalidate_all(self) -> None:
        """Forget every route (the zoom, the rows or the links changed)."""
        self._routes.clear()
        self._spans = self._obstacles = None
        self._generation += 1
        if self._index is not None:
            self._index.spines.fill(np.nan)

    def invalidate_tasks(self, task_ids: Iterable[int]) -> None:
        """Forget the routes of links that start or end at these tasks, and note their rows
        for re-reading: the links crossing a row whose bar moved are dropped then.

        Uses the cache's own index of links by task, which an edit of task fields leaves
        valid (a changed set of links rebuilds the index and drops every route anyway).
        """
        ids = list(task_ids)
        index = self._index
        if index is None:
            return
        if len(ids) > BULK_CHANGE:
            self.invalidate_all()
            self._days = None
            return
        self._dirty.update(ids)
        self._generation += 1
        for task_id in ids:
            for position in index.by_task.get(task_id, ()):
                self._forget(index, position)

    def _forget(self, index: _Index, position: int) -> None:
        self._routes.pop(index.links[position].id, None)
        index.spines[position] = np.nan

    def _indexed(self, portfolio: Portfolio, row_of: Mapping[int, int], version: int) -> _Index:
        key = (portfolio.links, version)
        if self._index is None or self._index_key != key:
            links = [
                link
                for link in portfolio.links.values()
                if link.predecessor_id in row_of and link.successor_id in row_of
            ]
            pred = np.fromiter((row_of[k.predecessor_id] for k in links), np.int64, len(links))
            succ = np.fromiter((row_of[k.successor_id] for k in links), np.int64, len(links))
            by_task: dict[int, list[int]] = {}
            for position, link in enumerate(links):
                by_task.setdefault(link.predecessor_id, []).append(position)
                by_task.setdefault(link.successor_id, []).append(position)
            order = sorted(row_of, key=row_of.__getitem__)
            self._index = _Index(
                links,
                pred,
                succ,
                np.minimum(pred, succ),
                np.maximum(pred, succ),
                np.full(len(links), np.nan),
                by_task,
                order,
                row_of,
            )
            self._index_key = key
            self._routes.clear()
            self._days = self._spans = self._obstacles = None
            self._dirty.clear()
            self._generation += 1
        return self._index

    # --- the bars as obstacles --------------------------------------------------------------

    def _prepare(
        self, index: _Index, portfolio: Portfolio, dates: Mapping[int, TaskDates], bars: BarGeometry
    ) -> None:
        """Bring the bars' rows and x up to date: all of them after a new layout, the
        changed tasks' rows after an edit, their x after a zoom."""
        if self._days is None:
            self._days = bar_days(portfolio, dates, index.order)
            self._dirty.clear()
            self._spans = self._obstacles = None
        elif self._dirty:
            self._reread(index, portfolio, dates, bars)
        if self._spans is None:
            self._spans = bar_spans(self._days, bars.scale, bars.bar_height)
            self._obstacles = Obstacles(self._spans[2], self._spans[3], bars.row_height)

    def _reread(
        self, index: _Index, portfolio: Portfolio, dates: Mapping[int, TaskDates], bars: BarGeometry
    ) -> None:
        """Re-read the changed tasks' rows; drop the routes crossing rows whose bar moved."""
        assert self._days is not None
        rows = sorted(index.row_of[t] for t in self._dirty if t in index.row_of)
        self._dirty.clear()
        if not rows:
            return
        fresh = bar_days(portfolio, dates, [index.order[row] for row in rows])
        for whole, part in zip(self._days, fresh, strict=True):
            whole[rows] = part
        if self._spans is None:
            return
        spans = bar_spans(tuple(a[rows] for a in self._days), bars.scale, bars.bar_height)
        moved = [
            row
            for number, row in enumerate(rows)
            if (self._spans[2][row], self._spans[3][row]) != (spans[2][number], spans[3][number])
        ]
        for whole, part in zip(self._spans, spans, strict=True):
            whole[rows] = part
        self._obstacles = Obstacles(self._spans[2], self._spans[3], bars.row_height)
        if moved:
            self._forget_crossing(index, np.array(moved))

    def _forget_crossing(self, index: _Index, rows: np.ndarray) -> None:
        """Drop the routes of links crossing one of ``rows`` (sorted) whose bar now lies in
        their way, or which bars had steered (a moved bar may have freed their course).

        A few moved rows are checked route by route; many are dropped wholesale."""
        after_low = np.searchsorted(rows, index.low, "right")
        before_high = np.searchsorted(rows, index.high, "left")
        crossing = np.nonzero(before_high > after_low)[0].tolist()
        obstacles, precise = self._obstacles, len(rows) <= PRECISE_ROWS
        moved = rows.tolist()
        for position in crossing:
            found = self._routes.get(index.links[position].id)
            if found is None:
                continue
            checked = precise and obstacles is not None and not found.steered
            if not checked or crosses(found, moved, obstacles):  # type: ignore[arg-type]
                self._forget(index, position)

    def _routed(self, index: _Index, position: int, bars: BarGeometry | None) -> Route | None:
        """A link's route around the bars, or None where the cache cannot place its ends."""
        spans, obstacles = self._spans, self._obstacles
        if bars is None or spans is None or obstacles is None:
            return None
        link = index.links[position]
        ends = []
        for row in (int(index.pred_rows[position]), int(index.succ_rows[position])):
            x0, x1 = float(spans[0][row]), float(spans[1][row])
            if np.isnan(x0):
                return None
            ends.append(Box(x0, x1, row * bars.row_height, bars.row_height))
        return route(link.kind, ends[0], ends[1], bars.bar_height, obstacles)

    # --- what is on screen --------------------------------------------------------------------

    def visible(
        self,
        portfolio: Portfolio,
        dates: Mapping[int, TaskDates],
        row_of: Mapping[int, int],
        layout: tuple[int, object],
        rows: range,
        x_range: tuple[float, float],
        route_of: RouteFunction,
        budget: float | None = None,
    ) -> Visible:
        """Links crossing ``rows`` and ``x_range`` (chart x); ``layout`` is the rows'
        version and the geometry (zoom, row height...) the routes depend on.

        When the geometry tells where bars are (``bar_geometry``), links are routed here
        around the bars; otherwise by ``route_of``. Given a ``budget`` (seconds), links
        not routed once it is spent are left out (at least one is routed per call;
        links with an end on screen come first) and ``complete`` turns False.
        """
        version, geometry = layout
        index = self._indexed(portfolio, row_of, version)
        if geometry != self._geometry:
            self._geometry = geometry
            self.invalidate_all()
        bars = bar_geometry(geometry)
        if bars is not None:
            self._prepare(index, portfolio, dates, bars)
        if not index.links:
            return Visible([], np.empty(0))
        first, last = rows.start, rows.stop
        picked = np.nonzero((index.low < last) & (index.high >= first))[0]
        pred, succ = index.pred_rows[picked], index.succ_rows[picked]
        touching = ((pred >= first) & (pred < last)) | ((succ >= first) & (succ < last))
        self.complete = True
        until = None if budget is None else time.perf_counter() + budget
        made = 0

        def route_at(position: int) -> Route | None:
            nonlocal made
            link = index.links[position]
            found = self._routes.get(link.id)
            if found is None:
                if until is not None and made and time.perf_counter() > until:
                    self.complete = False
                    return None
                found = self._routed(index, position, bars) or route_of(link)
                self._routes[link.id] = found
                self.computed += 1
                self._generation += 1
                made += 1
            return found

        full = self._full(index, picked[touching], dates, x_range, route_at, (first, last))
        passing = self._passing(index, picked[~touching], x_range, route_at)
        return Visible(full, passing)

    def _passing(
        self,
        index: _Index,
        positions: np.ndarray,
        x_range: tuple[float, float],
        route_at: Callable[[int], Route | None],
    ) -> np.ndarray:
        """Distinct pixel columns of the links that only pass through the rows shown (a
        link not routed yet has no spine, NaN, which the range test leaves out)."""
        spines = index.spines
        for position in positions[np.isnan(spines[positions])].tolist():
            found = route_at(position)
            if found is not None:
                spines[position] = spine(found)
        xs = spines[positions]
        xs = xs[(xs >= x_range[0]) & (xs <= x_range[1])]
        return np.unique(np.floor(xs))

    def _full(
        self,
        index: _Index,
        positions: np.ndarray,
        dates: Mapping[int, TaskDates],
        x_range: tuple[float, float],
        route_at: Callable[[int], Route | None],
        rows: tuple[int, int],
    ) -> list[tuple[int, Route, bool]]:
        """Routes of links with an end on a row shown and some part in the x range, in
        lanes where they would coincide (of those routed, when the budget ran out)."""
        routed = [(position, route_at(position)) for position in positions.tolist()]
        chosen = [position for position, found in routed if found is not None]
        bases = [found for _, found in routed if found is not None]
        key = (*rows, self._generation)
        if self._lanes is None or self._lanes[0] != key:
            links = index.links
            ends = [(links[p].predecessor_id, links[p].successor_id) for p in chosen]
            laned = with_lanes([(*e, b) for e, b in zip(ends, bases, strict=True)], self._obstacles)
            self._lanes = (key, laned)
        found = []
        for position, path in zip(chosen, self._lanes[1], strict=True):
            x0, _, x1, _ = path.bounds
            if x1 < x_range[0] or x0 > x_range[1]:
                continue
            link = index.links[position]
            pred, succ = dates.get(link.predecessor_id), dates.get(link.successor_id)
            critical = pred is not None and succ is not None and pred.critical and succ.critical
            found.append((link.id, path, critical))
        return found


#: What ``routes_of_rows`` routes a link to when its ends cannot be placed (no dates).
_UNPLACED = Route(((0.0, 0.0),), Head.RIGHT)


def routes_of_rows(
    portfolio: Portfolio,
    dates: Mapping[int, TaskDates],
    order: Sequence[int],
    bars: BarGeometry,
) -> list[tuple[int, Route, bool]]:
    """Every link with both tasks among ``order``'s rows (link id, route, critical), routed
    around the bars and in lanes as the chart draws them: for an exporter that draws all
    the rows at once (the chart itself asks ``LinkCache.visible`` paint by paint)."""
    row_of = {task_id: row for row, task_id in enumerate(order)}
    shown = LinkCache().visible(
        portfolio,
        dates,
        row_of,
        (0, bars),
        range(len(order)),
        (-math.inf, math.inf),
        lambda link: _UNPLACED,
    )
    return [found for found in shown.routes if found[1] is not _UNPLACED]
