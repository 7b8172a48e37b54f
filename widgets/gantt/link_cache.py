"""Which links cross the screen, and their routes, computed once and kept until they change.

A 10k-row project has some 15k links, and at a coarse zoom thousands of them cross any
screenful of rows. Routing them all on every paint is what makes naive Gantt charts
crawl, so routes are cached per link and dropped only for links whose tasks changed
(the model's ``dataChanged`` says which), or all at once when the zoom or the rows
change. Culling by row is one vectorised test over the project's links.

Links with an end on a visible row are drawn in full; the others only pass through, and
all that shows of them is their vertical run, so the chart draws one faint line per
pixel column for them instead of thousands of polylines (and keeps them readable).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from app.model import Link, Portfolio
from app.schedule.result import TaskDates
from widgets.gantt.link_routing import Route, spine

#: Past this many changed tasks, dropping every route is cheaper than finding theirs.
BULK_CHANGE = 2000

RouteFunction = Callable[[Link], Route]


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
        self._geometry: tuple[object, ...] = ()
        #: How many routes were computed (benchmarks and tests watch the cache work).
        self.computed = 0

    def invalidate_all(self) -> None:
        """Forget every route (the zoom, the rows or the links changed)."""
        self._routes.clear()
        if self._index is not None:
            self._index.spines.fill(np.nan)

    def invalidate_tasks(self, task_ids: Iterable[int]) -> None:
        """Forget the routes of links that start or end at these tasks.

        Uses the cache's own index of links by task, which an edit of task fields leaves
        valid (a changed set of links rebuilds the index and drops every route anyway).
        """
        ids = list(task_ids)
        index = self._index
        if index is None:
            return
        if len(ids) > BULK_CHANGE:
            self.invalidate_all()
            return
        for task_id in ids:
            for position in index.by_task.get(task_id, ()):
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
            self._index = _Index(
                links,
                pred,
                succ,
                np.minimum(pred, succ),
                np.maximum(pred, succ),
                np.full(len(links), np.nan),
                by_task,
            )
            self._index_key = key
            self._routes.clear()
        return self._index

    def visible(
        self,
        portfolio: Portfolio,
        dates: Mapping[int, TaskDates],
        row_of: Mapping[int, int],
        layout: tuple[int, tuple[object, ...]],
        rows: range,
        x_range: tuple[float, float],
        route_of: RouteFunction,
    ) -> Visible:
        """Links crossing ``rows`` and ``x_range`` (chart x); ``layout`` is the rows'
        version and the geometry (zoom, row height...) the routes depend on."""
        version, geometry = layout
        index = self._indexed(portfolio, row_of, version)
        if geometry != self._geometry:
            self._geometry = geometry
            self.invalidate_all()
        if not index.links:
            return Visible([], np.empty(0))
        first, last = rows.start, rows.stop
        picked = np.nonzero((index.low < last) & (index.high >= first))[0]
        pred, succ = index.pred_rows[picked], index.succ_rows[picked]
        touching = ((pred >= first) & (pred < last)) | ((succ >= first) & (succ < last))
        passing = self._passing(index, picked[~touching], x_range, route_of)
        full = self._full(index, picked[touching], dates, x_range, route_of)
        return Visible(full, passing)

    def _route(self, link: Link, route_of: RouteFunction) -> Route:
        found = self._routes.get(link.id)
        if found is None:
            found = self._routes[link.id] = route_of(link)
            self.computed += 1
        return found

    def _passing(
        self,
        index: _Index,
        positions: np.ndarray,
        x_range: tuple[float, float],
        route_of: RouteFunction,
    ) -> np.ndarray:
        """Distinct pixel columns of the links that only pass through the rows shown."""
        spines = index.spines
        for position in positions[np.isnan(spines[positions])].tolist():
            spines[position] = spine(self._route(index.links[position], route_of))
        xs = spines[positions]
        xs = xs[(xs >= x_range[0]) & (xs <= x_range[1])]
        return np.unique(np.floor(xs))

    def _full(
        self,
        index: _Index,
        positions: np.ndarray,
        dates: Mapping[int, TaskDates],
        x_range: tuple[float, float],
        route_of: RouteFunction,
    ) -> list[tuple[int, Route, bool]]:
        """Routes of links with an end on a row shown and some part in the x range."""
        found = []
        for position in positions.tolist():
            link = index.links[position]
            path = self._route(link, route_of)
            x0, _, x1, _ = path.bounds
            if x1 < x_range[0] or x0 > x_range[1]:
                continue
            pred, succ = dates.get(link.predecessor_id), dates.get(link.successor_id)
            critical = pred is not None and succ is not None and pred.critical and succ.critical
            found.append((link.id, path, critical))
        return found
