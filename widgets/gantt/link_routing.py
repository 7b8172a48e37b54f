"""Where a dependency arrow runs: from the driving end of one bar to the driven end of
another, along row boundaries and down gaps between bars rather than through them.

Pure geometry (no Qt): a route is a polyline in chart coordinates (x from the time
scale, y from the row's top), plus the direction its arrow head points. The chart keeps
the routes in a cache and recomputes only those of links whose tasks changed.

A route's horizontal runs lie on its own two rows (beside the bars) or on row
boundaries, which no bar touches; only its vertical runs cross the rows in between.
So avoiding bars is one question per vertical run, "which x near here is clear on these
rows?", which ``Obstacles`` answers from each row's bar extent. When nothing is clear
within reach, the natural x is kept: a short crossing reads better than a long detour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from itertools import pairwise

import numpy as np

from app.model.link import LinkKind

#: How far an arrow runs out of a bar before it turns, in pixels.
GAP = 7.0
#: How close to a bar's side a vertical run may pass.
CLEAR = 4.0
#: How far a vertical run may move from its natural x to find a clear column.
REACH = 96.0
#: Apart this far, vertical runs of unrelated links that would coincide are told apart.
LANE = 3.0
#: Links spanning more rows than this (some twenty screens) are not steered: hardly a
#: column is clear that far down, most of such a link shows only as a passing line, and
#: searching thousands of rows for each of the thousands of them would slow every zoom.
LONG_SPAN = 800

Point = tuple[float, float]


class Head(Enum):
    """Which way an arrow head points at its end."""

    RIGHT = "right"
    LEFT = "left"
    DOWN = "down"
    UP = "up"


@dataclass(frozen=True, slots=True)
class Box:
    """A bar as routing sees it: its ends in x and its row's top and height in y."""

    x0: float
    x1: float
    row_top: float
    row_height: float

    @property
    def mid(self) -> float:
        """The bar's vertical centre."""
        return self.row_top + self.row_height / 2


@dataclass(frozen=True, slots=True)
class Route:
    """A link's polyline and its arrow head; ``bounds`` is (x_min, y_min, x_max, y_max)."""

    points: tuple[Point, ...]
    head: Head
    #: The smallest box around the polyline (for culling and hit tests), computed once:
    #: the chart culls every cached route on every paint.
    bounds: tuple[float, float, float, float] = field(init=False, compare=False)
    #: Moved off its natural course by bars in the way: a bar moving may free that course.
    steered: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        object.__setattr__(self, "bounds", (min(xs), min(ys), max(xs), max(ys)))


class Obstacles:
    """Each row's bar extent in chart x (NaN where a row has no bar): what a vertical run
    crossing rows must keep clear of. Built once per layout and zoom by the link cache,
    and made anew when a bar moves (it keeps widened copies of the extents)."""

    def __init__(self, left: np.ndarray, right: np.ndarray, row_height: float) -> None:
        self.left = left
        self.right = right
        self.row_height = row_height
        #: The extents widened by ``CLEAR``, made once: every search reads them.
        self._low = left - CLEAR
        self._high = right + CLEAR

    def row_of(self, box: Box) -> int:
        """The row a box sits on."""
        return round(box.row_top / self.row_height)

    def clear_x(self, x: float, rows: tuple[int, int], lo: float, hi: float) -> float | None:
        """The x in ``lo..hi`` nearest to ``x`` that no bar on rows ``rows[0]`` up to (not
        including) ``rows[1]`` covers, keeping ``CLEAR`` off their sides; None if none."""
        x = min(max(x, lo), hi)
        first, stop = max(rows[0], 0), min(rows[1], len(self.left))
        if first >= stop:
            return x
        left, right = self._low[first:stop], self._high[first:stop]
        if not np.any((left < x) & (right > x)):
            return x
        near = (right > lo) & (left < hi)
        starts, ends = _merged(left[near], right[near])
        # The merged intervals are open and apart, so their ends are clear; of the
        # window's own ends, only those outside every interval are.
        edges = [c for c in (lo, hi) if not np.any((starts < c) & (ends > c))]
        found = np.concatenate((starts, ends, edges))
        found = found[(found >= lo) & (found <= hi)]
        return float(found[np.argmin(np.abs(found - x))]) if len(found) else None


