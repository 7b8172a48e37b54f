"""Where a dependency arrow runs: from the driving end of one bar to the driven end of
another, along row boundaries so it passes between bars rather than through them.

Pure geometry (no Qt): a route is a polyline in chart coordinates (x from the time
scale, y from the row's top), plus the direction its arrow head points. The chart keeps
the routes in a cache and recomputes only those of links whose tasks changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from itertools import pairwise

from app.model.link import LinkKind

#: How far an arrow runs out of a bar before it turns, in pixels.
GAP = 7.0

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

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """The smallest box around the polyline (for culling and hit tests)."""
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return min(xs), min(ys), max(xs), max(ys)


def route(kind: LinkKind, pred: Box, succ: Box, bar_height: float) -> Route:
    """The route of a link of ``kind`` from ``pred`` to ``succ``."""
    if kind is LinkKind.FS:
        return _finish_to_start(pred, succ, bar_height)
    if kind is LinkKind.SS:
        return _start_to_start(pred, succ)
    if kind is LinkKind.FF:
        return _finish_to_finish(pred, succ)
    return _start_to_finish(pred, succ)


def _boundary(pred: Box, succ: Box) -> float:
    """The row boundary next to the predecessor on the successor's side."""
    return pred.row_top + pred.row_height if succ.mid >= pred.mid else pred.row_top


def _finish_to_start(pred: Box, succ: Box, bar_height: float) -> Route:
    """Straight out of the finish and down onto the successor near its start when it starts
    later (MS Project's usual elbow); otherwise out, along the row boundary and back in."""
    sx, sy, tx, ty = pred.x1, pred.mid, succ.x0, succ.mid
    width = succ.x1 - succ.x0
    if width > 0:
        ex = max(tx + min(GAP, width / 2), sx + 3)
        lands = ex <= succ.x1
    else:  # a milestone: come straight down onto its diamond
        ex, lands = tx, True
    if tx >= sx - 0.5 and lands and succ.mid != pred.mid:
        down = succ.mid > pred.mid
        edge = ty - bar_height / 2 if down else ty + bar_height / 2
        return Route(((sx, sy), (ex, sy), (ex, edge)), Head.DOWN if down else Head.UP)
    lane = _boundary(pred, succ)
    return Route(
        ((sx, sy), (sx + GAP, sy), (sx + GAP, lane), (tx - GAP, lane), (tx - GAP, ty), (tx, ty)),
        Head.RIGHT,
    )


def _start_to_start(pred: Box, succ: Box) -> Route:
    """Out of the left of both starts, then into the successor's start."""
    x = min(pred.x0, succ.x0) - GAP
    return Route(
        ((pred.x0, pred.mid), (x, pred.mid), (x, succ.mid), (succ.x0, succ.mid)), Head.RIGHT
    )


def _finish_to_finish(pred: Box, succ: Box) -> Route:
    """Out of the right of both finishes, then back into the successor's finish."""
    x = max(pred.x1, succ.x1) + GAP
    return Route(
        ((pred.x1, pred.mid), (x, pred.mid), (x, succ.mid), (succ.x1, succ.mid)), Head.LEFT
    )


def _start_to_finish(pred: Box, succ: Box) -> Route:
    """Out of the predecessor's start, along the row boundary, into the successor's finish."""
    sx, sy, tx, ty = pred.x0, pred.mid, succ.x1, succ.mid
    if tx + GAP <= sx - GAP:
        return Route(((sx, sy), (sx - GAP, sy), (sx - GAP, ty), (tx, ty)), Head.LEFT)
    lane = _boundary(pred, succ)
    return Route(
        ((sx, sy), (sx - GAP, sy), (sx - GAP, lane), (tx + GAP, lane), (tx + GAP, ty), (tx, ty)),
        Head.LEFT,
    )


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
