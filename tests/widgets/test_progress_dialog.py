"""The progress dialog every long import and export shares: shown late, cancellable."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.io.progress import Cancelled, Ticker
from widgets.io import progress_dialog
from widgets.io.progress_dialog import JobProgress, run_with_progress


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def slow_job(units: int, seconds_each: float, seen: list[int]) -> Callable[[JobProgress], str]:
    """A job as the core writes them: a Ticker over ``units`` items."""

    def job(progress: JobProgress) -> str:
        ticker = Ticker(progress, units, "Reading tasks", interval=0.01, stride=1)
        for done in range(units):
            time.sleep(seconds_each)
            seen.append(done)
            ticker.tick()
        ticker.finish()
        return "done"

    return job


def visible_progress(parent: QWidget) -> JobProgress | None:
    shown = [dialog for dialog in parent.findChildren(JobProgress) if dialog.isVisible()]
    return shown[0] if shown else None


def click_cancel_when_shown(qtbot: QtBot, parent: QWidget, clicked: list[str]) -> None:
    """Click the dialog's Cancel button as soon as it appears (polled by a timer)."""

    def poll() -> None:
        dialog = visible_progress(parent)
        if dialog is None:
            QTimer.singleShot(5, poll)
            return
        button = dialog.findChild(QPushButton)
        assert button is not None and button.text() == "Cancel"
        clicked.append(dialog.labelText())
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, poll)


def test_quick_work_never_shows_the_dialog(parent: QWidget) -> None:
    shown: list[bool] = []

    def job(progress: JobProgress) -> int:
        for done in range(10):
            progress(done, 10, "Writing")
            shown.append(progress.isVisible())
        return 42

    assert run_with_progress(parent, "Exporting x.xml", job) == 42
    assert shown == [False] * 10
    assert QApplication.overrideCursor() is None


def test_slow_work_shows_the_dialog_with_its_stage_and_value(
    parent: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress_dialog, "SHOW_AFTER_MS", 50)
    states: list[tuple[bool, str, int, int]] = []

    def job(progress: JobProgress) -> None:
        for done in range(0, 101, 10):
            time.sleep(0.02)
            progress(done, 100, "Writing tasks")
            states.append(
                (progress.isVisible(), progress.labelText(), progress.value(), progress.maximum())
            )

    run_with_progress(parent, "Exporting x.xlsx", job)
    assert not states[0][0]  # not at once: short work must not flash a dialog
    assert states[-1] == (True, "Exporting x.xlsx\nWriting tasks", 1000, 1000)
    assert visible_progress(parent) is None


def test_unknown_total_shows_a_busy_bar(parent: QWidget, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_dialog, "SHOW_AFTER_MS", 0)
    ranges: list[tuple[int, int]] = []
    run_with_progress(
        parent,
        "Importing",
        lambda p: (p(5, 0, "Parsing XML"), ranges.append((p.minimum(), p.maximum()))),
    )
    assert ranges == [(0, 0)]


def test_cancel_button_stops_the_job_from_its_progress_callback(
    qtbot: QtBot, parent: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress_dialog, "SHOW_AFTER_MS", 0)
    seen: list[int] = []
    clicked: list[str] = []
    click_cancel_when_shown(qtbot, parent, clicked)
    with pytest.raises(Cancelled):
        run_with_progress(parent, "Importing big.xml", slow_job(2000, 0.001, seen))
    assert clicked == ["Importing big.xml\nReading tasks"]
    assert len(seen) < 2000  # stopped early, not at the end
    assert visible_progress(parent) is None
    assert QApplication.overrideCursor() is None


def test_no_cancel_after_the_point_of_no_return(
    parent: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress_dialog, "SHOW_AFTER_MS", 0)
    enabled: list[bool] = []

    def job(progress: JobProgress) -> None:
        progress(1, 2, "Reading")
        progress.point_of_no_return("Adding to the plan")
        button = progress.findChild(QPushButton)
        assert button is not None
        enabled.append(button.isEnabled())

    run_with_progress(parent, "Importing", job)
    assert enabled == [False]


def test_a_failing_job_raises_its_own_error_and_leaves_no_dialog(parent: QWidget) -> None:
    def job(progress: JobProgress) -> None:
        progress(1, 2, "Writing")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        run_with_progress(parent, "Exporting", job)
    assert visible_progress(parent) is None
    assert QApplication.overrideCursor() is None
