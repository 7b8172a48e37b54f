"""The store: identity, versions, migrations, pragmas, locking, Save As, disk full."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from app.model import Portfolio
from app.store import (
    DamagedFile,
    DiskFull,
    FileLocked,
    NewerVersion,
    NotAPlansmithFile,
    Store,
    schema,
)
from app.store import connection as store_connection
from tests.builders import small_portfolio


def _digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.plansmith"
    Store.create(path, small_portfolio()).close()
    return path


def test_round_trip_keeps_every_field(plan: Path) -> None:
    with Store.open(plan) as store:
        assert store.load() == small_portfolio()


def test_connection_pragmas_are_the_safe_ones(plan: Path) -> None:
    with Store.open(plan) as store:
        pragma = lambda name: store.db.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert pragma("synchronous") == 2
        assert pragma("journal_mode") == "delete"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000
        assert pragma("application_id") == schema.APPLICATION_ID
        assert pragma("user_version") == schema.SCHEMA_VERSION


def test_foreign_keys_refuse_a_link_to_a_missing_task(plan: Path) -> None:
    with Store.open(plan) as store, pytest.raises(sqlite3.IntegrityError), store.db.atomic():
        store.db.execute("INSERT INTO links (id, predecessor_id, successor_id) VALUES (1, 1, 999)")


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, not a database" * 10, os.urandom(4096)],
    ids=["empty", "text", "random"],
)
def test_non_plansmith_files_are_refused_and_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.plansmith"
    path.write_bytes(content)
    before = _digest(path)
    if not content:
        with pytest.raises(FileNotFoundError):
            Store.open(path)
    else:
        with pytest.raises(NotAPlansmithFile, match="not a Plansmith file"):
            Store.open(path)
    assert _digest(path) == before


def test_another_apps_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(NotAPlansmithFile, match="another application"):
        Store.open(path)
    assert _digest(path) == before


def test_damaged_file_is_refused_not_opened_empty(plan: Path) -> None:
    data = bytearray(plan.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for offset in range(page_size + 8, min(len(data), 3 * page_size), 7):
        data[offset] ^= 0xFF
    plan.write_bytes(bytes(data))
    with pytest.raises((DamagedFile, NotAPlansmithFile)):
        store = Store.open(plan)
        store.load()


def test_truncated_file_is_refused(plan: Path) -> None:
    data = plan.read_bytes()
    plan.write_bytes(data[: len(data) // 2])
    with pytest.raises((DamagedFile, NotAPlansmithFile)):
        Store.open(plan).load()


def test_newer_schema_is_refused_without_any_write(plan: Path) -> None:
    conn = sqlite3.connect(plan)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = _digest(plan)
    with pytest.raises(NewerVersion, match=rf"schema {schema.SCHEMA_VERSION + 1}"):
        Store.open(plan)
    assert _digest(plan) == before
    assert not plan.with_name(plan.name + "-journal").exists()


def _add_column(db: object) -> None:
    db.execute("ALTER TABLE tasks ADD COLUMN colour TEXT")  # type: ignore[attr-defined]


def _broken(db: object) -> None:
    db.execute("ALTER TABLE tasks ADD COLUMN colour TEXT")  # type: ignore[attr-defined]
    raise RuntimeError("migration failed half way")


def _with_migration(monkeypatch: pytest.MonkeyPatch, migration: object) -> int:
    migrations = (*schema.MIGRATIONS, migration)
    monkeypatch.setattr(store_connection, "MIGRATIONS", migrations)
    monkeypatch.setattr(store_connection, "SCHEMA_VERSION", len(migrations))
    return len(migrations)


def test_older_file_is_migrated_in_one_transaction_after_a_backup(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = _with_migration(monkeypatch, _add_column)
    with Store.open(plan) as store:
        columns = {c.name for c in store.db["tasks"].columns}  # type: ignore[union-attr]
        assert "colour" in columns
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == version
    backup = plan.with_name(f"{plan.name}.schema{version - 1}.bak")
    assert backup.exists()
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version - 1
    conn.close()


def test_failed_migration_leaves_the_old_version_intact(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_migration(monkeypatch, _broken)
    with pytest.raises(RuntimeError):
        Store.open(plan)
    conn = sqlite3.connect(plan)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    columns = [r[1] for r in conn.execute("PRAGMA table_info(tasks)")]
    conn.close()
    assert "colour" not in columns
    monkeypatch.undo()
    with Store.open(plan) as store:  # and the lock was released
        assert len(store.load().tasks) == 3


def test_second_writer_is_told_the_file_is_open(plan: Path) -> None:
    first = Store.open(plan)
    try:
        with pytest.raises(FileLocked, match=r"open in another Plansmith window \(pid"):
            Store.open(plan)
        with Store.open(plan, read_only=True) as reader:
            assert len(reader.load().tasks) == 3
    finally:
        first.close()
    Store.open(plan).close()


def test_read_only_store_refuses_writes(plan: Path) -> None:
    with Store.open(plan, read_only=True) as store:
        portfolio = store.load()
        with pytest.raises(Exception, match="read-only"):
            store.write(portfolio, Portfolio())


def test_save_as_writes_a_consistent_copy(plan: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.plansmith"
    with Store.open(plan) as store:
        store.save_as(copy)
        expected = store.load()
    with Store.open(copy) as store:
        assert store.load() == expected
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_disk_full_keeps_the_last_committed_state(plan: Path) -> None:
    with Store.open(plan) as store:
        before = store.load()
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages + 1}")
        big = dict(before.tasks)
        template = before.tasks[1]
        for i in range(100, 3000):
            big[i] = replace(template, id=i, name="x" * 200, uid=i, position=i)
        with pytest.raises(DiskFull, match="not saved"):
            store.write(before, replace(before, tasks=big))
        assert store.load() == before
        store.db.execute("PRAGMA max_page_count = 1073741823")
        renamed = replace(before, tasks={**before.tasks, 1: replace(template, name="Renamed")})
        store.write(before, renamed)
        assert store.load().tasks[1].name == "Renamed"
