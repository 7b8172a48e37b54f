"""Fixtures for window tests: a real ``.plansmith`` file and settings kept in ``tmp_path``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from app.document import Document
from app.store import Store
from tests.widgets.driver import write_plan
from widgets import schedule_upkeep
from widgets.gantt import chart_view


@pytest.fixture(autouse=True)
def settings_in_tmp(tmp_path: Path) -> Iterator[Path]:
    """Point every QSettings of the window at a fresh folder, never the user's own."""
    folder = tmp_path / "settings"
    folder.mkdir()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture(autouse=True)
def edits_land_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let every edit wait for its reschedule, however slow the machine running the tests.

    The window lets an edit whose reschedule takes longer than a few milliseconds land
    later (``schedule_upkeep.EDIT_WAIT_S``); tests that check the file right after a
    gesture would otherwise depend on the machine's speed. That path has its own tests
    (test_background_reschedule.py), which hold the worker until they let it go.
    """
    monkeypatch.setattr(schedule_upkeep, "EDIT_WAIT_S", 60.0)


@pytest.fixture(autouse=True)
def charts_paint_every_link(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let every chart paint route all its links, however slow the machine: tests grab
    charts and look for links. Painting within a routing budget has its own tests."""
    monkeypatch.setattr(chart_view, "ROUTING_BUDGET_S", None)


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    """A real file on disk holding ``driver.build_plan()``, closed so a window can open it."""
    return write_plan(tmp_path / "website.plansmith")


@pytest.fixture
def document(plan_file: Path) -> Iterator[Document]:
    """The plan file open for editing."""
    doc = Document(Store.open(plan_file))
    yield doc
    doc.close()
