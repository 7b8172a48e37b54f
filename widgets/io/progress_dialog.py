"""One modal progress dialog with Cancel for every long import and export.

The work runs on the GUI thread (SQLite connections and Qt widgets both belong to it);
the dialog keeps the window alive by processing events each time the job reports
progress, which ``app.io.progress.Ticker`` already limits to a few times a second.
Cancel is not a signal the job must poll: the next progress call raises ``Cancelled``,
which unwinds the reader before anything is stored, or the writer before its atomic
rename, so a cancelled job changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QElapsedTimer, Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from app.io.progress import Cancelled

T = TypeVar("T")

#: Work shorter than this finishes without the dialog ever appearing (milliseconds).
#: Module-level so tests can show it at once.
SHOW_AFTER_MS = 500
#: Wide enough for "Importing <a long file name>" without the dialog jumping in size.
MIN_WIDTH = 420
#: The bar's resolution: totals are scaled to this, as QProgressBar holds an int range.
STEPS = 1000


class JobProgress(QProgressDialog):
    """The dialog, callable as ``app.io.progress.Progress`` by a reader or writer."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setObjectName("jobProgress")
        self.setWindowTitle(title)
        self._title = title
        self.setLabelText(title)
        self.setMinimumWidth(MIN_WIDTH)
        self.setCancelButtonText("Cancel")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        # Showing is ours to decide (below): Qt's own estimate restarts whenever the value
        # equals the minimum, which is always so while the total is unknown.
        self.setMinimumDuration(2**31 - 1)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setRange(0, STEPS)
        self._clock = QElapsedTimer()
        self._clock.start()

    def __call__(self, done: int, total: int, stage: str) -> None:
        """``Progress``: show how far the job is; raise ``Cancelled`` once Cancel was pressed."""
        self._check()
        self.setLabelText(f"{self._title}\n{stage}" if stage else self._title)
        if total > 0:
            self.setRange(0, STEPS)
            self.setValue(min(STEPS, done * STEPS // total))
        else:
            self.setRange(0, 0)  # a busy bar: how much is left is not known yet
        self._show_when_slow()
        self._check()

    def point_of_no_return(self, stage: str) -> None:
        """Last chance to cancel; after this the job finishes (e.g. one committed edit).

        Cancel is greyed out so that a click during the final step does not suggest the
        step was undone.
        """
        self(0, 0, stage)
        button = self.findChild(QPushButton)
        if button is not None:
            button.setEnabled(False)
        QApplication.changeOverrideCursor(Qt.CursorShape.WaitCursor)
        if self.isVisible():
            QCoreApplication.processEvents()

    def _show_when_slow(self) -> None:
        if not self.isVisible() and self._clock.elapsed() >= SHOW_AFTER_MS:
            self.show()
            if self._cancellable():
                # The wait cursor would say Cancel cannot be clicked; it can.
                QApplication.changeOverrideCursor(Qt.CursorShape.ArrowCursor)
        if self.isVisible():
            QCoreApplication.processEvents()  # paint, and take the Cancel click

    def _cancellable(self) -> bool:
        button = self.findChild(QPushButton)
        return button is not None and button.isEnabled()

    def _check(self) -> None:
        if self.wasCanceled():
            raise Cancelled()


def run_with_progress(parent: QWidget | None, title: str, job: Callable[[JobProgress], T]) -> T:
    """Run ``job(progress)`` with a progress dialog that appears if it takes a while.

    Raises:
        Cancelled: the user pressed Cancel (the job was stopped by its progress callback).
        Any exception of the job itself, after the dialog is gone.
    """
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # until the dialog shows
    dialog = JobProgress(parent, title)
    try:
        return job(dialog)
    finally:
        QApplication.restoreOverrideCursor()
        dialog.hide()
        dialog.deleteLater()
