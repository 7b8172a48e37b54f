"""One listener following at most one Document's change notices at a time."""

from __future__ import annotations

from collections.abc import Callable

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
