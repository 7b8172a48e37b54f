"""Opening a ``.plansmith`` file safely: identity, version, integrity, then pragmas.

Choices (see RELIABILITY.md): the rollback journal (``journal_mode=DELETE``) keeps the
document one self-contained file after every commit, and avoids the WAL-reset bug of the
SQLite 3.40 that Python links here; ``synchronous=FULL`` makes each commit durable across
power loss; foreign keys are enforced on every connection; a busy timeout covers the
rare second reader.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import sqlite_utils

from app.store.errors import DamagedFile, DiskFull, NewerVersion, NotAPlansmithFile
from app.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def _read_header(path: Path) -> tuple[int, int]:
    """(application_id, user_version) read read-only, so a refused file is never written."""
    with open(path, "rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise NotAPlansmithFile(f"{path} is not a Plansmith file (not an SQLite database)")
    user_version = int.from_bytes(header[60:64], "big")
    application_id = int.from_bytes(header[68:72], "big")
    return application_id, user_version


def _check(path: Path, read_only: bool) -> int:
    """Check identity, version and integrity; returns the schema version.

    Identity and version come from the header bytes, so a refused file is never
    written. The integrity check opens the file read-write unless asked not to:
    after a crash SQLite must roll the hot journal back, which is a write.
    """
    application_id, version = _read_header(path)
    if application_id != APPLICATION_ID:
        raise NotAPlansmithFile(
            f"{path} is an SQLite database of another application, not a Plansmith file"
        )
    if version > SCHEMA_VERSION:
        raise NewerVersion(
            f"{path} was written by a newer Plansmith (schema {version}); "
            f"this version understands up to schema {SCHEMA_VERSION}. Update Plansmith."
        )
    journal = path.with_name(path.name + "-journal")
    if read_only and journal.exists() and journal.stat().st_size > 0:
        raise DamagedFile(
            f"{path} was not closed cleanly; open it for editing once so Plansmith can "
            "roll back the unfinished change"
        )
    uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rw'}"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DamagedFile(f"{path} is damaged and cannot be opened: {exc}") from exc
    if result != "ok":
        raise DamagedFile(f"{path} is damaged and cannot be opened: {result}")
    return version


def _configure(conn: sqlite3.Connection, read_only: bool) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not read_only:
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = FULL")


def _migrate(db: sqlite_utils.Database, path: Path, version: int) -> None:
    """Bring an older file up to date in one transaction, after a backup copy."""
    if version == SCHEMA_VERSION:
        return
    if version > 0:
        backup = path.with_name(f"{path.name}.schema{version}.bak")
        target = sqlite3.connect(backup)
        with target:
            db.conn.backup(target)
        target.close()
    with db.atomic():
        for migration in MIGRATIONS[version:]:
            migration(db)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def open_database(
    path: Path, *, create: bool = False, read_only: bool = False
) -> sqlite_utils.Database:
    """Open (or create) a store file, refusing anything that is not a sound Plansmith file.

    Raises:
        NotAPlansmithFile, DamagedFile, NewerVersion: with a message naming the file.
        FileNotFoundError: when the file is missing and ``create`` is False.
    """
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise FileNotFoundError(f"{path}: no such file")
    version = _check(path, read_only) if exists else 0
    if read_only:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    else:
        conn = sqlite3.connect(path)
    conn.isolation_level = None  # transactions are explicit, through db.atomic()
    _configure(conn, read_only)
    db = sqlite_utils.Database(conn)
    if not read_only:
        _migrate(db, path, version)
    return db


def copy_database(db: sqlite_utils.Database, target: Path) -> None:
    """Write a consistent copy through SQLite's backup API (Save As; never a file copy)."""
    target = Path(target)
    temp = target.with_name(target.name + ".part")
    temp.unlink(missing_ok=True)
    dest = sqlite3.connect(temp)
    try:
        db.conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    shutil.move(temp, target)


def is_disk_full(exc: BaseException) -> bool:
    """True when SQLite reported a full disk or an I/O failure while writing."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("full" in text or "disk i/o" in text)


def translate_write_error(exc: sqlite3.Error) -> Exception:
    """A user-facing error for a failed write; the transaction was already rolled back."""
    if is_disk_full(exc):
        return DiskFull("the disk is full: your last change was not saved; free some space")
    return exc
