"""Load a whole Portfolio from a store, and write the difference between two of them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlite_utils

from app.model.portfolio import Portfolio
from app.schedule.result import Schedule, TaskDates
from app.store.mapping import MAPPERS, TABLES, key_of


def load(db: sqlite_utils.Database) -> Portfolio:
    """Every table into one immutable Portfolio."""
    collections: dict[str, dict[Any, Any]] = {}
    for table, mapper in MAPPERS.items():
        items = map(mapper.from_values, db.execute(mapper.select(table)))
        collections[table] = {key_of(table, obj): obj for obj in items}
    return Portfolio(**collections)


def changed_keys(old: Mapping[Any, Any], new: Mapping[Any, Any]) -> tuple[list[Any], list[Any]]:
    """(keys to upsert, keys to delete) between two versions of one collection.

    Unchanged objects are shared between snapshots, so identity finds them in one pass.
    """
    if old is new:
        return [], []
    upserts = [k for k, v in new.items() if old.get(k) is not v]
    deletes = [k for k in old if k not in new]
    return upserts, deletes


def save(db: sqlite_utils.Database, old: Portfolio, new: Portfolio) -> int:
    """Write what differs between ``old`` and ``new``; the caller holds the transaction.

    Returns:
        The number of rows written or deleted.
    """
    count = 0
    for table in reversed(list(TABLES)):
        _, deletes = changed_keys(getattr(old, table), getattr(new, table))
        _delete(db, table, deletes)
        count += len(deletes)
    for table, mapper in MAPPERS.items():
        upserts, _ = changed_keys(getattr(old, table), getattr(new, table))
        if upserts:
            collection = getattr(new, table)
            values = [mapper.to_values(collection[k]) for k in upserts]
            _write_rows(db, table, mapper.names, values)
            count += len(upserts)
    return count


def _write_rows(
    db: sqlite_utils.Database, table: str, columns: list[str], values: list[tuple[Any, ...]]
) -> None:
    """Insert or replace whole rows with one prepared statement.

    A plain ``executemany`` is several times faster than a generic upsert on big
    plans; every column is written, so replacing the row loses nothing.
    """
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" for _ in columns)
    db.conn.executemany(f"INSERT OR REPLACE INTO [{table}] ({names}) VALUES ({marks})", values)


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


def _schedule_row(task_id: int, dates: TaskDates) -> dict[str, Any]:
    def iso(value: Any) -> str:
        return str(value.isoformat(timespec="seconds"))

    return {
        "task_id": task_id,
        "start": iso(dates.start),
        "finish": iso(dates.finish),
        "early_start": iso(dates.early_start),
        "early_finish": iso(dates.early_finish),
        "late_start": iso(dates.late_start),
        "late_finish": iso(dates.late_finish),
        "duration_minutes": dates.duration_minutes,
        "total_slack_minutes": dates.total_slack_minutes,
        "free_slack_minutes": dates.free_slack_minutes,
        "critical": int(dates.critical),
    }


def save_schedule(db: sqlite_utils.Database, old: Schedule | None, new: Schedule) -> int:
    """Store the computed dates that changed, so other tools can read them from the file."""
    if old is None:  # a full write: nothing stored before may survive
        db.execute("DELETE FROM schedule_results")
    previous = old.tasks if old is not None else {}
    rows = [_schedule_row(k, v) for k, v in new.tasks.items() if previous.get(k) != v]
    if rows:
        _write_rows(db, "schedule_results", list(rows[0]), [tuple(r.values()) for r in rows])
    gone = [(k,) for k in previous if k not in new.tasks]
    if gone:
        db.conn.executemany("DELETE FROM schedule_results WHERE task_id = ?", gone)
    return len(rows) + len(gone)
