"""The commands package imports each command's module on first use, and exports them all."""

from __future__ import annotations

import subprocess
import sys

import app.commands as commands


def test_every_command_name_has_a_home_and_is_exported() -> None:
    assert set(commands.__all__) == set(commands._HOMES)
    for name in commands.__all__:
        assert getattr(commands, name).__name__ == name


def test_opening_a_document_loads_no_command_module_it_does_not_use() -> None:
    code = (
        "import sys; import app.document; from app.commands import EditTask; "
        "print(sorted(m for m in sys.modules if m.startswith('app.commands.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "app.commands.budget" not in loaded and "app.commands.levelling" not in loaded
    assert "app.commands.tasks" in loaded
