"""Starting the window: locked files, files that are not plans, the last file and the demo."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.store import Store
from tests.widgets.driver import answer_next_dialog, press_button, write_plan
from widgets import main as window_main
from widgets.main import build_window, report_unexpected, run_window, startup_file
from widgets.main_window import MainWindow
from widgets.settings import recent_files


@pytest.fixture
def holder(plan_file: Path) -> Store:
    """Another Plansmith instance with the file open for editing."""
    store = Store.open(plan_file)
    yield store
    store.close()


def test_a_file_open_elsewhere_is_offered_read_only(
    qtbot: QtBot, plan_file: Path, holder: Store
) -> None:
    texts = answer_next_dialog(press_button("Open Read-Only"))
    window = build_window(plan_file)
    assert window is not None
    qtbot.addWidget(window)
    assert "open in another Plansmith window" in texts[0]
    assert window.document is not None and window.document.read_only
    assert window.windowTitle() == "website.plansmith (read-only) — Plansmith"
    assert not window.actions["insert_task"].isEnabled()


def test_cancelling_the_locked_message_opens_nothing(
    qtbot: QtBot, plan_file: Path, holder: Store
) -> None:
    texts = answer_next_dialog(press_button("Cancel"))
    assert build_window(plan_file) is None
    assert "open in another Plansmith window" in texts[0]


def test_a_second_window_on_the_same_file_gets_the_locked_message(
    qtbot: QtBot, plan_file: Path
) -> None:
    first = build_window(plan_file)
    assert first is not None
    qtbot.addWidget(first)
    texts = answer_next_dialog(press_button("Cancel"))
    assert build_window(plan_file) is None
    assert "open in another Plansmith window" in texts[0]
    assert first.document is not None and not first.document.read_only


@pytest.mark.parametrize("kind", ["text", "other sqlite"])
def test_a_file_that_is_not_a_plan_is_refused_with_a_message(
    qtbot: QtBot, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "notes.plansmith"
    if kind == "text":
        path.write_text("shopping list: milk, eggs\n" * 10)
    else:
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE songs (title TEXT)")
    before = path.read_bytes()
    texts = answer_next_dialog(press_button("OK"))
    assert build_window(path) is None
    assert "not a Plansmith file" in texts[0]
    assert path.read_bytes() == before  # refused without being written to


def test_a_missing_file_is_reported(qtbot: QtBot, tmp_path: Path) -> None:
    texts = answer_next_dialog(press_button("OK"))
    assert build_window(tmp_path / "gone.plansmith") is None
    assert "no such file" in texts[0]
    assert not (tmp_path / "gone.plansmith").exists()


def test_without_a_file_the_last_one_opened_is_opened(
    qtbot: QtBot, tmp_path: Path, plan_file: Path
) -> None:
    other = write_plan(tmp_path / "other.plansmith")
    for path in (other, plan_file):
        window = build_window(path)
        assert window is not None
        window.close()
    assert recent_files() == [plan_file.resolve(), other.resolve()]
    assert startup_file() == plan_file.resolve()
    window = build_window(None)
    assert window is not None
    qtbot.addWidget(window)
    assert window.document is not None
    assert window.document.store.path == plan_file.resolve()


def test_without_any_file_the_demo_is_opened(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    window = build_window(None)
    assert window is not None
    qtbot.addWidget(window)
    assert window.windowTitle() == "demo.plansmith — Plansmith"
    assert window.document is not None and len(window.document.portfolio.projects) == 3


def test_without_a_file_or_a_demo_an_empty_window_is_offered(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(window_main, "demo_file", lambda: None)
    window = build_window(None)
    assert window is not None
    qtbot.addWidget(window)
    assert window.document is None
    assert window.windowTitle() == "Plansmith"
    assert window.actions["open"].isEnabled() and window.actions["new"].isEnabled()
    assert not window.actions["insert_task"].isEnabled()


def close_windows_soon() -> None:
    def close() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if not any(w.isVisible() for w in windows):
            QTimer.singleShot(10, close)
            return
        for window in windows:
            window.close()

    QTimer.singleShot(0, close)


def test_run_window_shows_the_window_until_it_is_closed(qtbot: QtBot, plan_file: Path) -> None:
    close_windows_soon()
    assert run_window(plan_file) == 0
    assert Store.open(plan_file).close() is None  # the lock was let go


def test_run_window_fails_when_the_named_file_cannot_be_opened(
    qtbot: QtBot, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.plansmith"
    bad.write_bytes(b"\x00" * 200)
    answer_next_dialog(press_button("OK"))
    assert run_window(bad) == 1


def test_an_unexpected_error_is_shown_not_only_printed(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = answer_next_dialog(press_button("OK"))
    try:
        raise KeyError("task 99")
    except KeyError as exc:
        report_unexpected(type(exc), exc, exc.__traceback__)
    assert "Something went wrong: 'task 99'" in texts[0]
    assert "KeyError" in capsys.readouterr().err
