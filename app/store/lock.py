"""One app instance per file: an OS lock on ``<file>.lock`` that dies with its process.

An advisory ``flock`` is released by the kernel when the holder exits or is killed, so a
crash never leaves a stale lock behind; the pid written inside only tells the user who
holds it.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import IO

from app.store.errors import FileLocked

try:  # POSIX
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True


def lock_path(path: Path) -> Path:
    """Where the lock for ``path`` lives: beside it, so it travels with the folder."""
    return path.with_name(path.name + ".lock")


class FileLock:
    """Hold the lock for one store file while it is open for writing."""

    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock or raise FileLocked naming the holder."""
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open on purpose
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip() or "unknown process"
            handle.close()
            raise FileLocked(str(self.path.with_suffix("")), holder)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} on {socket.gethostname()}")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        """Let go of the lock.

        The lock file stays: unlinking it while another process waits on the old inode
        would let two processes each believe they hold the lock.
        """
        if self._handle is None:
            return
        self._handle.seek(0)
        self._handle.truncate()
        self._handle.close()
        self._handle = None
