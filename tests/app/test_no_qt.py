"""Gate: importing every module of app/ loads no Qt (the core is pure Python)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import app

ROOT = Path(__file__).parents[2]


def test_app_imports_no_qt() -> None:
    modules = [m.name for m in pkgutil.walk_packages(app.__path__, "app.")]
    assert "app.schedule.cpm" in modules and "app.store.connection" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt6')"
        " or m.startswith('matplotlib.backends.backend_qt') or m.split('.')[0] == 'widgets']\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
