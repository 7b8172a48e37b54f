"""Recent files: newest first, no duplicates, no vanished files, at most a few."""

from __future__ import annotations

from pathlib import Path

from widgets.settings import MAX_RECENT, last_file, recent_files, remember_file


def test_recent_files_newest_first_without_duplicates(tmp_path: Path) -> None:
    files = [tmp_path / f"plan{i}.plansmith" for i in range(MAX_RECENT + 2)]
    for path in files:
        path.write_bytes(b"x")
        remember_file(path)
    remember_file(files[3])
    recent = recent_files()
    assert recent[0] == files[3].resolve()
    assert len(recent) == MAX_RECENT
    assert len(set(recent)) == MAX_RECENT
    assert files[0].resolve() not in recent


def test_files_that_vanished_are_skipped(tmp_path: Path) -> None:
    assert last_file() is None
    gone = tmp_path / "gone.plansmith"
    gone.write_bytes(b"x")
    remember_file(gone)
    gone.unlink()
    assert recent_files() == []
    assert last_file() is None
