"""PySide6 6.12.0 on Python 3.11 loses a reference to None per void call; we must not crash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from widgets.qt_compat import void_calls_leak_none

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
import widgets
from PySide6.QtCore import QObject
probe = QObject()
for _ in range(200_000):
    probe.setObjectName("x")
print("alive")
"""


def test_many_void_qt_calls_do_not_abort_the_interpreter() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "alive"


def test_in_this_process_none_is_padded_or_not_leaking() -> None:
    assert sys.getrefcount(None) > 1 << 30 or not void_calls_leak_none()
