"""Fixtures for window tests: a real ``.plansmith`` file and settings kept in ``tmp_path``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from app.document import Document
from app.store import Store
from tests.widgets.driver import write_plan


@pytest.fixture(autouse=True)
def settings_in_tmp(tmp_path: Path) -> Iterator[Path]:
    """Point every QSettings of the window at a fresh folder, never the user's own."""
    folder = tmp_path / "settings"
    folder.mkdir()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


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
