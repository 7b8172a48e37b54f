"""How an assignment's work is spread over its working time, contour by contour.

MS Project divides an assignment's working span into ten equal slices of working time
and works each slice at a share of the assignment's units (Back Loaded: 10 %, 15 %, 25 %,
50 %, 50 %, 75 %, 75 %, 100 %, 100 %, 100 %, and so on). The shares come from the engine's
own table (``app.schedule.cpm.CONTOUR_SHARES``) so the span the engine stretches a
contoured assignment to and the way its work is spread here can never disagree.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate

from app.model.task import Contour
from app.schedule.cpm import CONTOUR_SHARES
from app.schedule.working_time import Clock

SEGMENTS = 10

#: Per contour: the share of all work done by the end of slice 0..10 (0.0 ... 1.0).
_DONE: dict[Contour, tuple[float, ...]] = {
    contour: tuple(x / sum(shares) for x in accumulate(shares, initial=0.0))
    for contour, shares in CONTOUR_SHARES.items()
}


def shares(contour: Contour) -> tuple[float, ...]:
    """The ten slice shares of a contour (1.0 = full units); Contoured falls back to flat.

    A hand-edited ("Contoured") assignment's timephased data is not modelled, so its
    work is spread flat: the total stays right, only its shape is lost.
    """
    return CONTOUR_SHARES.get(contour, CONTOUR_SHARES[Contour.FLAT])


def done_fraction(contour: Contour, offset: float, total: float) -> float:
    """Share of the work done after ``offset`` of ``total`` working minutes of the span."""
    if total <= 0 or offset >= total:
        return 1.0
    if offset <= 0:
        return 0.0
    table = _DONE.get(contour)
    if table is None or contour is Contour.FLAT:
        return offset / total
    position = offset * SEGMENTS / total
    index = int(position)
    return table[index] + (table[index + 1] - table[index]) * (position - index)


def spread(
    clock: Clock,
    start: int,
    finish: int,
    work: float,
    contour: Contour,
    bounds: Sequence[int],
) -> Iterator[tuple[int, float]]:
    """Yield (period index, work) for the periods ``[bounds[i], bounds[i + 1])``.

    ``start``/``finish`` are absolute minutes of the assignment's span and ``clock`` the
    calendar it works on; work falls only on working time. A span with no working time
    (a milestone) puts all its work in the period holding its start. Periods outside
    ``bounds`` get nothing.
    """
    last = len(bounds) - 1
    if last < 1 or work == 0 or finish < bounds[0] or start >= bounds[-1]:
        return
    total = clock.between(start, finish) if finish > start else 0
    if total <= 0:
        index = bisect_right(bounds, start) - 1
        if 0 <= index < last:
            yield index, work
        return
    first = max(bisect_right(bounds, start) - 1, 0)
    stop = min(bisect_left(bounds, finish), last)
    if contour is Contour.FLAT or contour not in _DONE:
        yield from _spread_flat(clock, start, finish, work, total, bounds, first, stop)
        return
    before = 0.0
    if bounds[first] > start:  # the span began before the first period: skip that part
        before = done_fraction(contour, clock.between(start, bounds[first]), total)
    for index in range(first, stop):
        edge = bounds[index + 1]
        if edge >= finish:
            after = 1.0
        else:
            offset = clock.between(start, edge) if edge > start else 0
            after = done_fraction(contour, offset, total)
        if after > before:
            yield index, work * (after - before)
        before = after


def _spread_flat(
    clock: Clock,
    start: int,
    finish: int,
    work: float,
    total: int,
    bounds: Sequence[int],
    first: int,
    stop: int,
) -> Iterator[tuple[int, float]]:
    """The flat contour, the common case: work in proportion to working time."""
    rate = work / total
    for index in range(first, stop):
        low = bounds[index] if bounds[index] > start else start
        high = bounds[index + 1] if bounds[index + 1] < finish else finish
        minutes = clock.between(low, high) if high > low else 0
        if minutes > 0:
            yield index, rate * minutes
