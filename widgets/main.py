"""Starting the window: which file to open, and what to do when it cannot be opened.

``plansmith FILE`` opens that file; ``plansmith`` alone reopens the last file, else the
demo portfolio. A file that cannot be opened is reported and nothing is opened in its
place: never an empty plan that the user might mistake for theirs.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from widgets.main_window import MainWindow
from widgets.opening import open_document
from widgets.settings import APPLICATION, ORGANIZATION, last_file


def application() -> QApplication:
    """The running QApplication, created with Plansmith's names (they key QSettings)."""
    existing = QApplication.instance()
    qt_app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    qt_app.setOrganizationName(ORGANIZATION)
    qt_app.setApplicationName(APPLICATION)
    return qt_app


def demo_file() -> Path | None:
    """The user's copy of the demo portfolio, when this build has one."""
    try:
        demo = importlib.import_module("app.demo")
    except ImportError:
        return None
    ensure = getattr(demo, "ensure_demo_file", None)
    if ensure is None:
        return None
    try:
        return Path(ensure())
    except OSError:
        return None


def startup_file() -> Path | None:
    """What ``plansmith`` without a file opens: the last file, else the demo."""
    return last_file() or demo_file()


def build_window(path: Path | None, read_only: bool = False) -> MainWindow | None:
    """The main window on ``path`` (or on the startup file), or None if it was refused.

    A named file that cannot be opened ends the start (None): the user was told why.
    Without a name, a window with no file open is still offered, from where File > Open
    and File > New work.
    """
    named = path is not None
    target = path if named else startup_file()
    document = open_document(target, read_only, None) if target is not None else None
    if document is None and named:
        return None
    window = MainWindow()
    if document is not None:
        window.set_document(document)
    return window


def report_unexpected(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """Show an error that escaped a Qt slot, which PySide6 would only print.

    Every edit is its own transaction, so what was done before is in the file.
    """
    traceback.print_exception(kind, error, trace)
    QMessageBox.critical(
        None,
        "Plansmith",
        f"Something went wrong: {error}\n\n"
        "Every change completed before this one is saved in the file.",
    )


def run_window(path: Path | None, read_only: bool = False) -> int:
    """Show the window and run until it is closed; returns the process exit code."""
    qt_app = application()
    window = build_window(path, read_only)
    if window is None:
        return 1
    window.show()
    previous, sys.excepthook = sys.excepthook, report_unexpected
    try:
        return qt_app.exec()
    finally:
        sys.excepthook = previous