def _merged(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Overlapping open intervals merged: sorted starts and ends of the unions."""
    order = np.argsort(left)
    left, right = left[order], right[order]
    reach = np.maximum.accumulate(right)
    fresh = np.concatenate(([True], left[1:] > reach[:-1]))
    last = np.concatenate((fresh[1:], [True]))
    return left[fresh], reach[last]


def route(
    kind: LinkKind,
    pred: Box,
    succ: Box,
    bar_height: float,
    obstacles: Obstacles | None = None,
) -> Route:
    """The route of a link of ``kind`` from ``pred`` to ``succ``, its vertical runs in
    gaps between the bars of the rows it crosses when ``obstacles`` says where they are."""
    found = _by_kind(kind, _Way(pred, succ, obstacles), bar_height)
    if found is None:  # nothing clear within reach: the natural course, crossing what it must
        natural = _by_kind(kind, _Way(pred, succ, None), bar_height)
        assert natural is not None
        return Route(natural.points, natural.head, True)
    return found


def _by_kind(kind: LinkKind, way: _Way, bar_height: float) -> Route | None:
    if kind is LinkKind.FS:
        return _finish_to_start(way, bar_height)
    if kind is LinkKind.SS:
        return _start_to_start(way)
    if kind is LinkKind.FF:
        return _finish_to_finish(way)
    return _start_to_finish(way)


class _Way:
    """One link's two boxes and the rows its vertical runs cross."""

    def __init__(self, pred: Box, succ: Box, obstacles: Obstacles | None) -> None:
        self.pred, self.succ = pred, succ
        self.down = succ.mid >= pred.mid
        self.obstacles = obstacles
        self.between = (0, 0)
        self.steered = False
        if obstacles is not None:
            a, b = obstacles.row_of(pred), obstacles.row_of(succ)
            if abs(b - a) <= LONG_SPAN:
                self.between = (min(a, b) + 1, max(a, b))
            else:
                self.obstacles = None

    def clear(self, x: float, lo: float, hi: float) -> float | None:
        """A clear x for a run across the rows between, or None (noting when the bars
        made it differ from the answer with no bars)."""
        free = x if lo <= x <= hi else None
        if self.obstacles is None:
            return free
        found = self.obstacles.clear_x(x, self.between, lo, hi)
        self.steered = self.steered or found != free
        return found

    def around(self, out_x: float, in_x: float, head: Head) -> Route | None:
        """Out of the predecessor to ``out_x``, along its row's edge, down a clear column
        (the entry at ``in_x``, else the clear x nearest it; None if none is clear),
        along the successor's row edge to ``in_x``, and in.

        Links leaving one bar this way share the stub and the run along its row's edge;
        links entering one bar share the last column: trunks and entries, not tangles."""
        pred, succ = self.pred, self.succ
        sx = pred.x0 if out_x < pred.x0 else pred.x1
        tx = succ.x0 if head is Head.RIGHT else succ.x1
        # Any x between the two costs no more run along the edges than either end.
        x = self.clear(in_x, min(out_x, in_x) - REACH, max(out_x, in_x) + REACH)
        if x is None:
            return None
        first = pred.row_top + pred.row_height if self.down else pred.row_top
        second = succ.row_top if self.down else succ.row_top + succ.row_height
        points = (
            (sx, pred.mid), (out_x, pred.mid), (out_x, first), (x, first),
            (x, second), (in_x, second), (in_x, succ.mid), (tx, succ.mid),
        )  # fmt: skip
        return Route(_simplified(points), head, self.steered)

    def straight(self, x: float, head: Head) -> Route:
        """Out of the predecessor's anchor, down at ``x``, into the successor's anchor."""
        pred, succ = self.pred, self.succ
        sx = pred.x0 if x < pred.x0 else pred.x1
        tx = succ.x0 if head is Head.RIGHT else succ.x1
        points = ((sx, pred.mid), (x, pred.mid), (x, succ.mid), (tx, succ.mid))
        return Route(points, head, self.steered)


def _simplified(points: Sequence[Point]) -> tuple[Point, ...]:
    """The polyline without repeated points and without corners that do not turn."""
    kept: list[Point] = []
    for point in points:
        if kept and point == kept[-1]:
            continue
        if len(kept) >= 2:
            (ax, ay), (bx, by) = kept[-2], kept[-1]
            if (ax == bx == point[0]) or (ay == by == point[1]):
                kept[-1] = point
                continue
        kept.append(point)
    return tuple(kept)


def _finish_to_start(way: _Way, bar_height: float) -> Route | None:
    """Straight out of the finish and down onto the successor near its start when it starts
    later (MS Project's usual elbow), at a clear x over the successor; else stepping down
    a clear column between the two; else out, along the row edge, and back in."""
    pred, succ = way.pred, way.succ
    sx, tx = pred.x1, succ.x0
    width = succ.x1 - succ.x0
    if tx >= sx - 0.5 and succ.mid != pred.mid:
        if width > 0:
            natural = max(tx + min(GAP, width / 2), sx + 3)
            lo, hi = min(natural, max(tx + 2, sx + 3)), max(natural, succ.x1 - 2)
            ex = way.clear(natural, lo, hi) if natural <= succ.x1 else None
        else:  # a milestone: come straight down onto its diamond
            ex = way.clear(tx, tx, tx)
        if ex is not None:
            edge = succ.mid - bar_height / 2 if way.down else succ.mid + bar_height / 2
            points = ((sx, pred.mid), (ex, pred.mid), (ex, edge))
            return Route(points, _vertical(way.down), way.steered)
    if tx - GAP >= sx + GAP:
        x = way.clear(sx + GAP, sx + GAP, tx - GAP)
        if x is not None:
            return way.straight(x, Head.RIGHT)
    return way.around(sx + GAP, tx - GAP, Head.RIGHT)


def _vertical(down: bool) -> Head:
    return Head.DOWN if down else Head.UP


def _start_to_start(way: _Way) -> Route | None:
    """Out of the left of both starts, then into the successor's start."""
    natural = min(way.pred.x0, way.succ.x0) - GAP
    x = way.clear(natural, natural - REACH, natural)
    if x is not None:
        return way.straight(x, Head.RIGHT)
    return way.around(way.pred.x0 - GAP, way.succ.x0 - GAP, Head.RIGHT)


def _finish_to_finish(way: _Way) -> Route | None:
    """Out of the right of both finishes, then back into the successor's finish."""
    natural = max(way.pred.x1, way.succ.x1) + GAP
    x = way.clear(natural, natural, natural + REACH)
    if x is not None:
        return way.straight(x, Head.LEFT)
    return way.around(way.pred.x1 + GAP, way.succ.x1 + GAP, Head.LEFT)


def _start_to_finish(way: _Way) -> Route | None:
    """Out of the predecessor's start, into the successor's finish: down one column
    between them when the successor ends first, else along the row edges."""
    sx, tx = way.pred.x0, way.succ.x1
    if tx + GAP <= sx - GAP:
        x = way.clear(sx - GAP, tx + GAP, sx - GAP)
        if x is not None:
            return way.straight(x, Head.LEFT)
    return way.around(sx - GAP, tx + GAP, Head.LEFT)


# --- lanes ------------------------------------------------------------------------------------


def with_lanes(
    links: Sequence[tuple[int, int, Route]], obstacles: Obstacles | None = None
) -> list[Route]:
    """Routes of (predecessor, successor, route) with coinciding vertical runs of unrelated
    links moved a few pixels apart; runs of links sharing a predecessor (a trunk) or a
    successor (an entry) stay together. A run is not moved onto a bar of ``obstacles``.
    Unmoved routes are returned as they came (the same objects)."""
    columns: dict[int, list[tuple[float, float, int, int]]] = {}
    for number, (_, _, found) in enumerate(links):
        points = found.points
        for at in range(1, len(points) - 2):  # never the runs leaving or reaching a bar
            (ax, ay), (bx, by) = points[at], points[at + 1]
            if ax == bx and ay != by:
                columns.setdefault(round(ax), []).append((min(ay, by), max(ay, by), number, at))
    shifts: dict[int, dict[int, float]] = {}
    for runs in columns.values():
        if len(runs) > 1:
            for cluster in _overlapping(runs):
                _lanes(cluster, links, shifts, obstacles)
    return [
        _shifted(found, shifts[number]) if number in shifts else found
        for number, (_, _, found) in enumerate(links)
    ]


Run = tuple[float, float, int, int]


def _overlapping(runs: list[Run]) -> list[list[Run]]:
    """Runs of one column grouped where they overlap (touching ends do not overlap)."""
    runs.sort()
    clusters: list[list[Run]] = []
    bottom = -np.inf
    for run in runs:
        if not clusters or run[0] >= bottom:
            clusters.append([run])
            bottom = run[1]
        else:
            clusters[-1].append(run)
            bottom = max(bottom, run[1])
    return [cluster for cluster in clusters if len(cluster) > 1]


def _lanes(
    cluster: list[Run],
    links: Sequence[tuple[int, int, Route]],
    shifts: dict[int, dict[int, float]],
    obstacles: Obstacles | None,
) -> None:
    """Bundle runs by shared predecessor or successor; each bundle after the first gets a
    lane, alternately right and left of the column."""
    bundles: list[tuple[set[int], set[int], list[Run]]] = []
    for run in cluster:
        pred, succ, _ = links[run[2]]
        joined = [b for b in bundles if pred in b[0] or succ in b[1]]
        merged = (
            {pred}.union(*(b[0] for b in joined)),
            {succ}.union(*(b[1] for b in joined)),
            [run] + [r for b in joined for r in b[2]],
        )
        bundles = [b for b in bundles if all(b is not j for j in joined)] + [merged]
    if len(bundles) < 2:
        return
    bundles.sort(key=lambda b: min((r[0], r[2]) for r in b[2]))
    for lane, (_, _, runs) in enumerate(bundles[1:], start=1):
        offset = LANE * min(2, (lane + 1) // 2) * (1 if lane % 2 else -1)
        for y0, y1, number, at in runs:
            x = links[number][2].points[at][0]
            if _clear_run(obstacles, x + offset, y0, y1):
                shifts.setdefault(number, {})[at] = offset


def _clear_run(obstacles: Obstacles | None, x: float, y0: float, y1: float) -> bool:
    """Whether a vertical run at ``x`` from ``y0`` to ``y1`` keeps clear of the bars on the
    rows it crosses whole (it passes its end rows beside its own bars)."""
    if obstacles is None:
        return True
    height = obstacles.row_height
    rows = (int(np.ceil(y0 / height - 1e-9)), int(np.floor(y1 / height + 1e-9)))
    return obstacles.clear_x(x, rows, x, x) is not None


def _shifted(found: Route, moves: dict[int, float]) -> Route:
    """The route with the vertical runs starting at the given corners moved across."""
    points = list(found.points)
    for at, offset in moves.items():
        for corner in (at, at + 1):
            x, y = found.points[corner]
            points[corner] = (x + offset, y)
    return Route(tuple(points), found.head, found.steered)


def crosses(found: Route, rows: Sequence[int], obstacles: Obstacles) -> bool:
    """Whether a vertical run of the route crosses the bar of one of ``rows`` (rows it
    crosses whole; it passes its end rows beside its own bars)."""
    height = obstacles.row_height
    for (ax, ay), (bx, by) in pairwise(found.points):
        if ax != bx or ay == by:
            continue
        first = int(np.ceil(min(ay, by) / height - 1e-9))
        stop = int(np.floor(max(ay, by) / height + 1e-9))
        for row in rows:
            if first <= row < stop and not _beside(obstacles, row, ax):
                return True
    return False


def _beside(obstacles: Obstacles, row: int, x: float) -> bool:
    left, right = obstacles.left[row], obstacles.right[row]
    return bool(np.isnan(left) or x <= left - CLEAR or x >= right + CLEAR)


# --- reading routes ---------------------------------------------------------------------------


def spine(route_: Route) -> float:
    """The x of the route's longest vertical run: all of it that shows when neither end's
    row is on screen (the chart then draws just that line)."""
    best, x = -1.0, route_.points[0][0]
    for (ax, ay), (bx, by) in pairwise(route_.points):
        if ax == bx and abs(by - ay) > best:
            best, x = abs(by - ay), ax
    return x


def distance_to(route_: Route, x: float, y: float) -> float:
    """The shortest distance from a point to the route's polyline (for picking links)."""
    best = float("inf")
    points = route_.points
    for (ax, ay), (bx, by) in pairwise(points):
        best = min(best, _segment_distance(x, y, ax, ay, bx, by))
    return best


def _segment_distance(x: float, y: float, ax: float, ay: float, bx: float, by: float) -> float:
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length))
    px, py = ax + t * dx, ay + t * dy
    return float(((x - px) ** 2 + (y - py) ** 2) ** 0.5)
