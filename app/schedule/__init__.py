"""The scheduling engine: working time, the precedence graph, CPM and baselines.

``schedule(portfolio)`` computes every task's dates in one graph, so links between
projects of the portfolio just work; ``reschedule`` reuses a previous result and only
recomputes what an edit can reach.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from app.gcpause import paused_gc
from app.model.portfolio import Portfolio
from app.schedule.cpm import Engine, incremental, project_dates, scope
from app.schedule.graph import CycleError
from app.schedule.result import ProjectDates, Schedule, TaskDates
from app.schedule.working_time import NoWorkingTimeError, ScheduleError

__all__ = [
    "CycleError",
    "NoWorkingTimeError",
    "ProjectDates",
    "Schedule",
    "ScheduleError",
    "TaskDates",
    "engine_stamp",
    "reschedule",
    "schedule",
    "stored_schedule",
]


def schedule(portfolio: Portfolio, project_ids: Iterable[int] | None = None) -> Schedule:
    """Schedule the whole portfolio (or some projects and those linked upstream of them).

    Raises:
        CycleError: the links form a loop (the message names its tasks).
        ScheduleError: e.g. a calendar with no working time at all.
    """
    with paused_gc():
        return Engine(portfolio, scope(portfolio, project_ids)).run()


def reschedule(portfolio: Portfolio, previous: Schedule, changed_task_ids: set[int]) -> Schedule:
    """The schedule after ``changed_task_ids`` were edited, reusing ``previous``.

    Falls back to a full ``schedule`` whenever the edit touched more than those tasks'
    own fields (links, outline, calendars, resources) or the previous result carries no
    engine state; the answer is always the same as a full run's.

    When the edit moves a project's finish, nearly every late date and slack moves with
    it: the result's ``tasks`` and ``projects`` then compute those on first read (once),
    so an edit returns in milliseconds and a caller pays only for what it reads; see
    ``app.schedule.deferred``. A later ``reschedule`` from such a result completes it first.
    """
    engine = previous.engine
    if isinstance(engine, Engine) and engine.last_result is previous:
        with paused_gc():
            result = incremental(engine, portfolio, set(changed_task_ids))
        if result is not None:
            return result
    return schedule(portfolio)


@cache
def engine_stamp() -> str:
    """A fingerprint of the code that computes dates: the scheduler's and the model's.

    A file keeps its computed schedule only with the stamp of the engine that computed
    it, so a Plansmith whose scheduling code differs in any way recomputes instead of
    showing dates it might compute differently (no version number to forget to bump).
    """
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for folder in (root, root.parent / "model"):
        for source in sorted(folder.glob("*.py")):
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()[:32]


def stored_schedule(portfolio: Portfolio, records: Mapping[int, TaskDates]) -> Schedule:
    """A schedule read back from a file: the records, and the project spans they give.

    It carries no engine state, so the first ``reschedule`` from it runs in full.
    """
    return Schedule(tasks=records, projects=project_dates(portfolio.tasks, records.items()))
