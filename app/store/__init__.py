"""SQLite persistence: one ``.plansmith`` file holds a whole portfolio.

``Store`` is the only door to a file: it opens it safely (identity, version, integrity,
one writer through a lock), loads the portfolio, and writes each edit as one transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from app.model.portfolio import Portfolio
from app.schedule import engine_stamp, stored_schedule
from app.schedule.result import Schedule
from app.store import repository
from app.store.connection import copy_database, open_database, translate_write_error
from app.store.errors import (
    DamagedFile,
    DiskFull,
    FileLocked,
    NewerVersion,
    NotAPlansmithFile,
    StoreError,
)
from app.store.lock import FileLock

SUFFIX = ".plansmith"

__all__ = [
    "SUFFIX",
    "DamagedFile",
    "DiskFull",
    "FileLocked",
    "NewerVersion",
    "NotAPlansmithFile",
    "Store",
    "StoreError",
]


class Store:
    """An open ``.plansmith`` file."""

    def __init__(self, path: Path, db: sqlite_utils.Database, lock: FileLock | None) -> None:
        self.path = path
        self.db = db
        self._lock = lock
        self.read_only = lock is None

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False, read_only: bool = False) -> Store:
        """Open ``path`` for editing (taking its lock) or read-only.

        Raises:
            FileLocked: another instance has it open for editing.
            StoreError: the file is not a sound Plansmith file (see ``app.store.errors``).
        """
        path = Path(path)
        lock = None
        if not read_only:
            lock = FileLock(path)
            lock.acquire()
        try:
            db = open_database(path, create=create, read_only=read_only)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(path, db, lock)

    @classmethod
    def create(cls, path: Path | str, portfolio: Portfolio | None = None) -> Store:
        """Create a new file (refusing to overwrite one) holding ``portfolio``."""
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            raise StoreError(f"{path} already exists")
        store = cls.open(path, create=True)
        if portfolio is not None:
            store.write(Portfolio(), portfolio)
        return store

    def load(self) -> Portfolio:
        """The whole portfolio as stored now."""
        return repository.load(self.db)

    def write(self, old: Portfolio, new: Portfolio) -> None:
        """Commit the difference ``old`` -> ``new`` as one transaction.

        An edit also marks the stored schedule stale, in the same transaction (it no
        longer matches the plan), until ``write_schedule`` brings it up to date.

        Raises:
            DiskFull: the disk filled up; the transaction was rolled back.
            StoreError: the file was opened read-only.
        """
        self._check_writable()
        try:
            with self.db.atomic():
                if repository.save(self.db, old, new):
                    repository.set_schedule_stamp(self.db, None)
        except sqlite3.Error as exc:
            raise translate_write_error(exc) from exc

    def write_schedule(self, old: Schedule | None, new: Schedule) -> None:
        """Store ``new`` as the plan's whole computed schedule, in one transaction.

        ``old`` is the schedule the file holds (only rows that differ are written), or
        None when that is unknown (every row is rewritten).
        """
        self._check_writable()
        try:
            with self.db.atomic():
                repository.save_schedule(self.db, old, new)
                repository.set_schedule_stamp(self.db, engine_stamp())
        except sqlite3.Error as exc:
            raise translate_write_error(exc) from exc

    def load_schedule(self, portfolio: Portfolio) -> Schedule | None:
        """The stored schedule, when it is complete and computed by this very engine."""
        records = repository.load_schedule(self.db, engine_stamp())
        if records is None or records.keys() != portfolio.tasks.keys():
            return None
        return stored_schedule(portfolio, records)

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only; changes cannot be saved")

    def save_as(self, target: Path | str) -> None:
        """A consistent copy of the file at ``target`` through SQLite's backup API."""
        copy_database(self.db, Path(target))

    def close(self) -> None:
        """Close the connection and let go of the lock."""
        self.db.conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
