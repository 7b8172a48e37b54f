"""Pausing the cyclic garbage collector around a report.

A budget report allocates tens of thousands of small acyclic objects (Decimals, tuples,
Figures); collections triggered by them would cost a third of the report's time and
free nothing. The scheduler does the same around a run.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic collector inside the block, restoring it afterwards (nestable)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def frozen_after() -> Iterator[None]:
    """Pause the collector in the block, then freeze every object alive (``gc.freeze``).

    For objects that will live a long time and hold no cycles (an open file's snapshot,
    the engine state its edits start from): made with the collector paused and frozen
    before it resumes, they are never walked, neither at the first allocation after the
    pause nor at later full collections. Frozen objects are still freed when their last
    reference goes; ``gc.unfreeze`` hands them back to the collector.
    """
    with paused_gc():
        yield
        gc.freeze()


def without_gc(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` with the cyclic collector paused."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused_gc():
            return function(*args, **kwargs)

    return wrapper
