"""MPXJ, the Java library the issues quote for scale, timed on the files we time ourselves.

The issues give MPXJ's times on this kind of machine (reading a 10k-task MSPDI file,
scheduling one with its MS Project-style scheduler). This host's speed drifts by half
from one minute to the next, so the benchmarks time MPXJ on the same file in the same
run and report Plansmith's figure as a ratio of MPXJ's as well: a ratio the drift
leaves alone. Everything here is skipped when Java or the mpxj package is missing.

The JVM can start only once per process, so one ``MPXJ`` serves every benchmark module.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

#: The child process for the whole-process figure: start the JVM, read, exit.
_READ_CHILD = """
import sys, jpype, mpxj
jpype.startJVM("-Xmx2g", "-Djava.awt.headless=true", convertStrings=False)
from org.mpxj.reader import UniversalProjectReader
project = UniversalProjectReader().read(sys.argv[1])
print(project.getTasks().size())
"""


def mpxj_ready() -> bool:
    """True when MPXJ can run here: the Python packages and a Java runtime."""
    packages = all(importlib.util.find_spec(m) for m in ("mpxj", "jpype"))
    return packages and bool(shutil.which("java") or os.environ.get("JAVA_HOME"))


class MPXJ:
    """MPXJ in this process; the JVM starts on first use (``start_seconds`` says how long)."""

    def __init__(self) -> None:
        self.start_seconds: float | None = None

    @property
    def started(self) -> bool:
        """True once the JVM runs in this process."""
        return self.start_seconds is not None

    def start(self) -> float:
        """Start the JVM (once); seconds it took."""
        if self.start_seconds is None:
            import jpype
            import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)

            began = time.perf_counter()
            jpype.startJVM("-Xmx2g", "-Djava.awt.headless=true", convertStrings=False)
            self.start_seconds = time.perf_counter() - began
        return self.start_seconds

    def _read(self, path: Path) -> tuple[float, Any]:
        self.start()
        from org.mpxj.reader import UniversalProjectReader  # type: ignore[import-not-found]

        began = time.perf_counter()
        project = UniversalProjectReader().read(str(path))
        seconds = time.perf_counter() - began
        if project is None:
            raise RuntimeError(f"MPXJ could not read {path}")
        return seconds, project

    def read(self, path: Path) -> float:
        """Seconds MPXJ's UniversalProjectReader takes to read ``path``."""
        return self._read(path)[0]

    def schedule(self, path: Path, runs: int = 3) -> float:
        """Best seconds of MPXJ's MicrosoftScheduler over ``runs`` fresh reads of ``path``.

        The best run is the one the JIT compiler has warmed up most: the figure most
        favourable to MPXJ, so a ratio against it errs on our side.
        """
        self.start()
        from org.mpxj.cpm import MicrosoftScheduler  # type: ignore[import-not-found]

        best = float("inf")
        for _ in range(runs):
            _, project = self._read(path)
            start = project.getProjectProperties().getStartDate()
            began = time.perf_counter()
            MicrosoftScheduler().schedule(project, start)
            best = min(best, time.perf_counter() - began)
        return best


def whole_process_read(path: Path) -> float:
    """Wall seconds of a fresh Python + JVM reading ``path`` with MPXJ, start to exit."""
    command = [sys.executable, "-c", _READ_CHILD, str(path)]
    began = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    return time.perf_counter() - began


_SHARED: MPXJ | None = None


def shared_mpxj() -> MPXJ | None:
    """The process's MPXJ, or None when it cannot run here."""
    global _SHARED
    if _SHARED is None and mpxj_ready():
        _SHARED = MPXJ()
    return _SHARED
