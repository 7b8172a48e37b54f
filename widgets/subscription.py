"""Following a Document's change notices: one listener per view, refreshed when seen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from app.document import Change, Document


class Subscription:
    """Move a view's listener from one open file to the next without leaking either."""

    def __init__(self, listener: Callable[[Change], None]) -> None:
        self._listener = listener
        self._stop: Callable[[], None] | None = None

    def follow(self, document: Document | None) -> None:
        """Listen to ``document`` (None: to nothing) instead of the one before."""
        self.stop()
        if document is not None:
            self._stop = document.subscribe(self._listener)

    def stop(self) -> None:
        """Stop listening."""
        if self._stop is not None:
            self._stop()
            self._stop = None


class RefreshWhenShown:
    """Runs a view's refresh at once while it is visible, else the next time it is shown.

    A hidden tab that recomputed after every edit would do the work for nobody; one that
    skipped it would show stale figures when the user switches to it.
    """

    def __init__(self, view: QWidget, recompute: Callable[[], None]) -> None:
        self._view = view
        self._recompute = recompute
        self.stale = True

    def request(self) -> None:
        """The view's data changed: recompute now, or when the view is shown."""
        self.stale = True
        if self._view.isVisible():
            self.stale = False
            self._recompute()

    def shown(self) -> None:
        """Call from the view's ``showEvent``: catch up with changes made while hidden."""
        if self.stale:
            self.request()
