"""Load a whole Portfolio from a store, and write the difference between two of them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import sqlite_utils

from app.gcpause import paused_gc
from app.model.portfolio import Portfolio
from app.model.revision import changed_keys, differing_keys
from app.schedule.deferred import resolved
from app.schedule.result import Schedule, TaskDates, build_task_dates
from app.store.mapping import MAPPERS, TABLES, Memo


def load(db: sqlite_utils.Database) -> Portfolio:
    """Every table into one immutable Portfolio."""
    with paused_gc():  # rows and objects hold no cycles: nothing to collect
        collections = {
            table: mapper.from_rows(db.execute(mapper.select(table)).fetchall())
            for table, mapper in MAPPERS.items()
        }
    return Portfolio(**collections)


def save(db: sqlite_utils.Database, old: Portfolio, new: Portfolio) -> int:
    """Write what differs between ``old`` and ``new``; the caller holds the transaction.

    Returns:
        The number of rows written or deleted.
    """
    count = 0
    changes = {table: changed_keys(getattr(old, table), getattr(new, table)) for table in TABLES}
    for table in reversed(list(TABLES)):
        deletes = changes[table][1]
        _delete(db, table, deletes)
        count += len(deletes)
    for table, mapper in MAPPERS.items():
        before = getattr(old, table)
        upserts = changes[table][0]
        if upserts:
            collection = getattr(new, table)
            to_values = mapper.to_values
            # Rows the file does not hold yet (``old`` is what it holds) are plain
            # inserts: SQLite's REPLACE path costs ~70 % more per row (an import is
            # all new rows); changed rows are replaced whole, and first, so that a new
            # row may take a unique value (a link's task pair) a changed row gave up.
            added = [to_values(collection[k]) for k in upserts if k not in before]
            changed = [to_values(collection[k]) for k in upserts if k in before]
            _write_rows(db, table, mapper.names, changed)
            _write_rows(db, table, mapper.names, added, replace=False)
            count += len(upserts)
    return count


def _write_rows(
    db: sqlite_utils.Database,
    table: str,
    columns: list[str],
    values: list[tuple[Any, ...]],
    *,
    replace: bool = True,
) -> None:
    """Insert (or insert or replace) whole rows with one prepared statement.

    A plain ``executemany`` is several times faster than a generic upsert on big
    plans; every column is written, so replacing the row loses nothing.
    """
    if not values:
        return
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" for _ in columns)
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    db.conn.executemany(f"{verb} INTO [{table}] ({names}) VALUES ({marks})", values)


def _delete(db: sqlite_utils.Database, table: str, keys: Iterable[Any]) -> None:
    keys = list(keys)
    if not keys:
        return
    if table == "baselines":
        db.conn.executemany(
            "DELETE FROM baselines WHERE task_id = ? AND number = ?", [tuple(k) for k in keys]
        )
        return
    if table == "tasks":
        db.conn.executemany("DELETE FROM schedule_results WHERE task_id = ?", [(k,) for k in keys])
    db.conn.executemany(f"DELETE FROM [{table}] WHERE id = ?", [(k,) for k in keys])


#: ``schedule_results`` columns, in TaskDates field order after the task id.
SCHEDULE_COLUMNS = [
    "task_id",
    "start",
    "finish",
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "duration_minutes",
    "total_slack_minutes",
    "free_slack_minutes",
    "critical",
    "work_minutes",
    "percent_complete",
    "deadline_missed",
    "summary",
]


def _schedule_rows(changed: list[tuple[int, TaskDates]]) -> list[tuple[Any, ...]]:
    """Rows of ``schedule_results``; each distinct date-time is formatted once.

    Many tasks share dates (a chain's finish is the next task's start), so caching the
    ISO text cuts the formatting of a big plan several times over.
    """
    texts: dict[datetime, str] = {}

    def iso(value: datetime) -> str:
        text = texts.get(value)
        if text is None:
            text = texts[value] = value.isoformat(timespec="seconds")
        return text

    return [
        (
            task_id,
            iso(d.start),
            iso(d.finish),
            iso(d.early_start),
            iso(d.early_finish),
            iso(d.late_start),
            iso(d.late_finish),
            d.duration_minutes,
            d.total_slack_minutes,
            d.free_slack_minutes,
            int(d.critical),
            d.work_minutes,
            d.percent_complete,
            int(d.deadline_missed),
            int(d.summary),
        )
        for task_id, d in changed
    ]


def save_schedule(db: sqlite_utils.Database, old: Schedule | None, new: Schedule) -> int:
    """Store the computed dates that changed, so other tools can read them from the file.

    ``old`` is the schedule the table holds now (None: unknown, so rewrite it all).
    """
    if old is None:  # a full write: nothing stored before may survive
        db.execute("DELETE FROM schedule_results")
    # Identity first: records nothing moved are shared between schedules, and an
    # incremental one is a Revision of the records it started from.
    records = resolved(new.tasks)
    moved, deleted = differing_keys(resolved(old.tasks) if old is not None else {}, records)
    rows = _schedule_rows([(k, records[k]) for k in moved])
    if rows:
        _write_rows(db, "schedule_results", SCHEDULE_COLUMNS, rows)
    gone = [(k,) for k in deleted]
    if gone:
        db.conn.executemany("DELETE FROM schedule_results WHERE task_id = ?", gone)
    return len(rows) + len(gone)


def load_schedule(db: sqlite_utils.Database, engine: str) -> dict[int, TaskDates] | None:
    """The stored records when they are the whole schedule computed by ``engine``, else None.

    None also for a file read-only at an older schema, which has no stamp to trust.
    """
    try:
        row = db.execute("SELECT engine FROM schedule_stamp WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        return None
    if row is None or row[0] != engine:
        return None
    select = f"SELECT {', '.join(SCHEDULE_COLUMNS)} FROM schedule_results"
    with paused_gc():  # rows and objects hold no cycles: nothing to collect
        rows = db.execute(select).fetchall()
        if not rows:
            return {}
        task_ids, *columns = zip(*rows, strict=True)
        values = [
            column if convert is None else map(convert, column)
            for convert, column in zip(_schedule_converters(), columns, strict=True)
        ]
        return dict(zip(task_ids, map(build_task_dates, *values), strict=True))


_DATE_FIELDS = {"start", "finish", "early_start", "early_finish", "late_start", "late_finish"}
_FLAG_FIELDS = {"critical", "deadline_missed", "summary"}


def _schedule_converters() -> list[Callable[[Any], Any] | None]:
    """A converter per TaskDates field (None: stored as it is), fresh for one load.

    Chains share dates, so each distinct text is parsed once. NULL is not pre-filled: a
    missing date fails as it always did, and a missing flag reads False (``bool(None)``).
    """
    moment, flag = Memo(datetime.fromisoformat), Memo(bool)
    by_field = dict.fromkeys(_DATE_FIELDS, moment.__getitem__)
    by_field.update(dict.fromkeys(_FLAG_FIELDS, flag.__getitem__))
    return [by_field.get(name) for name in SCHEDULE_COLUMNS[1:]]


def set_schedule_stamp(db: sqlite_utils.Database, engine: str | None) -> None:
    """Mark the stored schedule complete and current for ``engine``, or (None) stale."""
    if engine is None:
        db.execute("DELETE FROM schedule_stamp")
    else:
        db.execute("INSERT OR REPLACE INTO schedule_stamp (id, engine) VALUES (1, ?)", [engine])
